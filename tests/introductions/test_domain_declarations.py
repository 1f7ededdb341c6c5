"""Declaring, reviewing, changing and ending introductions, and logging flexible talents' time
(第七条–第八条, 第十四条)."""

import datetime
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests import clock, factories
from tests.introductions.factories import (
    CONTRACT_FILE,
    ChannelFactory,
    FlexibleIntroductionFactory,
    IntroductionFactory,
    work,
)
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction
from yingcai.introductions.domain import rules_keys
from yingcai.introductions.domain.compliance import close_year
from yingcai.introductions.domain.declarations import (
    change_to_full_time,
    declare_introduction,
    delete_work_period,
    log_work_period,
    record_departure,
    review,
    update_introduction,
)
from yingcai.introductions.enums import IntroductionManner, IntroductionMode, IntroductionState, ServiceForm
from yingcai.introductions.models import Introduction, WorkPeriod
from yingcai.policy.domain import publish_rule_version, rule_in_force
from yingcai.workflows.engine import steps_of

# Database tests, so pytest-django orders them before the transactional ones that empty it.
pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 11, 25)
CONTRACT_YEARS = rules_keys.FULL_TIME_MIN_CONTRACT_YEARS


@pytest.fixture(autouse=True)
def _today():
    """'Today' for the not-in-the-future check of working periods."""
    with clock.on(TODAY):
        yield


def full_time_data(**overrides) -> dict:
    data = {
        "mode": IntroductionMode.FULL_TIME,
        "manner": IntroductionManner.INDIVIDUAL,
        "introduced_on": D(2024, 3, 1),
        "personnel_transferred_on": D(2024, 3, 1),
        "transferred_from": "郑州大学",
        "contract_start": D(2024, 3, 1),
        "contract_end": D(2027, 2, 28),
        "contract_file": CONTRACT_FILE,
    }
    return {**data, **overrides}


def flexible_data(**overrides) -> dict:
    data = {
        "mode": IntroductionMode.FLEXIBLE,
        "manner": IntroductionManner.CENTRALIZED,
        "introduced_on": D(2024, 1, 1),
        "service_forms": [ServiceForm.PROJECT.value],
        "agreement_start": D(2024, 1, 1),
        "agreement_end": D(2026, 12, 31),
    }
    return {**data, **overrides}


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.fixture
def draft(unit_staff, talent, unit):
    return declare_introduction(by=unit_staff, talent=talent, unit=unit, data=full_time_data())


@pytest.fixture
def flexible(unit, talent):
    return FlexibleIntroductionFactory(unit=unit, talent=talent)


# --- 第七条 全职引进: a contract of 3 years or more ------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2024, 3, 1), D(2027, 2, 28)),
        (D(2024, 2, 29), D(2027, 2, 28)),
        (D(2024, 1, 1), D(2026, 12, 31)),
    ],
)
def test_a_contract_of_exactly_three_years_is_accepted_with_its_rule_version(unit_staff, talent, unit, start, end):
    introduction = declare_introduction(
        by=unit_staff, talent=talent, unit=unit, data=full_time_data(contract_start=start, contract_end=end)
    )
    introduction.refresh_from_db()
    assert introduction.state == IntroductionState.DRAFT
    assert introduction.contract_rule == rule_in_force(CONTRACT_YEARS, start)
    assert introduction.contract_rule.version == 1
    assert "3年" in introduction.decision_note
    assert "第七条" in introduction.decision_note
    assert "v1" in introduction.decision_note
    [entry] = history_of(introduction)
    assert entry.action == AuditAction.CREATE
    assert entry.actor == unit_staff
    assert entry.changes["contract_end"] == end.isoformat()


def test_a_longer_contract_is_accepted(unit_staff, talent, unit):
    introduction = declare_introduction(
        by=unit_staff, talent=talent, unit=unit, data=full_time_data(contract_end=D(2029, 2, 28))
    )
    assert introduction.contract_rule is not None
    assert "5年" in introduction.decision_note


@pytest.mark.parametrize(
    ("start", "end", "shortest"),
    [
        # 2 years 364 days: one day short of 3年以上.
        (D(2024, 3, 1), D(2027, 2, 27), D(2027, 2, 28)),
        (D(2024, 1, 1), D(2026, 12, 30), D(2026, 12, 31)),
        (D(2024, 2, 29), D(2027, 2, 27), D(2027, 2, 28)),
        (D(2024, 3, 1), D(2026, 2, 28), D(2027, 2, 28)),
    ],
)
def test_a_contract_short_of_three_years_is_refused_citing_article_7(unit_staff, talent, unit, start, end, shortest):
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(
            by=unit_staff, talent=talent, unit=unit, data=full_time_data(contract_start=start, contract_end=end)
        )
    errors = errors_of(excinfo)
    assert list(errors) == ["contract_end"]
    [message] = errors["contract_end"]
    assert "第七条" in message
    assert "3年以上" in message
    assert shortest.isoformat() in message
    assert not Introduction.objects.exists()


def test_the_refusal_says_how_long_the_contract_is(unit_staff, talent, unit):
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(by=unit_staff, talent=talent, unit=unit, data=full_time_data(contract_end=D(2027, 2, 27)))
    assert "2年11个月27天" in errors_of(excinfo)["contract_end"][0]


def test_a_contract_ending_before_it_starts_is_refused(unit_staff, talent, unit):
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(by=unit_staff, talent=talent, unit=unit, data=full_time_data(contract_end=D(2024, 2, 1)))
    assert "contract_end" in errors_of(excinfo)


@pytest.mark.parametrize(
    ("field", "blank"),
    [
        ("personnel_transferred_on", None),
        ("transferred_from", ""),
        ("contract_start", None),
        ("contract_end", None),
    ],
)
def test_full_time_without_personnel_transfer_or_contract_dates_is_refused(unit_staff, talent, unit, field, blank):
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(by=unit_staff, talent=talent, unit=unit, data=full_time_data(**{field: blank}))
    errors = errors_of(excinfo)
    assert field in errors
    assert "第七条" in errors[field][0]
    assert not Introduction.objects.exists()


def test_a_contract_starting_before_the_first_rule_version_is_kept_for_the_office_as_history(unit_staff, talent, unit):
    data = full_time_data(
        introduced_on=D(2023, 6, 1),
        personnel_transferred_on=D(2023, 6, 1),
        contract_start=D(2023, 6, 1),
        contract_end=D(2026, 5, 31),
    )
    introduction = declare_introduction(by=unit_staff, talent=talent, unit=unit, data=data)
    assert introduction.contract_rule is None
    assert "历史记录" in introduction.decision_note


# --- 第七条 柔性引进 ----------------------------------------------------------------------------


def test_flexible_introduction_is_accepted_without_contract_decision(unit_staff, talent, unit):
    introduction = declare_introduction(by=unit_staff, talent=talent, unit=unit, data=flexible_data())
    introduction.refresh_from_db()
    assert introduction.mode == IntroductionMode.FLEXIBLE
    assert introduction.service_forms == ["project"]
    assert introduction.contract_rule is None
    assert introduction.decision_note == ""


@pytest.mark.parametrize("forms", [[], None])
def test_flexible_without_service_forms_is_refused(unit_staff, talent, unit, forms):
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(by=unit_staff, talent=talent, unit=unit, data=flexible_data(service_forms=forms))
    assert "service_forms" in errors_of(excinfo)
    assert not Introduction.objects.exists()


def test_flexible_with_an_unknown_service_form_is_refused(unit_staff, talent, unit):
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(
            by=unit_staff, talent=talent, unit=unit, data=flexible_data(service_forms=["project", "lecture"])
        )
    assert "service_forms" in errors_of(excinfo)


def test_flexible_without_agreement_period_is_refused(unit_staff, talent, unit):
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(by=unit_staff, talent=talent, unit=unit, data=flexible_data(agreement_end=None))
    assert "agreement_start" in errors_of(excinfo)


def test_flexible_agreement_ending_before_it_starts_is_refused(unit_staff, talent, unit):
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(by=unit_staff, talent=talent, unit=unit, data=flexible_data(agreement_end=D(2023, 12, 31)))
    assert "agreement_end" in errors_of(excinfo)


def test_fields_of_the_other_mode_are_cleared_on_a_full_time_declaration(unit_staff, talent, unit):
    data = full_time_data(service_forms=["consulting"], agreement_start=D(2024, 1, 1), agreement_end=D(2024, 12, 31))
    introduction = declare_introduction(by=unit_staff, talent=talent, unit=unit, data=data)
    introduction.refresh_from_db()
    assert introduction.service_forms == []
    assert introduction.agreement_start is None
    assert introduction.agreement_end is None
    assert introduction.contract_end == D(2027, 2, 28)


def test_fields_of_the_other_mode_are_cleared_on_a_flexible_declaration(unit_staff, talent, unit):
    data = flexible_data(
        personnel_transferred_on=D(2024, 3, 1),
        transferred_from="郑州大学",
        contract_start=D(2024, 3, 1),
        contract_end=D(2027, 2, 28),
        contract_file=CONTRACT_FILE,
    )
    introduction = declare_introduction(by=unit_staff, talent=talent, unit=unit, data=data)
    introduction.refresh_from_db()
    assert introduction.personnel_transferred_on is None
    assert introduction.transferred_from == ""
    assert introduction.contract_start is None
    assert introduction.contract_end is None
    assert not introduction.contract_file
    assert introduction.contract_rule is None


def test_switching_a_draft_from_full_time_to_flexible_clears_the_contract_and_its_decision(draft, unit_staff):
    assert draft.contract_rule is not None
    updated = update_introduction(by=unit_staff, introduction=draft, data=flexible_data(), version=draft.version)
    updated.refresh_from_db()
    assert updated.mode == IntroductionMode.FLEXIBLE
    assert updated.contract_start is None
    assert updated.contract_end is None
    assert updated.personnel_transferred_on is None
    assert updated.contract_rule is None
    assert updated.decision_note == ""
    assert updated.version == 2
    entry = history_of(updated).filter(action=AuditAction.UPDATE).get()
    assert entry.changes["mode"] == ["full_time", "flexible"]


# --- who may declare ------------------------------------------------------------------------


def test_a_unit_cannot_declare_for_another_unit(unit_staff, other_unit, other_talent):
    with pytest.raises(PermissionDenied):
        declare_introduction(by=unit_staff, talent=other_talent, unit=other_unit, data=full_time_data())
    assert not Introduction.objects.exists()


@pytest.mark.parametrize("who", ["county_staff", "talent_self", "expert"])
def test_only_units_and_the_office_declare(request, who, talent, unit):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        declare_introduction(by=user, talent=talent, unit=unit, data=full_time_data())


def test_the_office_may_declare_for_any_unit(office, talent, unit):
    introduction = declare_introduction(by=office, talent=talent, unit=unit, data=full_time_data())
    assert introduction.created_by == office


def test_a_talent_who_is_not_in_the_unit_cannot_be_declared(unit_staff, unit, other_talent):
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(by=unit_staff, talent=other_talent, unit=unit, data=full_time_data())
    assert "talent" in errors_of(excinfo)


def test_another_unit_cannot_edit_a_declaration(draft, other_unit):
    with pytest.raises(PermissionDenied):
        update_introduction(
            by=factories.unit_user(other_unit), introduction=draft, data={"transferred_from": "x"}, version=None
        )


def test_an_uploaded_contract_file_is_stored(unit_staff, talent, unit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("合同.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    introduction = declare_introduction(
        by=unit_staff, talent=talent, unit=unit, data=full_time_data(contract_file=upload)
    )
    introduction.refresh_from_db()
    assert introduction.contract_file.name.startswith("introductions/contracts/")
    assert (tmp_path / introduction.contract_file.name).read_bytes().startswith(b"%PDF")
    # Under a random name; the unit's name for it is kept, and in the audit log.
    assert re.fullmatch(r"introductions/contracts/\d{4}/[0-9a-f]{32}\.pdf", introduction.contract_file.name)
    assert introduction.contract_file_name == "合同.pdf"
    assert history_of(introduction)[0].changes["contract_file_name"] == "合同.pdf"


def test_a_renamed_executable_is_refused_as_a_contract_naming_the_field(unit_staff, talent, unit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 This program cannot be run in DOS mode")
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(by=unit_staff, talent=talent, unit=unit, data=full_time_data(contract_file=upload))
    assert errors_of(excinfo)["contract_file"] == [
        "“合同/协议文件”的文件内容不是 PDF 文件，与扩展名（.pdf）不符。请确认文件未损坏、格式正确后重新上传。"
    ]
    assert not Introduction.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_removing_the_contract_or_turning_flexible_forgets_its_name(unit_staff, talent, unit, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("合同.pdf", b"%PDF-1.7\n%%EOF\n")
    introduction = declare_introduction(
        by=unit_staff, talent=talent, unit=unit, data=full_time_data(contract_file=upload)
    )
    update_introduction(by=unit_staff, introduction=introduction, data={"contract_file": ""}, version=None)
    introduction.refresh_from_db()
    assert (introduction.contract_file.name, introduction.contract_file_name) == ("", "")
    upload = SimpleUploadedFile("合同二.pdf", b"%PDF-1.7\n%%EOF\n")
    update_introduction(by=unit_staff, introduction=introduction, data={"contract_file": upload}, version=None)
    introduction.refresh_from_db()
    assert introduction.contract_file_name == "合同二.pdf"
    update_introduction(
        by=unit_staff,
        introduction=introduction,
        data={
            "mode": IntroductionMode.FLEXIBLE,
            "service_forms": [ServiceForm.PROJECT],
            "agreement_start": D(2024, 3, 1),
            "agreement_end": D(2026, 2, 28),
        },
        version=None,
    )
    introduction.refresh_from_db()
    assert (introduction.contract_file.name, introduction.contract_file_name) == ("", "")


def test_the_data_migration_names_existing_contracts_after_their_file(unit):
    kept = IntroductionFactory(unit=unit, contract_file="introductions/contracts/2024/张三劳动合同.pdf")
    none = IntroductionFactory(unit=unit, contract_file="")
    migration = importlib.import_module("yingcai.introductions.migrations.0003_contract_file_name")
    migration.name_from_path(django_apps, None)
    kept.refresh_from_db()
    none.refresh_from_db()
    assert kept.contract_file.name == "introductions/contracts/2024/张三劳动合同.pdf"  # the file stays where it is
    assert kept.contract_file_name == "张三劳动合同.pdf"
    assert none.contract_file_name == ""


# --- the review chain -------------------------------------------------------------------------


def test_submit_without_a_contract_file_is_refused(unit_staff, talent, unit):
    introduction = declare_introduction(by=unit_staff, talent=talent, unit=unit, data=full_time_data(contract_file=""))
    with pytest.raises(ValidationError) as excinfo:
        review(by=unit_staff, introduction=introduction, transition="submit")
    assert "contract_file" in errors_of(excinfo)
    introduction.refresh_from_db()
    assert introduction.state == IntroductionState.DRAFT
    assert not steps_of(introduction).exists()


def test_the_full_review_chain_records_each_step_and_audits_it(draft, unit_staff, county_staff, office):
    draft = review(by=unit_staff, introduction=draft, transition="submit")
    assert draft.state == IntroductionState.SUBMITTED
    draft = review(by=county_staff, introduction=draft, transition="county_approve")
    assert draft.state == IntroductionState.COUNTY_APPROVED
    draft = review(by=office, introduction=draft, transition="confirm")
    assert draft.state == IntroductionState.CONFIRMED

    steps = list(steps_of(draft))
    assert [s.transition for s in steps] == ["submit", "county_approve", "confirm"]
    assert [(s.from_state, s.to_state) for s in steps] == [
        ("draft", "submitted"),
        ("submitted", "county_approved"),
        ("county_approved", "confirmed"),
    ]
    assert [s.actor for s in steps] == [unit_staff, county_staff, office]
    assert steps[1].actor_scope == county_staff.jurisdiction.name
    assert all(s.workflow == "introduction" for s in steps)

    moves = history_of(draft).filter(action=AuditAction.UPDATE).order_by("at", "id")
    assert [e.changes["state"] for e in moves] == [
        ["草稿", "待县区/主管部门审核"],
        ["待县区/主管部门审核", "待人才办确认"],
        ["待人才办确认", "已确认"],
    ]
    assert [e.actor for e in moves] == [unit_staff, county_staff, office]


def test_a_department_above_the_unit_may_approve(draft, unit, unit_staff):
    department = factories.DepartmentFactory(name="市科技局测试")
    unit.department = department
    unit.save()
    draft = review(by=unit_staff, introduction=draft, transition="submit")
    draft = review(by=factories.jurisdiction_user(department), introduction=draft, transition="county_approve")
    assert draft.state == IntroductionState.COUNTY_APPROVED


def test_a_county_return_needs_a_reason(draft, unit_staff, county_staff):
    review(by=unit_staff, introduction=draft, transition="submit")
    with pytest.raises(ValidationError) as excinfo:
        review(by=county_staff, introduction=draft, transition="county_return", reason="   ")
    assert "reason" in errors_of(excinfo)
    draft.refresh_from_db()
    assert draft.state == IntroductionState.SUBMITTED


def test_a_returned_declaration_goes_back_to_the_unit_who_edits_and_resubmits(draft, unit_staff, county_staff):
    review(by=unit_staff, introduction=draft, transition="submit")
    returned = review(by=county_staff, introduction=draft, transition="county_return", reason="合同扫描件不清晰")
    assert returned.state == IntroductionState.RETURNED
    assert steps_of(returned).last().reason == "合同扫描件不清晰"
    assert "合同扫描件不清晰" in history_of(returned).filter(action=AuditAction.UPDATE).first().reason

    edited = update_introduction(
        by=unit_staff, introduction=returned, data={"transferred_from": "河南大学"}, version=returned.version
    )
    assert edited.transferred_from == "河南大学"
    resubmitted = review(by=unit_staff, introduction=edited, transition="submit")
    assert resubmitted.state == IntroductionState.SUBMITTED
    assert [s.transition for s in steps_of(resubmitted)] == ["submit", "county_return", "submit"]


def test_the_office_return_needs_a_reason_and_goes_back_to_the_unit(draft, unit_staff, county_staff, office):
    review(by=unit_staff, introduction=draft, transition="submit")
    review(by=county_staff, introduction=draft, transition="county_approve")
    with pytest.raises(ValidationError):
        review(by=office, introduction=draft, transition="office_return")
    returned = review(by=office, introduction=draft, transition="office_return", reason="人事关系转入证明缺失")
    assert returned.state == IntroductionState.RETURNED
    edited = update_introduction(
        by=unit_staff, introduction=returned, data={"personnel_transferred_on": D(2024, 3, 5)}, version=None
    )
    assert edited.personnel_transferred_on == D(2024, 3, 5)


def test_a_submitted_declaration_cannot_be_edited(draft, unit_staff):
    review(by=unit_staff, introduction=draft, transition="submit")
    with pytest.raises(ValidationError):
        update_introduction(by=unit_staff, introduction=draft, data={"transferred_from": "河南大学"}, version=None)
    draft.refresh_from_db()
    assert draft.transferred_from == "郑州大学"


def test_a_confirmed_declaration_cannot_be_edited_even_by_the_office(draft, unit_staff, county_staff, office):
    review(by=unit_staff, introduction=draft, transition="submit")
    review(by=county_staff, introduction=draft, transition="county_approve")
    review(by=office, introduction=draft, transition="confirm")
    with pytest.raises(ValidationError):
        update_introduction(by=office, introduction=draft, data={"transferred_from": "河南大学"}, version=None)


def test_a_county_outside_the_jurisdiction_cannot_approve(draft, unit_staff, other_county):
    review(by=unit_staff, introduction=draft, transition="submit")
    outsider = factories.jurisdiction_user(other_county)
    with pytest.raises(PermissionDenied):
        review(by=outsider, introduction=draft, transition="county_approve")
    with pytest.raises(PermissionDenied):
        review(by=outsider, introduction=draft, transition="county_return", reason="不属于本县区")
    draft.refresh_from_db()
    assert draft.state == IntroductionState.SUBMITTED
    assert [s.transition for s in steps_of(draft)] == ["submit"]


def test_a_unit_cannot_approve_or_confirm_its_own_declaration(draft, unit_staff, county_staff):
    review(by=unit_staff, introduction=draft, transition="submit")
    with pytest.raises(PermissionDenied):
        review(by=unit_staff, introduction=draft, transition="county_approve")
    review(by=county_staff, introduction=draft, transition="county_approve")
    with pytest.raises(PermissionDenied):
        review(by=unit_staff, introduction=draft, transition="confirm")
    with pytest.raises(PermissionDenied):
        review(by=county_staff, introduction=draft, transition="confirm")
    draft.refresh_from_db()
    assert draft.state == IntroductionState.COUNTY_APPROVED


def test_another_unit_cannot_submit(draft, other_unit):
    with pytest.raises(PermissionDenied):
        review(by=factories.unit_user(other_unit), introduction=draft, transition="submit")


def test_a_step_out_of_order_is_refused(draft, county_staff, office):
    with pytest.raises(ValidationError):
        review(by=county_staff, introduction=draft, transition="county_approve")
    with pytest.raises(ValidationError):
        review(by=office, introduction=draft, transition="confirm")
    draft.refresh_from_db()
    assert draft.state == IntroductionState.DRAFT


# --- a new event, not an edit: flexible → full-time, departure ----------------------------------


def test_change_to_full_time_creates_a_successor_and_ends_the_flexible_record(flexible, unit_staff):
    channel = ChannelFactory()
    Introduction.objects.filter(pk=flexible.pk).update(channel=channel)
    flexible.refresh_from_db()
    before = Introduction.objects.values().get(pk=flexible.pk)
    data = full_time_data(
        introduced_on=D(2025, 7, 1),
        personnel_transferred_on=D(2025, 7, 1),
        contract_start=D(2025, 7, 1),
        contract_end=D(2028, 6, 30),
    )
    successor = change_to_full_time(by=unit_staff, previous=flexible, data=data)

    successor.refresh_from_db()
    assert successor.pk != flexible.pk
    assert successor.supersedes == flexible
    assert successor.mode == IntroductionMode.FULL_TIME
    assert successor.state == IntroductionState.DRAFT
    assert successor.talent == flexible.talent
    assert successor.unit == flexible.unit
    assert successor.manner == flexible.manner
    assert successor.channel == channel
    assert successor.contract_rule == rule_in_force(CONTRACT_YEARS, D(2025, 7, 1))
    assert successor.service_forms == []

    after = Introduction.objects.values().get(pk=flexible.pk)
    assert after["ended_on"] == D(2025, 6, 30)  # the day before the full-time start
    assert after["end_reason"]
    changed = {k for k in after if after[k] != before[k]} - {"updated_at"}
    assert changed == {"ended_on", "end_reason"}
    assert flexible.superseded_by == successor
    assert history_of(flexible).filter(action=AuditAction.UPDATE, changes__ended_on__1="2025-06-30").exists()
    assert history_of(successor).filter(action=AuditAction.CREATE).exists()


def test_after_the_change_no_time_can_be_logged_on_the_flexible_record_past_its_end(flexible, unit_staff):
    change_to_full_time(
        by=unit_staff,
        previous=flexible,
        data=full_time_data(
            introduced_on=D(2025, 7, 1),
            personnel_transferred_on=D(2025, 7, 1),
            contract_start=D(2025, 7, 1),
            contract_end=D(2028, 6, 30),
        ),
    )
    flexible.refresh_from_db()
    log_work_period(by=unit_staff, introduction=flexible, start=D(2025, 6, 1), end=D(2025, 6, 30), description="x")
    with pytest.raises(ValidationError) as excinfo:
        log_work_period(by=unit_staff, introduction=flexible, start=D(2025, 6, 20), end=D(2025, 7, 1), description="x")
    assert "end" in errors_of(excinfo)


def test_change_to_full_time_still_applies_article_7(flexible, unit_staff):
    with pytest.raises(ValidationError) as excinfo:
        change_to_full_time(
            by=unit_staff,
            previous=flexible,
            data=full_time_data(
                introduced_on=D(2025, 7, 1),
                personnel_transferred_on=D(2025, 7, 1),
                contract_start=D(2025, 7, 1),
                contract_end=D(2028, 6, 29),
            ),
        )
    assert "contract_end" in errors_of(excinfo)
    flexible.refresh_from_db()
    assert flexible.ended_on is None
    assert Introduction.objects.count() == 1


def test_change_to_full_time_must_start_after_the_flexible_agreement_started(flexible, unit_staff):
    with pytest.raises(ValidationError) as excinfo:
        change_to_full_time(
            by=unit_staff, previous=flexible, data=full_time_data(introduced_on=flexible.agreement_start)
        )
    assert "introduced_on" in errors_of(excinfo)
    flexible.refresh_from_db()
    assert flexible.ended_on is None
    assert Introduction.objects.count() == 1


def test_only_a_running_flexible_introduction_can_change_to_full_time(unit, talent, unit_staff, flexible):
    full_time = IntroductionFactory(unit=unit, talent=talent)
    with pytest.raises(ValidationError):
        change_to_full_time(by=unit_staff, previous=full_time, data=full_time_data(introduced_on=D(2025, 7, 1)))
    record_departure(by=unit_staff, introduction=flexible, left_on=D(2025, 1, 31), reason="协议提前终止")
    with pytest.raises(ValidationError):
        change_to_full_time(by=unit_staff, previous=flexible, data=full_time_data(introduced_on=D(2025, 7, 1)))


def test_another_unit_cannot_change_the_mode(flexible, other_unit):
    with pytest.raises(PermissionDenied):
        change_to_full_time(
            by=factories.unit_user(other_unit), previous=flexible, data=full_time_data(introduced_on=D(2025, 7, 1))
        )
    flexible.refresh_from_db()
    assert flexible.ended_on is None


def test_record_departure_ends_the_introduction_and_keeps_it(unit, talent, unit_staff):
    introduction = IntroductionFactory(unit=unit, talent=talent)
    ended = record_departure(by=unit_staff, introduction=introduction, left_on=D(2025, 8, 31), reason="调离本市")
    ended.refresh_from_db()
    assert ended.ended_on == D(2025, 8, 31)
    assert ended.end_reason == "调离本市"
    assert ended.state == IntroductionState.CONFIRMED
    assert ended.contract_end == D(2027, 2, 28)
    entry = history_of(ended).get(action=AuditAction.UPDATE)
    assert entry.reason == "调离本市"
    assert entry.changes == {"ended_on": [None, "2025-08-31"]}


def test_record_departure_needs_a_reason_a_sensible_date_and_happens_once(unit, talent, unit_staff):
    introduction = IntroductionFactory(unit=unit, talent=talent)
    with pytest.raises(ValidationError) as excinfo:
        record_departure(by=unit_staff, introduction=introduction, left_on=D(2025, 8, 31), reason=" ")
    assert "reason" in errors_of(excinfo)
    with pytest.raises(ValidationError) as excinfo:
        record_departure(by=unit_staff, introduction=introduction, left_on=D(2024, 2, 29), reason="调离")
    assert "left_on" in errors_of(excinfo)
    record_departure(by=unit_staff, introduction=introduction, left_on=D(2024, 3, 1), reason="调离")
    with pytest.raises(ValidationError):
        record_departure(by=unit_staff, introduction=introduction, left_on=D(2025, 1, 1), reason="再次调离")
    introduction.refresh_from_db()
    assert introduction.ended_on == D(2024, 3, 1)


@pytest.mark.parametrize("who", ["county_staff", "talent_self"])
def test_record_departure_is_denied_to_others_than_the_unit_and_office(request, who, unit, talent):
    introduction = IntroductionFactory(unit=unit, talent=talent)
    with pytest.raises(PermissionDenied):
        record_departure(
            by=request.getfixturevalue(who), introduction=introduction, left_on=D(2025, 1, 1), reason="调离"
        )


# --- 第八条 logging working periods -----------------------------------------------------------


def test_the_unit_logs_a_period_of_its_flexible_talent(flexible, unit_staff):
    period = log_work_period(
        by=unit_staff, introduction=flexible, start=D(2025, 3, 1), end=D(2025, 3, 31), description="联合攻关"
    )
    assert WorkPeriod.objects.get(pk=period.pk).logged_by == unit_staff
    entry = history_of(flexible).get(action=AuditAction.CREATE)
    assert entry.changes == {"work_period": [None, "2025-03-01～2025-03-31 联合攻关"]}


def test_the_office_may_log_a_period(flexible, office):
    log_work_period(by=office, introduction=flexible, start=D(2025, 3, 1), end=D(2025, 3, 1), description="x")
    assert flexible.work_periods.count() == 1


def test_only_flexible_talents_log_periods(unit, talent, unit_staff):
    introduction = IntroductionFactory(unit=unit, talent=talent)
    with pytest.raises(ValidationError):
        log_work_period(
            by=unit_staff, introduction=introduction, start=D(2025, 3, 1), end=D(2025, 3, 2), description="x"
        )
    assert not WorkPeriod.objects.exists()


def test_a_period_must_lie_within_the_agreement(flexible, unit_staff):
    # The agreement runs 2024-01-01 … 2026-12-31.
    with pytest.raises(ValidationError) as excinfo:
        log_work_period(by=unit_staff, introduction=flexible, start=D(2023, 12, 31), end=D(2024, 1, 5), description="x")
    assert "start" in errors_of(excinfo)
    log_work_period(by=unit_staff, introduction=flexible, start=D(2024, 1, 1), end=D(2024, 1, 5), description="x")
    assert flexible.work_periods.count() == 1


def test_a_period_must_not_run_past_the_agreement_end(unit, talent, unit_staff):
    introduction = FlexibleIntroductionFactory(
        unit=unit, talent=talent, agreement_start=D(2024, 1, 1), agreement_end=D(2025, 6, 30)
    )
    with pytest.raises(ValidationError) as excinfo:
        log_work_period(
            by=unit_staff, introduction=introduction, start=D(2025, 6, 20), end=D(2025, 7, 1), description="x"
        )
    assert "end" in errors_of(excinfo)
    log_work_period(by=unit_staff, introduction=introduction, start=D(2025, 6, 20), end=D(2025, 6, 30), description="x")


def test_a_period_cannot_end_in_the_future(flexible, unit_staff):
    with pytest.raises(ValidationError) as excinfo:
        log_work_period(
            by=unit_staff,
            introduction=flexible,
            start=TODAY,
            end=TODAY + datetime.timedelta(days=1),
            description="x",
        )
    assert "end" in errors_of(excinfo)
    log_work_period(by=unit_staff, introduction=flexible, start=TODAY, end=TODAY, description="x")
    assert flexible.work_periods.count() == 1


def test_a_period_cannot_end_before_it_starts(flexible, unit_staff):
    with pytest.raises(ValidationError) as excinfo:
        log_work_period(by=unit_staff, introduction=flexible, start=D(2025, 3, 2), end=D(2025, 3, 1), description="x")
    assert "end" in errors_of(excinfo)
    assert not WorkPeriod.objects.exists()


def test_a_unit_cannot_log_time_for_another_units_talent(flexible, other_unit):
    with pytest.raises(PermissionDenied):
        log_work_period(
            by=factories.unit_user(other_unit),
            introduction=flexible,
            start=D(2025, 3, 1),
            end=D(2025, 3, 2),
            description="x",
        )
    assert not WorkPeriod.objects.exists()


@pytest.mark.parametrize("who", ["county_staff", "talent_self", "expert"])
def test_county_staff_and_others_cannot_log_time(request, who, flexible):
    with pytest.raises(PermissionDenied):
        log_work_period(
            by=request.getfixturevalue(who),
            introduction=flexible,
            start=D(2025, 3, 1),
            end=D(2025, 3, 2),
            description="x",
        )
    assert not WorkPeriod.objects.exists()


def test_delete_work_period_needs_a_reason_and_is_audited(flexible, unit_staff):
    period = work(flexible, D(2025, 3, 1), D(2025, 3, 31))
    with pytest.raises(ValidationError) as excinfo:
        delete_work_period(by=unit_staff, period=period, reason="  ")
    assert "reason" in errors_of(excinfo)
    assert WorkPeriod.objects.filter(pk=period.pk).exists()
    delete_work_period(by=unit_staff, period=period, reason="重复登记")
    assert not WorkPeriod.objects.filter(pk=period.pk).exists()
    entry = history_of(flexible).get(action=AuditAction.DELETE)
    assert entry.reason == "重复登记"
    assert entry.changes["work_period"][1] is None


def test_delete_work_period_is_refused_for_a_closed_year(flexible, unit_staff, office):
    closed = work(flexible, D(2024, 12, 20), D(2025, 1, 10))  # crosses into 2025, starts in closed 2024
    open_year = work(flexible, D(2025, 3, 1), D(2025, 3, 31))
    close_year(year=2024, by=office, today=D(2025, 1, 2))
    with pytest.raises(ValidationError):
        delete_work_period(by=unit_staff, period=closed, reason="登记错误")
    assert WorkPeriod.objects.filter(pk=closed.pk).exists()
    delete_work_period(by=unit_staff, period=open_year, reason="登记错误")
    assert not WorkPeriod.objects.filter(pk=open_year.pk).exists()


def test_another_unit_cannot_delete_a_period(flexible, other_unit):
    period = work(flexible, D(2025, 3, 1), D(2025, 3, 31))
    with pytest.raises(PermissionDenied):
        delete_work_period(by=factories.unit_user(other_unit), period=period, reason="x")
    assert WorkPeriod.objects.filter(pk=period.pk).exists()


# --- 第十四条: rule versions decide, and decisions keep their version ------------------------------


def test_a_new_contract_rule_version_decides_contracts_starting_from_its_date(office, unit_staff, unit, talent, draft):
    v1 = draft.contract_rule
    v2 = publish_rule_version(
        by=office, key=CONTRACT_YEARS, value=4, effective_from=D(2025, 1, 1), note="市委人才办会议纪要"
    )
    assert v2.version == 2

    # A contract starting on the new version's first day needs 4 years.
    with pytest.raises(ValidationError) as excinfo:
        declare_introduction(
            by=unit_staff,
            talent=talent,
            unit=unit,
            data=full_time_data(
                introduced_on=D(2025, 1, 1),
                personnel_transferred_on=D(2025, 1, 1),
                contract_start=D(2025, 1, 1),
                contract_end=D(2027, 12, 31),
            ),
        )
    message = errors_of(excinfo)["contract_end"][0]
    assert "4年以上" in message
    assert "v2" in message
    accepted = declare_introduction(
        by=unit_staff,
        talent=talent,
        unit=unit,
        data=full_time_data(
            introduced_on=D(2025, 1, 1),
            personnel_transferred_on=D(2025, 1, 1),
            contract_start=D(2025, 1, 1),
            contract_end=D(2028, 12, 31),
        ),
    )
    assert accepted.contract_rule == v2
    assert "4年以上" in accepted.decision_note

    # A contract starting the day before still needs 3 years, under version 1.
    earlier = declare_introduction(
        by=unit_staff,
        talent=talent,
        unit=unit,
        data=full_time_data(contract_start=D(2024, 12, 31), contract_end=D(2027, 12, 30)),
    )
    assert earlier.contract_rule == v1

    # The declaration decided before the change keeps pointing at version 1.
    draft.refresh_from_db()
    assert draft.contract_rule == v1
    assert draft.contract_rule.version == 1
    assert "v1" in draft.decision_note


@pytest.mark.parametrize("who", ["unit_staff", "county_staff", "talent_self", "expert"])
def test_only_the_office_may_publish_a_rule_version(request, who):
    with pytest.raises(PermissionDenied):
        publish_rule_version(
            by=request.getfixturevalue(who),
            key=CONTRACT_YEARS,
            value=4,
            effective_from=D(2025, 1, 1),
            note="市委人才办会议纪要",
        )
    assert rule_in_force(CONTRACT_YEARS, D(2026, 1, 1)).version == 1
