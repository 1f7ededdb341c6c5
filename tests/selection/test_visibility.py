from tests.selection.factories import SCORING_DAY, D, NominationFactory
from tests.selection.helpers import assigned_round, assignment, sheet
from yingcai.selection.domain.queries import assignments_of, visible_nominations, visible_scoresheets
from yingcai.selection.domain.scoring import submit_scores

STILL_OPEN = D(2099, 12, 31)  # permissions read today's date: this round is still being scored


def scored_round(office, **round_fields):
    round, (nomination, other_nomination), (a, b, c) = assigned_round(office, **round_fields)
    sheets = {}
    for expert in (a, b):
        sheets[expert] = submit_scores(
            by=expert.user, assignment=assignment(nomination, expert), on=SCORING_DAY, **sheet(80)
        )
    return round, nomination, other_nomination, (a, b, c), sheets


def test_an_expert_sees_only_own_scores_while_scoring_is_open(office):
    _round, _nomination, _other, (a, b, _c), sheets = scored_round(office, scoring_closes=STILL_OPEN)
    assert a.user.has_perm("selection.view_scoresheet", sheets[a])
    assert not a.user.has_perm("selection.view_scoresheet", sheets[b])
    assert list(visible_scoresheets(a.user, on=SCORING_DAY)) == [sheets[a]]
    # Nor does the office read scores before the close.
    assert not office.has_perm("selection.view_scoresheet", sheets[a])
    assert not visible_scoresheets(office, on=SCORING_DAY).exists()


def test_after_closing_the_office_and_the_nominations_reviewers_see_the_scores(office, expert, unit_staff):
    _round, _nomination, _other, (a, b, _c), sheets = scored_round(office)  # closed 2026-04-30
    assert office.has_perm("selection.view_scoresheet", sheets[b])
    assert a.user.has_perm("selection.view_scoresheet", sheets[b])
    assert set(visible_scoresheets(a.user, on=D(2026, 5, 1))) == {sheets[a], sheets[b]}
    for outsider in (expert, unit_staff):
        assert not outsider.has_perm("selection.view_scoresheet", sheets[b])
        assert not visible_scoresheets(outsider, on=D(2026, 5, 1)).exists()


def test_an_expert_cannot_read_an_unassigned_nomination(office):
    round, nomination, _other, (a, *_), _sheets = scored_round(office)
    unassigned = NominationFactory(round=round)
    assert a.user.has_perm("selection.view_nomination", nomination)
    assert not a.user.has_perm("selection.view_nomination", unassigned)
    assert unassigned not in visible_nominations(a.user)
    assert {x.nomination for x in assignments_of(a.user)} == set(round.nominations.exclude(pk=unassigned.pk))


def test_units_see_their_own_nominations_only(office, unit_staff):
    mine = NominationFactory(unit=unit_staff.unit)
    theirs = NominationFactory()
    assert unit_staff.has_perm("selection.view_nomination", mine)
    assert not unit_staff.has_perm("selection.view_nomination", theirs)
    assert list(visible_nominations(unit_staff)) == [mine]
    assert office.has_perm("selection.view_nomination", theirs)
