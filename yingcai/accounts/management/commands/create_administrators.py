"""Installation step (replaces `createsuperuser`): the three administrators of 三员分立, each with a
generated password printed once. Each creation is in the audit log. Run again later, it creates only
a role that has no active account (e.g. after one was retired)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from yingcai.accounts.domain.accounts import create_administrator
from yingcai.accounts.enums import Role
from yingcai.accounts.models import User

ADMINISTRATORS = (
    (Role.SYSTEM_ADMIN, "system", "sysadmin", "系统管理员"),
    (Role.SECURITY_ADMIN, "security", "secadmin", "安全管理员"),
    (Role.AUDIT_ADMIN, "audit", "auditadmin", "审计管理员"),
)


class Command(BaseCommand):
    help = "Create the system, security and audit administrators (三员分立), each with a generated password."

    def add_arguments(self, parser) -> None:
        for _role, option, default, _name in ADMINISTRATORS:
            parser.add_argument(f"--{option}", default=default, help=f"login of the {option} administrator")

    def handle(self, *args, **options) -> None:
        made = 0
        for role, option, _default, full_name in ADMINISTRATORS:
            username = options[option]
            if User.objects.filter(role=role, is_active=True).exists():
                self.stdout.write(f"  {Role(role).label}: already present, unchanged")
                continue
            try:
                account, password = create_administrator(role=role, username=username, full_name=full_name)
            except ValidationError as error:
                raise CommandError("; ".join(error.messages)) from error
            made += 1
            self.stdout.write(f"  {account.username:<12} {Role(role).label}  password: {password}")
        if made:
            self.stdout.write("Hand each password to its administrator in person; it is shown only now.")
