"""Who is told about something: the active accounts behind a unit, a jurisdiction, a talent, the office.
Every flow that notifies (introductions, selection, projects, certification, support) asks here."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from yingcai.accounts.enums import Role


def _active(**filters) -> QuerySet:
    return get_user_model().objects.filter(is_active=True, **filters)


def talent_office_staff() -> QuerySet:
    return _active(role=Role.TALENT_OFFICE)


def unit_staff(*unit_ids: int) -> QuerySet:
    return _active(role=Role.UNIT, unit_id__in=unit_ids)


def jurisdiction_staff(*jurisdiction_ids: int | None) -> QuerySet:
    return _active(role=Role.JURISDICTION, jurisdiction_id__in=[j for j in jurisdiction_ids if j])


def talent_accounts(talent_id: int) -> QuerySet:
    return _active(role=Role.TALENT, talent_id=talent_id)


def reviewers_of_unit(unit) -> QuerySet:
    """The county and the competent department a unit answers to."""
    return jurisdiction_staff(unit.county_id, unit.department_id)


def all_of(groups: Iterable[QuerySet]) -> list:
    """One list, each account once."""
    seen = {}
    for group in groups:
        for user in group:
            seen.setdefault(user.pk, user)
    return list(seen.values())
