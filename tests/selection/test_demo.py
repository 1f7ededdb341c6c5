import datetime
import random

from tests import factories
from tests.selection.factories import chain, field
from yingcai.selection import demo
from yingcai.selection.domain.results import results
from yingcai.selection.enums import RoundState
from yingcai.selection.models import Expert, Nomination, ScoreSheet, SelectionRound


def test_the_demo_has_a_scored_round_and_an_open_one_and_runs_twice(db):
    office = factories.office_user(username="office")
    for code in ("F1", "F2", "F3"):
        field(code)
    chain("T-L1")
    for _ in range(15):
        factories.TalentFactory(unit=factories.UnitFactory())
    today = datetime.date(2026, 11, 25)
    demo.seed(rng=random.Random(1), today=today)
    demo.seed(rng=random.Random(2), today=today)
    closed, open_ = SelectionRound.objects.order_by("pk")
    assert closed.state == RoundState.EXPERTS_ASSIGNED and closed.scoring_closed_on(today)
    assert open_.nomination_open_on(today)
    assert Nomination.objects.filter(round=closed).count() == 12
    assert ScoreSheet.objects.filter(assignment__nomination__round=closed).count() == 12 * 5
    assert Expert.objects.filter(user__username="expert").exists()
    ranked = results(by=office, round=closed, on=today).candidates
    assert [c.rank for c in ranked] == sorted(c.rank for c in ranked) and ranked[0].score is not None
