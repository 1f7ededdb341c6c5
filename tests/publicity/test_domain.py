"""公示: the period in working days (holidays and 调休 from the official calendar, both ends counted),
the window for objections, answering, concluding and who may do what. Dates hand-checked on the
2026 schedule: 中秋 25–27 Sep, 国庆 1–7 Oct, Saturday 10 Oct a 调休 workday."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.publicity.factories import RULE_KEY, open_notice, specs
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction
from yingcai.policy.domain import publish_rule_version
from yingcai.publicity import domain
from yingcai.publicity.enums import EntryOutcome, PublicityKind, PublicityState
from yingcai.publicity.models import Objection

D = datetime.date
pytestmark = pytest.mark.django_db


def objection(publicity, entry=None, on=None, **overrides):
    data = {"name": "张反映", "phone": "13912345678", "content": "该同志并非任务负责人。"}
    data.update(overrides)
    return domain.file_objection(publicity=publicity, entry=entry, on=on or publicity.starts_on, **data)


# The period


def test_starts_the_working_day_after_the_decision_and_counts_the_tiaoxiu_saturday(office):
    notice = open_notice(office, on=D(2026, 9, 29))  # Tuesday
    assert notice.starts_on == D(2026, 9, 30)
    # 30 Sep (1), 国庆 1–7 Oct not counted, 8 Oct (2), 9 Oct (3), Sat 10 Oct 调休 (4), 12 Oct (5)
    assert notice.ends_on == D(2026, 10, 12)
    assert notice.working_days == 5
    assert notice.rule.key == RULE_KEY and notice.rule.version == 1
    assert notice.state == PublicityState.OPEN


def test_a_decision_before_the_mid_autumn_holiday_starts_after_it(office):
    notice = open_notice(office, on=D(2026, 9, 24))  # Thursday; 25–27 Sep 中秋
    assert notice.starts_on == D(2026, 9, 28)
    assert notice.ends_on == D(2026, 10, 9)  # 28, 29, 30 Sep, 8, 9 Oct


def test_a_start_on_a_holiday_moves_to_the_next_working_day(office):
    notice = open_notice(office, on=D(2026, 9, 29), starts_on=D(2026, 10, 3))
    assert notice.starts_on == D(2026, 10, 8)
    assert notice.ends_on == D(2026, 10, 13)  # 8, 9, 10 (调休), 12, 13


def test_the_rule_in_force_on_the_first_day_sets_the_length_and_is_kept(office):
    publish_rule_version(
        by=office, key=RULE_KEY, value=Decimal(7), effective_from=D(2026, 10, 8), note="市委人才办会议纪要"
    )
    before = open_notice(office, on=D(2026, 9, 29))  # starts 30 Sep: version 1, 5 days
    after = open_notice(office, on=D(2026, 9, 30))  # starts 8 Oct: version 2, 7 days
    assert (before.rule.version, before.working_days, before.ends_on) == (1, 5, D(2026, 10, 12))
    assert after.starts_on == D(2026, 10, 8)
    # 8, 9, 10 (调休), 12, 13, 14, 15
    assert (after.rule.version, after.working_days, after.ends_on) == (2, 7, D(2026, 10, 15))


def test_a_period_running_into_an_unknown_year_is_refused_with_the_reason(office):
    with pytest.raises(ValidationError) as refused:
        open_notice(office, on=D(2026, 12, 28))  # 29, 30, 31 Dec, then 2027 is not known
    assert "2027年" in refused.value.messages[0]
    assert "工作日历" in refused.value.messages[0]


def test_a_start_in_the_past_is_refused(office):
    with pytest.raises(ValidationError) as refused:
        open_notice(office, on=D(2026, 10, 12), starts_on=D(2026, 10, 9))
    assert "starts_on" in refused.value.message_dict


def test_an_empty_list_is_refused(office):
    with pytest.raises(ValidationError, match="名单为空"):
        domain.open_publicity(
            by=office,
            kind=PublicityKind.SELECTION,
            title="空",
            body="",
            rule_key=RULE_KEY,
            entries=[],
            on=D(2026, 9, 29),
        )


def test_one_open_notice_per_owner(office):
    owner = factories.UnitFactory()
    open_notice(office, on=D(2026, 9, 29), owner=owner)
    with pytest.raises(ValidationError, match="正在进行的公示"):
        open_notice(office, on=D(2026, 9, 29), owner=owner)


@pytest.mark.parametrize("role", ["county_staff", "unit_staff", "talent_self", "expert"])
def test_only_the_office_opens_a_notice(request, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        open_notice(user, on=D(2026, 9, 29))


def test_opening_is_audited_with_the_rule_version(office):
    notice = open_notice(office, on=D(2026, 9, 29), entries=3)
    entry = history_of(notice).get()
    assert entry.action == AuditAction.CREATE and entry.actor == office
    assert entry.changes["ends_on"] == "2026-10-12"
    assert entry.changes["rule"] == f"{RULE_KEY} v1"
    assert len(entry.changes["entries"]) == 3
    assert [e.position for e in notice.entries.all()] == [1, 2, 3]


# The window for objections


def test_open_from_the_first_to_the_last_day_both_included(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    assert not domain.is_open(notice, D(2026, 9, 29))
    assert domain.is_open(notice, D(2026, 9, 30))
    assert domain.is_open(notice, D(2026, 10, 4))  # a holiday inside the period: still open
    assert domain.is_open(notice, D(2026, 10, 12))
    assert not domain.is_open(notice, D(2026, 10, 13))


def test_an_objection_on_the_last_day_is_taken_and_the_next_day_refused(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    taken = objection(notice, on=D(2026, 10, 12))
    assert taken.pk and taken.upheld is None
    with pytest.raises(ValidationError, match="2026-10-12截止"):
        objection(notice, on=D(2026, 10, 13))


def test_an_objection_before_the_start_is_refused(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    with pytest.raises(ValidationError, match="开始后方可"):
        objection(notice, on=D(2026, 9, 29))


def test_no_objection_after_the_notice_is_concluded(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    domain.conclude(by=office, publicity=notice, on=D(2026, 10, 13))
    notice.refresh_from_db()
    with pytest.raises(ValidationError, match="不再受理"):
        objection(notice, on=D(2026, 10, 12))


@pytest.mark.parametrize("phone", ["13912345678", "0375-2345678", "03752345678", "010-12345678-801", "139 1234 5678"])
def test_mobile_and_fixed_line_numbers_are_accepted(office, phone):
    notice = open_notice(office, on=D(2026, 9, 29))
    assert objection(notice, phone=phone).phone == phone.replace(" ", "")


@pytest.mark.parametrize("phone", ["", "1391234567", "23912345678", "2345678", "0375-23456"])
def test_a_wrong_phone_is_refused(office, phone):
    notice = open_notice(office, on=D(2026, 9, 29))
    with pytest.raises(ValidationError) as refused:
        objection(notice, phone=phone)
    assert "phone" in refused.value.message_dict


def test_content_and_name_are_required(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    with pytest.raises(ValidationError) as refused:
        objection(notice, name=" ", content="  ")
    assert set(refused.value.message_dict) == {"name", "content"}


def test_an_entry_of_another_notice_is_refused(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    other = open_notice(office, on=D(2026, 9, 29))
    with pytest.raises(ValidationError) as refused:
        objection(notice, entry=other.entries.first())
    assert "entry" in refused.value.message_dict


def test_an_objection_is_audited_without_an_actor_and_without_the_contact_details(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    filed = objection(notice, entry=notice.entries.first())
    entry = history_of(filed).get()
    assert entry.actor is None and entry.actor_name == ""
    assert "13912345678" not in str(entry.changes) and "张反映" not in str(entry.changes)
    assert "张反映" not in entry.object_repr


# Answers


def test_the_office_answers_and_may_revise_until_the_end(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    filed = objection(notice, entry=notice.entries.first())
    domain.answer_objection(by=office, objection=filed, answer="经核实，其为任务负责人。", upheld=False)
    filed.refresh_from_db()
    assert (filed.upheld, filed.answered_by) == (False, office)
    domain.answer_objection(by=office, objection=filed, answer="经再次核实，其仅为参与人。", upheld=True)
    filed.refresh_from_db()
    assert filed.upheld is True
    assert history_of(filed).filter(action=AuditAction.UPDATE).count() == 2


def test_an_upheld_objection_must_name_the_person(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    filed = objection(notice)  # against the whole list
    with pytest.raises(ValidationError) as refused:
        domain.answer_objection(by=office, objection=filed, answer="成立", upheld=True)
    assert "entry" in refused.value.message_dict
    second = notice.entries.all()[1]
    domain.answer_objection(by=office, objection=filed, answer="成立", upheld=True, entry=second)
    filed.refresh_from_db()
    assert filed.entry == second


def test_an_answer_is_required(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    with pytest.raises(ValidationError) as refused:
        domain.answer_objection(by=office, objection=objection(notice), answer=" ", upheld=False)
    assert "answer" in refused.value.message_dict


@pytest.mark.parametrize("role", ["county_staff", "unit_staff", "talent_self", "expert"])
def test_only_the_office_answers(request, office, role):
    notice = open_notice(office, on=D(2026, 9, 29))
    filed = objection(notice)
    with pytest.raises(PermissionDenied):
        domain.answer_objection(by=request.getfixturevalue(role), objection=filed, answer="不成立", upheld=False)
    filed.refresh_from_db()
    assert filed.upheld is None


# Concluding


def test_concluding_is_refused_on_the_last_day(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    assert domain.conclusion_blockers(notice, D(2026, 10, 12)) == ["公示期至2026-10-12（含当日），期满后方可结束公示。"]
    with pytest.raises(ValidationError, match="期满后方可"):
        domain.conclude(by=office, publicity=notice, on=D(2026, 10, 12))


def test_concluding_is_refused_while_an_objection_is_unanswered(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    objection(notice)
    with pytest.raises(ValidationError, match="1条异议未答复"):
        domain.conclude(by=office, publicity=notice, on=D(2026, 10, 13))
    notice.refresh_from_db()
    assert notice.state == PublicityState.OPEN


def test_an_upheld_objection_removes_its_entry_and_the_others_pass(office):
    notice = open_notice(office, on=D(2026, 9, 29), entries=3)
    first, second, third = notice.entries.all()
    upheld = objection(notice, entry=second)
    rejected = objection(notice, entry=first, on=D(2026, 10, 12))
    domain.answer_objection(by=office, objection=upheld, answer="经核实，其仅为任务参与人。", upheld=True)
    domain.answer_objection(by=office, objection=rejected, answer="经核实，反映不实。", upheld=False)
    concluded = domain.conclude(by=office, publicity=notice, on=D(2026, 10, 13))
    assert concluded.state == PublicityState.CONCLUDED and concluded.concluded_by == office
    outcomes = {e.pk: e.outcome for e in concluded.entries.all()}
    assert outcomes == {first.pk: EntryOutcome.PASSED, second.pk: EntryOutcome.REMOVED, third.pk: EntryOutcome.PASSED}
    assert domain.upheld_answers(second) == ["经核实，其仅为任务参与人。"]
    audit = history_of(notice).filter(action=AuditAction.UPDATE).get()
    assert audit.changes["removed"] == [second.name]


def test_no_answer_after_the_end(office):
    notice = open_notice(office, on=D(2026, 9, 29))
    filed = objection(notice)
    domain.answer_objection(by=office, objection=filed, answer="不成立", upheld=False)
    domain.conclude(by=office, publicity=notice, on=D(2026, 10, 13))
    with pytest.raises(ValidationError, match="答复不能再修改"):
        domain.answer_objection(by=office, objection=filed, answer="改为成立", upheld=True)
    with pytest.raises(ValidationError, match="公示已结束"):
        domain.conclude(by=office, publicity=notice, on=D(2026, 10, 14))


@pytest.mark.parametrize("role", ["county_staff", "unit_staff", "talent_self", "expert"])
def test_only_the_office_concludes(request, office, role):
    notice = open_notice(office, on=D(2026, 9, 29))
    with pytest.raises(PermissionDenied):
        domain.conclude(by=request.getfixturevalue(role), publicity=notice, on=D(2026, 10, 13))


# Lookups


def test_publicity_of_and_entry_of(office):
    owner = factories.UnitFactory()
    assert domain.publicity_of(owner) is None
    notice = open_notice(office, on=D(2026, 9, 29), owner=owner)
    assert domain.publicity_of(owner) == notice
    entry = notice.entries.first()
    assert domain.entry_of(entry.subject) == entry
    assert domain.entry_of(factories.TalentFactory()) is None


def test_certification_notices_use_their_own_rule(office):
    notice = domain.open_publicity(
        by=office,
        kind=PublicityKind.CERTIFICATION,
        title="高层次人才认定公示",
        body="",
        rule_key="certification.publicity_working_days",
        entries=specs(1),
        on=D(2026, 9, 29),
    )
    assert notice.rule.key == "certification.publicity_working_days"
    assert Objection.objects.count() == 0
