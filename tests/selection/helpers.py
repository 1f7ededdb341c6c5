"""A small assigned round, for the scoring, visibility and results tests."""

from tests.selection.factories import ExpertFactory, NominationFactory, RoundFactory
from yingcai.selection.domain.assignments import assign_experts
from yingcai.selection.models import Assignment

CODES = ("ability", "contribution", "achievement", "papers")


def assigned_round(office, *, nominations=2, experts=3, per_candidate=3, **round_fields):
    round = RoundFactory(experts_per_candidate=per_candidate, **round_fields)
    noms = [NominationFactory(round=round) for _ in range(nominations)]
    pool = [ExpertFactory() for _ in range(experts)]
    assign_experts(by=office, round=round)
    return round, noms, pool


def assignment(nomination, expert) -> Assignment:
    return Assignment.objects.get(nomination=nomination, expert=expert)


def sheet(*values, comment="能独立牵头攻关，实际贡献突出"):
    """scores and comments for the standard criteria, in CODES order; one value means all the same."""
    if len(values) == 1:
        values = values * len(CODES)
    return {"scores": dict(zip(CODES, values, strict=True)), "comments": dict.fromkeys(CODES, comment)}
