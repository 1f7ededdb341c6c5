"""Who sees which nomination: declared once, for the lists (`queries.visible_nominations`) and the
object permission (`selection.view_nomination`). An expert sees a nomination only while assigned
to it (not after declaring a conflict or withdrawing)."""

from django.db.models import Exists, OuterRef, Q

from yingcai.accounts.enums import Role
from yingcai.accounts.scopes import Scope, register
from yingcai.registry.scopes import everything, of_users_unit
from yingcai.selection.enums import ACTIVE_ASSIGNMENT_STATES
from yingcai.selection.models import Assignment


def _assigned_to_the_expert(user) -> Q:
    active = Assignment.objects.filter(nomination=OuterRef("pk"), expert__user=user, state__in=ACTIVE_ASSIGNMENT_STATES)
    return Q(Exists(active))


NOMINATION_SCOPE = register(
    Scope(
        model="selection.Nomination",
        permission="selection.view_nomination",
        roles={
            Role.TALENT_OFFICE: everything,
            Role.UNIT: of_users_unit,
            Role.EXPERT: _assigned_to_the_expert,
        },
        checks={Role.UNIT: lambda user, nomination: bool(user.unit_id) and nomination.unit_id == user.unit_id},
    )
)
