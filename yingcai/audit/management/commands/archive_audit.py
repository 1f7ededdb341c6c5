from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from yingcai.audit.archives import ArchiveError, archive_month


class Command(BaseCommand):
    help = (
        "Export a closed month of the audit log (audit-YYYY-MM.jsonl and .xlsx) with a detached "
        "HMAC-SHA256 signature (audit-YYYY-MM.sig.json, key AUDIT_SIGNING_KEY) into a directory."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("month", help="YYYY-MM, a month that has ended")
        parser.add_argument("--out", default=".", help="directory to write the three files to")

    def handle(self, *args, month: str, out: str, **options) -> None:
        directory = Path(out)
        directory.mkdir(parents=True, exist_ok=True)
        try:
            archive = archive_month(actor=None, month=month)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        for name, content in archive.files.items():
            (directory / name).write_bytes(content)
            self.stdout.write(str(directory / name))
        self.stdout.write(f"{archive.entries} entries archived for {archive.month}")
