"""Who sees which unit, talent and profile change: declared once, for the lists
(`queries.visible_units`, `visible_talents`) and the object permissions (`registry.view_unit`,
`registry.view_talent`, `registry.view_profile_change`)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from yingcai.accounts.enums import Role
from yingcai.accounts.scopes import Scope, register
from yingcai.registry.models import Affiliation


def units_in_jurisdiction_q(jurisdiction_id: int, prefix: str = "") -> Q:
    return Q(**{f"{prefix}county_id": jurisdiction_id}) | Q(**{f"{prefix}department_id": jurisdiction_id})


def current_affiliations() -> QuerySet[Affiliation]:
    return Affiliation.objects.filter(end_date__isnull=True)


def of_units_in_jurisdiction(user, prefix: str = "unit__") -> Q | bool:
    """Rows of a unit the county or line department `user` works for supervises."""
    return bool(user.jurisdiction_id) and units_in_jurisdiction_q(user.jurisdiction_id, prefix=prefix)


def of_users_unit(user, field: str = "unit_id") -> Q | bool:
    return bool(user.unit_id) and Q(**{field: user.unit_id})


def of_users_talent(user, field: str = "talent_id") -> Q | bool:
    return bool(user.talent_id) and Q(**{field: user.talent_id})


def unit_in_jurisdiction(user, unit) -> bool:
    """The in-memory form of `of_units_in_jurisdiction`, for a record already loaded."""
    return bool(user.jurisdiction_id) and user.jurisdiction_id in (unit.county_id, unit.department_id)


def everything(user) -> bool:
    return True


UNIT_SCOPE = register(
    Scope(
        model="registry.Unit",
        permission="registry.view_unit",
        roles={
            Role.TALENT_OFFICE: everything,
            Role.JURISDICTION: lambda user: of_units_in_jurisdiction(user, prefix=""),
            Role.UNIT: lambda user: of_users_unit(user, "pk"),
        },
        checks={
            Role.JURISDICTION: unit_in_jurisdiction,
            Role.UNIT: lambda user, unit: bool(user.unit_id) and unit.pk == user.unit_id,
        },
    )
)


def _talents_working_where(**unit_filter) -> Q:
    return Q(Exists(current_affiliations().filter(Q(**unit_filter), talent=OuterRef("pk"))))


def _talents_in_jurisdiction(user) -> Q | bool:
    if not user.jurisdiction_id:
        return False
    in_scope = current_affiliations().filter(
        units_in_jurisdiction_q(user.jurisdiction_id, prefix="unit__"), talent=OuterRef("pk")
    )
    return Q(Exists(in_scope))


TALENT_SCOPE = register(
    Scope(
        model="registry.Talent",
        permission="registry.view_talent",
        roles={
            Role.TALENT_OFFICE: everything,
            Role.JURISDICTION: _talents_in_jurisdiction,
            Role.UNIT: lambda user: bool(user.unit_id) and _talents_working_where(unit_id=user.unit_id),
            Role.TALENT: lambda user: of_users_talent(user, "pk"),
        },
        checks={Role.TALENT: lambda user, talent: bool(user.talent_id) and talent.pk == user.talent_id},
    )
)


def _changes_the_unit_confirms(user) -> Q | bool:
    """Those sent to the user's unit, while the talent still works there."""
    if not user.unit_id:
        return False
    works_there = current_affiliations().filter(unit_id=user.unit_id, talent=OuterRef("talent"))
    return Q(unit_id=user.unit_id) & Q(Exists(works_there))


# 我的档案: the talent who asked, the unit that confirms and the office. (The list of requests to
# decide, `profile_changes.visible_profile_changes`, is another thing: a unit's whole inbox.)
PROFILE_CHANGE_SCOPE = register(
    Scope(
        model="registry.ProfileChange",
        permission="registry.view_profile_change",
        roles={
            Role.TALENT_OFFICE: everything,
            Role.UNIT: _changes_the_unit_confirms,
            Role.TALENT: of_users_talent,
        },
        checks={Role.TALENT: lambda user, change: bool(user.talent_id) and change.talent_id == user.talent_id},
    )
)
