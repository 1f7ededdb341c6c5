"""Experts are reminded of unscored candidates three days before and on the last day of scoring."""

import datetime

import pytest

from tests.selection.factories import D
from tests.selection.helpers import assigned_round, assignment, sheet
from yingcai.notifications.models import Notification
from yingcai.selection.domain.reminders import send_scoring_reminders
from yingcai.selection.domain.scoring import submit_scores

CLOSES = D(2026, 4, 30)


@pytest.mark.parametrize(
    ("today", "reminded"),
    [(CLOSES - datetime.timedelta(days=4), False), (CLOSES - datetime.timedelta(days=3), True), (CLOSES, True)],
)
def test_reminders_on_the_days_before_the_close(office, today, reminded):
    _round, _noms, pool = assigned_round(office, nominations=2, experts=3, per_candidate=3)
    Notification.objects.all().delete()
    send_scoring_reminders(today=today)
    reminded_users = set(Notification.objects.values_list("recipient", flat=True))
    assert reminded_users == ({e.user_id for e in pool} if reminded else set())
    if reminded:
        assert "还有2位候选人待评分" in Notification.objects.filter(recipient=pool[0].user).get().title


def test_a_scored_candidate_is_not_counted_and_a_done_expert_is_not_reminded(office):
    _round, (first, second), (expert, *_others) = assigned_round(office, nominations=2, experts=3, per_candidate=3)
    for nomination in (first, second):
        submit_scores(by=expert.user, assignment=assignment(nomination, expert), on=D(2026, 4, 15), **sheet(80))
    Notification.objects.all().delete()
    send_scoring_reminders(today=CLOSES)
    assert not Notification.objects.filter(recipient=expert.user).exists()
    assert Notification.objects.count() == 2


def test_a_reminder_says_what_to_do_and_a_second_run_that_day_sends_nothing(office):
    _round, _noms, pool = assigned_round(office, nominations=2, experts=3, per_candidate=3)
    Notification.objects.all().delete()
    assert send_scoring_reminders(today=CLOSES) == 3
    assert send_scoring_reminders(today=CLOSES) == 0
    message = Notification.objects.get(recipient=pool[0].user)
    assert "2026-04-30 24时前" in message.body and "回避" in message.body
