"""Changing a published round (extend a deadline, the quota) and generated criteria codes."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import unit_user
from tests.selection.factories import NominationFactory, RoundFactory
from yingcai.audit.domain import history_of
from yingcai.registry.domain.errors import StaleEditError
from yingcai.selection.domain.rounds import create_round, criterion_codes, update_round
from yingcai.selection.enums import NominationOutcome, RoundState

D = datetime.date
ON = D(2026, 3, 20)  # nominations open 1–31 March, scoring 10–30 April (RoundFactory)


def change(office, round, on=ON, reason="应各单位申请延长推荐截止日期", **values):
    return update_round(by=office, round=round, data=values, reason=reason, version=round.version, on=on)


def test_a_deadline_is_extended_with_a_reason_audited_and_versioned(office):
    round = RoundFactory()
    changed = change(office, round, nomination_closes=D(2026, 4, 5))
    assert changed.nomination_closes == D(2026, 4, 5)
    assert changed.version == round.version + 1
    entry = history_of(changed).first()
    assert entry.reason == "应各单位申请延长推荐截止日期"
    assert entry.changes == {"nomination_closes": ["2026-03-31", "2026-04-05"]}
    # The copy the clerk opened is now stale: a second save from it is refused, not merged.
    with pytest.raises(StaleEditError):
        update_round(by=office, round=round, data={"quota": 12}, reason="x", version=round.version, on=ON)


def test_a_reason_is_required(office):
    round = RoundFactory()
    with pytest.raises(ValidationError) as refusal:
        change(office, round, reason=" ", quota=12)
    assert "reason" in refusal.value.message_dict


def test_the_closing_day_itself_may_still_be_extended_but_not_a_closed_window(office):
    round = RoundFactory()
    assert change(office, round, on=D(2026, 3, 31), nomination_closes=D(2026, 4, 3)).nomination_closes == D(2026, 4, 3)
    round.refresh_from_db()
    with pytest.raises(ValidationError) as refusal:
        change(office, round, on=D(2026, 4, 4), nomination_closes=D(2026, 4, 6))
    assert "已过" in refusal.value.message_dict["nomination_closes"][0]


def test_an_opened_window_keeps_its_opening_date_and_no_date_moves_into_the_past(office):
    round = RoundFactory()
    with pytest.raises(ValidationError) as refusal:
        change(office, round, nomination_opens=D(2026, 3, 5))
    assert "推荐开始日期（2026-03-01）已过" in refusal.value.message_dict["nomination_opens"][0]
    with pytest.raises(ValidationError) as refusal:
        change(office, round, nomination_closes=D(2026, 3, 19))
    assert "不能改到今天（2026-03-20）之前" in refusal.value.message_dict["nomination_closes"][0]
    # To today is still meaningful: closing nominations early.
    assert change(office, round, nomination_closes=ON).nomination_closes == ON


def test_the_dates_stay_in_order(office):
    round = RoundFactory()
    with pytest.raises(ValidationError) as refusal:
        change(office, round, nomination_closes=D(2026, 4, 12))
    assert refusal.value.message_dict["scoring_opens"] == ["评审须在推荐截止之后开始。"]
    with pytest.raises(ValidationError) as refusal:
        change(office, round, scoring_closes=D(2026, 4, 9))
    assert refusal.value.message_dict["scoring_closes"] == ["评审截止日期不能早于开始日期。"]


def test_the_quota_never_below_those_already_shortlisted(office):
    round = RoundFactory(quota=3, state=RoundState.SHORTLISTED)
    for _ in range(2):
        NominationFactory(round=round, outcome=NominationOutcome.SHORTLISTED)
    with pytest.raises(ValidationError) as refusal:
        change(office, round, on=D(2026, 5, 10), quota=1)
    assert refusal.value.message_dict["quota"] == ["已确定拟入选2人，遴选名额不能少于2人。"]
    assert change(office, round, on=D(2026, 5, 10), quota=2).quota == 2


def test_an_approved_round_is_not_changed(office):
    round = RoundFactory(state=RoundState.APPROVED)
    with pytest.raises(ValidationError, match="已批准"):
        change(office, round, on=D(2026, 5, 10), quota=12)


def test_a_unit_cannot_change_a_round(unit, office):
    round = RoundFactory()
    staff = unit_user(unit)
    with pytest.raises(PermissionDenied):
        change(staff, round, quota=12)


def test_the_round_edit_page(client, office, unit, time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 10, 0))
    round = RoundFactory()
    client.force_login(office)
    url = reverse("selection:round-edit", args=[round.pk])
    assert "修改日期与名额" in client.get(reverse("selection:round-detail", args=[round.pk])).content.decode()
    post = {
        "nomination_opens": "2026-03-01",
        "nomination_closes": "2026-04-05",
        "scoring_opens": "2026-04-10",
        "scoring_closes": "2026-04-30",
        "quota": "10",
        "version": str(round.version),
        "reason": "延长推荐期",
    }
    response = client.post(url, {**post, "nomination_closes": "2026-03-10"})
    assert response.status_code == 200 and "不能改到今天（2026-03-20）之前" in response.content.decode()
    response = client.post(url, post)
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.nomination_closes == D(2026, 4, 5)
    client.force_login(unit_user(unit))
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {**post, "version": str(round.version), "quota": "99"}).status_code in (403, 404)
    round.refresh_from_db()
    assert round.quota == 10


# --- criteria codes are generated ---------------------------------------------------------------------


def test_criteria_codes_are_generated_not_typed():
    assert criterion_codes([{"name": "甲"}, {"name": "乙", "code": "c1"}, {"name": "丙", "code": ""}]) == [
        "c2",
        "c1",
        "c3",
    ]


def test_a_round_set_up_without_codes_gets_generated_ones(office):
    data = {
        "year": 2026,
        "name": "2026年度遴选",
        "nomination_opens": D(2026, 3, 1),
        "nomination_closes": D(2026, 3, 31),
        "scoring_opens": D(2026, 4, 10),
        "scoring_closes": D(2026, 4, 30),
        "quota": 5,
    }
    criteria = [
        {"name": "创新能力", "weight": 40, "kind": "ability"},
        {"name": "实际贡献", "weight": 40, "kind": "contribution"},
        {"name": "团队建设", "weight": 20, "kind": "team"},
    ]
    round = create_round(by=office, data=data, criteria=criteria, on=D(2026, 2, 20))
    assert list(round.criteria.values_list("code", flat=True)) == ["c1", "c2", "c3"]


def test_the_round_form_asks_for_no_code(client, office):
    client.force_login(office)
    page = client.get(reverse("selection:round-create")).content.decode()
    assert "criteria-0-code" not in page and "指标代码" not in page
    assert "criteria-0-name" in page


def test_the_nominating_units_hear_of_an_extended_deadline_after_commit(
    office, unit, django_capture_on_commit_callbacks
):
    from yingcai.notifications.models import Notification

    round = RoundFactory()
    NominationFactory(round=round, unit=unit)
    staff = unit_user(unit)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        change(office, round, nomination_closes=D(2026, 4, 5))
        assert not Notification.objects.filter(recipient=staff).exists()  # nothing before the commit
    assert len(callbacks) == 1
    note = Notification.objects.get(recipient=staff)
    assert "推荐期调整为2026-03-01至2026-04-05" in note.title and note.body == "应各单位申请延长推荐截止日期"
