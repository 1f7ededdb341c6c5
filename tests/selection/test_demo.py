import datetime
import random

import pytest

from tests import factories
from tests.selection.factories import chain, field
from yingcai.projects.models import Project
from yingcai.publicity.domain import objection_contact
from yingcai.publicity.enums import EntryOutcome, PublicityKind, PublicityState
from yingcai.publicity.models import Objection, Publicity
from yingcai.selection import demo
from yingcai.selection.domain.results import results
from yingcai.selection.enums import NominationOutcome, NominationState, RoundState
from yingcai.selection.models import Expert, Nomination, ScoreSheet, SelectionRound

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """The demo nominations carry their materials' files: written to a scratch dir."""
    settings.MEDIA_ROOT = tmp_path / "media"


def _seed_twice(count: int = 30):
    office = factories.office_user(username="office")
    for code in ("F1", "F2", "F3"):
        field(code)
    chain("T-L1")
    for _ in range(count):
        factories.TalentFactory(unit=factories.UnitFactory())
    demo.seed(rng=random.Random(1), today=TODAY)
    counts = (SelectionRound.objects.count(), Nomination.objects.count(), ScoreSheet.objects.count())
    demo.seed(rng=random.Random(2), today=TODAY)
    assert (SelectionRound.objects.count(), Nomination.objects.count(), ScoreSheet.objects.count()) == counts
    return office


def test_the_demo_has_an_approved_a_scored_and_an_open_round_and_runs_twice(db):
    office = _seed_twice()
    approved, closed, open_ = SelectionRound.objects.order_by("pk")
    assert closed.state == RoundState.EXPERTS_ASSIGNED and closed.scoring_closed_on(TODAY)
    assert open_.nomination_open_on(TODAY)
    assert Nomination.objects.filter(round=closed).count() == 12
    assert ScoreSheet.objects.filter(assignment__nomination__round=closed).count() == 12 * 5
    assert Expert.objects.filter(user__username="expert").exists()
    ranked = results(by=office, round=closed, on=TODAY).candidates
    assert [c.rank for c in ranked] == sorted(c.rank for c in ranked) and ranked[0].score is not None
    assert approved.year == TODAY.year - 1 and approved.state == RoundState.APPROVED
    # no talent is nominated in two of the demo's rounds
    talents = list(Nomination.objects.values_list("talent_id", flat=True))
    assert len(talents) == len(set(talents))


def test_last_years_round_went_all_the_way_to_projects(db):
    _seed_twice()
    approved = SelectionRound.objects.get(year=TODAY.year - 1)
    nominations = Nomination.objects.filter(round=approved)
    assert nominations.count() == 10
    assert set(nominations.values_list("state", flat=True)) == {NominationState.ACCEPTED}
    assert ScoreSheet.objects.filter(assignment__nomination__round=approved).count() == 10 * 5
    outcomes = list(nominations.values_list("outcome", flat=True))
    assert outcomes.count(NominationOutcome.SELECTED) == approved.quota == 6
    assert outcomes.count(NominationOutcome.NOT_SHORTLISTED) == 4
    selected = nominations.filter(outcome=NominationOutcome.SELECTED)
    assert max(selected.values_list("final_rank", flat=True)) <= approved.quota
    notice = Publicity.objects.get(kind=PublicityKind.SELECTION)
    assert notice.state == PublicityState.CONCLUDED and notice.ends_on < TODAY
    assert notice.starts_on > approved.scoring_closes
    assert set(notice.entries.values_list("outcome", flat=True)) == {EntryOutcome.PASSED}
    (objection,) = Objection.objects.filter(publicity=notice)
    assert objection.upheld is False and objection.answer and objection.entry is not None
    # the real open_project made one project per selected nomination, and none for the others
    assert set(Project.objects.values_list("nomination_id", flat=True)) == set(selected.values_list("pk", flat=True))
    assert all(p.start_year == approved.year for p in Project.objects.all())


def test_the_demo_sets_the_contact_for_objections_and_numbers_its_notice(db):
    _seed_twice()
    assert objection_contact().phone.startswith("0375-")
    notice = Publicity.objects.get(kind=PublicityKind.SELECTION)
    assert notice.number == 1 and notice.title.endswith(notice.reference)
