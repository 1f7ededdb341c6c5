"""Who sees which introduction: declared once, for the lists (`queries.visible_introductions`) and
the object permission (`introductions.view`)."""

from django.db.models import Q

from yingcai.accounts.enums import Role
from yingcai.accounts.scopes import Scope, register
from yingcai.introductions.enums import IntroductionState
from yingcai.registry.scopes import (
    everything,
    of_units_in_jurisdiction,
    of_users_talent,
    of_users_unit,
    unit_in_jurisdiction,
)


def _submitted_in_jurisdiction(user) -> Q | bool:
    """A draft stays with its unit until submitted: the county sees it from submission on."""
    in_jurisdiction = of_units_in_jurisdiction(user)
    return in_jurisdiction and in_jurisdiction & ~Q(state=IntroductionState.DRAFT)


INTRODUCTION_SCOPE = register(
    Scope(
        model="introductions.Introduction",
        permission="introductions.view",
        roles={
            Role.TALENT_OFFICE: everything,
            Role.JURISDICTION: _submitted_in_jurisdiction,
            Role.UNIT: of_users_unit,
            Role.TALENT: of_users_talent,
        },
        checks={
            Role.JURISDICTION: lambda user, record: (
                record.state != IntroductionState.DRAFT and unit_in_jurisdiction(user, record.unit)
            ),
            Role.UNIT: lambda user, introduction: bool(user.unit_id) and introduction.unit_id == user.unit_id,
            Role.TALENT: lambda user, introduction: bool(user.talent_id) and introduction.talent_id == user.talent_id,
        },
    )
)
