from django.core.management.base import BaseCommand, CommandError

from yingcai.audit.domain.verification import describe, verify_audit_log


class Command(BaseCommand):
    help = "Check the audit log's hash chain; report the first broken link and exit non-zero if there is one."

    def handle(self, *args, **options) -> None:
        verdict = verify_audit_log(actor=None, reason="manage.py verify_audit")
        if not verdict.ok:
            raise CommandError(describe(verdict))
        self.stdout.write(describe(verdict))
