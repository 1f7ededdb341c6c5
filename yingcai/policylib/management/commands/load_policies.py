from django.core.management.base import BaseCommand

from yingcai.policylib.domain import load_policies


class Command(BaseCommand):
    help = "Load the city's policy documents from data/policy/ into the policy library (idempotent)."

    def handle(self, *args, **options) -> None:
        counts = load_policies()
        self.stdout.write(f"policies: created={counts['created']}, existing={counts['existing']}")
