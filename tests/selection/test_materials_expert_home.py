"""The expert's home (待办): one item per round with pending assignments, its count and a link to
that round on 我的评审; scored, 回避 and closed rounds drop out."""

import pytest
from django.urls import reverse

from tests.selection.factories import D, ExpertFactory, NominationFactory, RoundFactory
from tests.selection.helpers import assignment, sheet
from yingcai.console.todos import todo_items
from yingcai.selection.domain.assignments import assign_experts, declare_conflict
from yingcai.selection.domain.scoring import submit_scores

pytestmark = pytest.mark.django_db
TODAY = D(2026, 4, 15)


def round_with(office, expert, *, nominations, **dates):
    round = RoundFactory(experts_per_candidate=1, **dates)
    noms = [NominationFactory(round=round) for _ in range(nominations)]
    assign_experts(by=office, round=round)
    return round, noms


@pytest.fixture
def reviewer(db):
    return ExpertFactory()  # the only expert in the pool: every nomination is theirs


def selection_items(user, today=TODAY):
    return [item for item in todo_items(user, today) if reverse("selection:my-reviews") in item.url]


def test_one_item_per_round_with_its_count_and_link(office, reviewer):
    open_round, noms = round_with(office, reviewer, nominations=3)  # scoring 2026-04-10 .. 04-30
    later, _ = round_with(office, reviewer, nominations=2, scoring_opens=D(2026, 6, 1), scoring_closes=D(2026, 6, 20))
    submit_scores(by=reviewer.user, assignment=assignment(noms[0], reviewer), on=TODAY, **sheet(80))
    items = {item.url: item for item in selection_items(reviewer.user)}
    now = items[f"{reverse('selection:my-reviews')}#round-{open_round.pk}"]
    assert now.count == 2 and open_round.name in now.label and "2026-04-30截止" in now.label
    assert not now.urgent
    upcoming = items[f"{reverse('selection:my-reviews')}#round-{later.pk}"]
    assert upcoming.count == 2 and "2026-06-01开始评分" in upcoming.label
    assert next(iter(items.values())) is now  # what can be scored today comes first


def test_urgent_in_the_last_three_days_and_gone_after_the_close(office, reviewer):
    round_with(office, reviewer, nominations=1)
    assert not selection_items(reviewer.user, D(2026, 4, 27))[0].urgent
    assert selection_items(reviewer.user, D(2026, 4, 28))[0].urgent
    assert selection_items(reviewer.user, D(2026, 4, 30))[0].urgent
    assert selection_items(reviewer.user, D(2026, 5, 1)) == []


def test_a_declared_conflict_is_no_longer_pending(office, reviewer):
    _round, (nomination,) = round_with(office, reviewer, nominations=1)
    declare_conflict(by=reviewer.user, assignment=assignment(nomination, reviewer), reason="同一单位", on=TODAY)
    assert selection_items(reviewer.user) == []


def test_the_home_page_shows_the_rounds(client, office, reviewer, move_to_day):
    move_to_day(TODAY)
    round, _ = round_with(office, reviewer, nominations=2)
    client.force_login(reviewer.user)
    html = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("selection:my-reviews")}#round-{round.pk}"' in html
    assert round.name in html


def test_other_experts_see_nothing_of_it(office, reviewer, expert):
    round_with(office, reviewer, nominations=2)
    assert selection_items(expert) == []
