from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of SPEC.md. Each user has exactly one; its scope comes with it."""

    TALENT_OFFICE = "talent_office", _("人才办管理员")
    JURISDICTION = "jurisdiction", _("主管部门/县区")
    UNIT = "unit", _("用人单位")
    TALENT = "talent", _("人才")
    EXPERT = "expert", _("评审专家")
    # 三员分立 (GB/T 22239-2019 level 3): three administrators, none of them a business role, no
    # account two of them. The system administrator keeps accounts, roles and reference data; the
    # security administrator keeps password and session policy, lockouts and 2FA resets; the audit
    # administrator reads and exports the audit log and nothing else.
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


ADMINISTRATOR_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
