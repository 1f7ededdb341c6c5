import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yingcai.audit.archives import ArchiveError, verify_archive


class Command(BaseCommand):
    help = (
        "Check a monthly audit archive against its signature, its own hash chain and the chain in "
        "the database; exit non-zero and say why when it does not hold."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("signature", help="the archive's audit-YYYY-MM.sig.json (its files lie beside it)")

    def handle(self, *args, signature: str, **options) -> None:
        path = Path(signature)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            names = list(json.loads(path.read_bytes()).get("files", {}))
        except (ValueError, AttributeError):
            names = []
        files = {n: (path.parent / n).read_bytes() for n in names if "/" not in n and (path.parent / n).is_file()}
        try:
            problems = verify_archive(actor=None, signature=path.read_bytes(), files=files)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(f"{path.name}: signature, files and hash chain hold")
