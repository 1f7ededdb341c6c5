"""Who sees which entitlement: declared once, for the lists (`queries.visible_entitlements`, and
the instalments through them) and the object permission (`support.view`)."""

from django.db.models import Q

from yingcai.accounts.enums import Role
from yingcai.accounts.scopes import Scope, register
from yingcai.registry.scopes import everything, of_units_in_jurisdiction, of_users_talent, of_users_unit


def _of_jurisdiction_or_decided_there(user) -> Q | bool:
    """The entitlements of the talents certified by the county's (department's) units, and those
    it decides (the education bureau a school place)."""
    in_jurisdiction = of_units_in_jurisdiction(user, prefix="certification__unit__")
    return in_jurisdiction and in_jurisdiction | Q(task__office_id=user.jurisdiction_id)


ENTITLEMENT_SCOPE = register(
    Scope(
        model="support.Entitlement",
        permission="support.view",
        roles={
            Role.TALENT_OFFICE: everything,
            Role.JURISDICTION: _of_jurisdiction_or_decided_there,
            Role.UNIT: lambda user: of_users_unit(user, "certification__unit_id"),
            Role.TALENT: of_users_talent,
        },
        checks={
            Role.TALENT: lambda user, entitlement: bool(user.talent_id) and entitlement.talent_id == user.talent_id,
        },
    )
)
