"""The read side of selection: what each user may list."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from yingcai.accounts.rules import is_expert, is_talent_office
from yingcai.selection.enums import ACTIVE_ASSIGNMENT_STATES, IN_REVIEW_STATES, AssignmentState
from yingcai.selection.models import Assignment, Expert, Nomination, ScoreSheet, SelectionRound
from yingcai.selection.scopes import NOMINATION_SCOPE


def assignments_of(user) -> QuerySet[Assignment]:
    """An expert's own review list (all states, so declared conflicts stay visible to them)."""
    if not is_expert(user):
        return Assignment.objects.none()
    return Assignment.objects.filter(expert__user=user).select_related("nomination__round", "nomination__talent")


def visible_nominations(user) -> QuerySet[Nomination]:
    return NOMINATION_SCOPE.visible_to(user)


def visible_scoresheets(user, *, on: datetime.date | None = None) -> QuerySet[ScoreSheet]:
    """Same rule as ``selection.view_scoresheet``: one's own sheets; others' only after the round's
    scoring closed, for the office and for experts reviewing the same nomination."""
    if not user.is_authenticated:
        return ScoreSheet.objects.none()
    on = on or timezone.localdate()
    closed = Q(assignment__nomination__round__scoring_closes__lt=on)
    if is_talent_office(user):
        return ScoreSheet.objects.filter(closed)
    if is_expert(user):
        reviewed = Nomination.objects.filter(
            assignments__expert__user=user, assignments__state__in=ACTIVE_ASSIGNMENT_STATES
        )
        return ScoreSheet.objects.filter(
            Q(assignment__expert__user=user) | (closed & Q(assignment__nomination__in=reviewed))
        ).distinct()
    return ScoreSheet.objects.none()


@dataclass(frozen=True)
class ExpertLoad:
    expert: Expert
    active: int  # assigned or scored
    scored: int
    conflicts: int
    withdrawn: int


@dataclass(frozen=True)
class RoundProgress:
    """Counts only: how far the assignment and the scoring of a round have got. Never a score."""

    expected_sheets: int  # active assignments of nominations under review
    submitted_sheets: int
    experts_of: dict[int, int]  # nomination id → active experts
    sheets_of: dict[int, int]  # nomination id → sheets submitted
    loads: list[ExpertLoad]

    def short_of(self, nomination_id: int, needed: int) -> int:
        return max(needed - self.experts_of.get(nomination_id, 0), 0)


def round_progress(round: SelectionRound) -> RoundProgress:
    rows = (
        Assignment.objects.filter(nomination__round=round)
        .values("nomination_id", "nomination__state", "expert_id", "state")
        .annotate(sheet=Count("scoresheet"))
    )
    experts_of: dict[int, int] = defaultdict(int)
    sheets_of: dict[int, int] = defaultdict(int)
    per_expert: dict[int, Counter] = defaultdict(Counter)
    expected = submitted = 0
    for row in rows:
        active = row["state"] in ACTIVE_ASSIGNMENT_STATES
        per_expert[row["expert_id"]][row["state"]] += 1
        if active and row["nomination__state"] in IN_REVIEW_STATES:
            expected += 1
            experts_of[row["nomination_id"]] += 1
            if row["sheet"]:
                submitted += 1
                sheets_of[row["nomination_id"]] += 1
    experts = Expert.objects.filter(pk__in=per_expert).order_by("name", "pk")
    loads = [
        ExpertLoad(
            expert=e,
            active=per_expert[e.pk][AssignmentState.ASSIGNED] + per_expert[e.pk][AssignmentState.SCORED],
            scored=per_expert[e.pk][AssignmentState.SCORED],
            conflicts=per_expert[e.pk][AssignmentState.CONFLICT_DECLARED],
            withdrawn=per_expert[e.pk][AssignmentState.WITHDRAWN],
        )
        for e in experts
    ]
    return RoundProgress(expected, submitted, dict(experts_of), dict(sheets_of), loads)


def visible_rounds(user) -> QuerySet[SelectionRound]:
    if user.has_perm("selection.view_rounds"):
        return SelectionRound.objects.all()
    return SelectionRound.objects.none()
