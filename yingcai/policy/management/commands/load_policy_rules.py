from django.core.management.base import BaseCommand

from yingcai.policy.domain import load_policy_rules


class Command(BaseCommand):
    help = "Create the first version of every policy rule in data/policy/rules.csv (idempotent)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"policy rules created: {load_policy_rules()}")
