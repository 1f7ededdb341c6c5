from django.core.management.base import BaseCommand

from yingcai.registry.domain.reference import load_reference_data


class Command(BaseCommand):
    help = "Load or refresh the reference data (counties, 7群12链, platform types, key tech fields)."

    def handle(self, *args, **options) -> None:
        counts = load_reference_data()
        self.stdout.write(", ".join(f"{k}={v}" for k, v in counts.items()))
