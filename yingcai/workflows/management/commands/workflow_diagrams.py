from django.core.management.base import BaseCommand

from yingcai.workflows.diagrams import markdown


class Command(BaseCommand):
    help = "Print every workflow as a Mermaid stateDiagram-v2 (Markdown, as in the README)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(markdown(), ending="")
