"""The read side of selection: what each user may list."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from yingcai.accounts.enums import Role
from yingcai.selection.enums import ACTIVE_ASSIGNMENT_STATES
from yingcai.selection.models import Assignment, Nomination, ScoreSheet


def assignments_of(user) -> QuerySet[Assignment]:
    """An expert's own review list (all states, so declared conflicts stay visible to them)."""
    if not (user.is_authenticated and user.role == Role.EXPERT):
        return Assignment.objects.none()
    return Assignment.objects.filter(expert__user=user).select_related("nomination__round", "nomination__talent")


def visible_nominations(user) -> QuerySet[Nomination]:
    if not user.is_authenticated:
        return Nomination.objects.none()
    if user.role == Role.TALENT_OFFICE:
        return Nomination.objects.all()
    if user.role == Role.UNIT and user.unit_id:
        return Nomination.objects.filter(unit_id=user.unit_id)
    if user.role == Role.EXPERT:
        return Nomination.objects.filter(
            assignments__expert__user=user, assignments__state__in=ACTIVE_ASSIGNMENT_STATES
        ).distinct()
    return Nomination.objects.none()


def visible_scoresheets(user, *, on: datetime.date | None = None) -> QuerySet[ScoreSheet]:
    """Same rule as ``selection.view_scoresheet``: one's own sheets; others' only after the round's
    scoring closed, for the office and for experts reviewing the same nomination."""
    if not user.is_authenticated:
        return ScoreSheet.objects.none()
    on = on or timezone.localdate()
    closed = Q(assignment__nomination__round__scoring_closes__lt=on)
    if user.role == Role.TALENT_OFFICE:
        return ScoreSheet.objects.filter(closed)
    if user.role == Role.EXPERT:
        reviewed = Nomination.objects.filter(
            assignments__expert__user=user, assignments__state__in=ACTIVE_ASSIGNMENT_STATES
        )
        return ScoreSheet.objects.filter(
            Q(assignment__expert__user=user) | (closed & Q(assignment__nomination__in=reviewed))
        ).distinct()
    return ScoreSheet.objects.none()
