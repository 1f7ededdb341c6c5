"""Opening a project, granting its funding and reporting its spending (第三条): every rule at its
boundary, every refusal, the audit trail, and the over-spending warning that never refuses."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.projects.conftest import SHANGHAI
from tests.projects.factories import GrantFactory, ProjectFactory, SelectedNominationFactory, SpendingFactory
from tests.selection.factories import NominationFactory, RoundFactory
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction
from yingcai.notifications.models import Notification
from yingcai.projects.domain import projects as domain
from yingcai.projects.enums import ProjectState, SpendingCategory
from yingcai.projects.models import FundingGrant, Project, SpendingReport
from yingcai.registry.domain.errors import StaleEditError
from yingcai.selection.enums import NominationOutcome

pytestmark = pytest.mark.django_db
D = Decimal
C = SpendingCategory


def messages_of(error) -> str:
    return " ".join(error.value.messages)


# ---- opening ---------------------------------------------------------------------------------


def test_open_project_takes_the_task_and_is_idempotent(office, unit, talent):
    nomination = SelectedNominationFactory(
        unit=unit,
        talent=talent,
        round=RoundFactory(year=2026),
        task_name="尼龙新材料中试",
        task_funding=D("800.00"),
        task_start=datetime.date(2025, 1, 1),
        task_end=datetime.date(2028, 6, 30),
    )
    project = domain.open_project(by=office, nomination=nomination)
    assert (project.name, project.total_funding, project.start_year, project.end_year) == (
        "尼龙新材料中试",
        D("800.00"),
        2026,  # the round's year: the task began before the talent was selected
        2028,
    )
    assert (project.talent, project.unit, project.state, project.created_by) == (
        talent,
        unit,
        ProjectState.ACTIVE,
        office,
    )
    again = domain.open_project(by=office, nomination=nomination)
    assert again.pk == project.pk
    assert Project.objects.count() == 1
    assert [e.action for e in history_of(project)] == [AuditAction.CREATE]


def test_open_project_refuses_a_nomination_that_was_not_selected(office):
    for outcome in (NominationOutcome.PENDING, NominationOutcome.SHORTLISTED, NominationOutcome.REMOVED):
        nomination = NominationFactory(outcome=outcome)
        with pytest.raises(ValidationError) as error:
            domain.open_project(by=office, nomination=nomination)
        assert "第三条" in messages_of(error)
    assert not Project.objects.exists()


@pytest.mark.parametrize("who", ["unit_staff", "county_staff", "talent_self", "expert"])
def test_only_the_office_opens_projects(request, who):
    nomination = SelectedNominationFactory()
    with pytest.raises(PermissionDenied):
        domain.open_project(by=request.getfixturevalue(who), nomination=nomination)


def test_open_project_tells_the_unit_and_the_talent(office, unit, talent, unit_staff, talent_self):
    domain.open_project(by=office, nomination=SelectedNominationFactory(unit=unit, talent=talent))
    assert set(Notification.objects.values_list("recipient", flat=True)) == {unit_staff.pk, talent_self.pk}


# ---- granting --------------------------------------------------------------------------------


def test_grants_may_add_up_to_the_total_exactly(office, project):
    domain.grant_funding(by=office, project=project, year=2025, amount=D("100.00"))
    domain.grant_funding(by=office, project=project, year=2026, amount=D("150.00"))
    grant = domain.grant_funding(by=office, project=project, year=2027, amount=D("50.00"), note="末年")
    assert grant.granted_on == datetime.date(2026, 11, 25)
    assert sum(FundingGrant.objects.values_list("amount", flat=True)) == D("300.00")


def test_a_grant_one_cent_over_the_total_is_refused(office, project):
    domain.grant_funding(by=office, project=project, year=2025, amount=D("250.00"))
    with pytest.raises(ValidationError) as error:
        domain.grant_funding(by=office, project=project, year=2026, amount=D("50.01"))
    assert error.value.message_dict["amount"] == [
        "各年度拨付合计不能超过项目经费总额300.00万元：已拨付250.00万元，本次50.01万元，最多还可拨付50.00万元。"
    ]
    assert FundingGrant.objects.count() == 1


def test_one_grant_per_year(office, project):
    domain.grant_funding(by=office, project=project, year=2025, amount=D("10.00"))
    with pytest.raises(ValidationError) as error:
        domain.grant_funding(by=office, project=project, year=2025, amount=D("10.00"))
    assert "2025年度已拨付经费" in messages_of(error)


@pytest.mark.parametrize("year", [2024, 2028])
def test_a_grant_outside_the_projects_years_is_refused(office, project, year):
    with pytest.raises(ValidationError) as error:
        domain.grant_funding(by=office, project=project, year=year, amount=D("10.00"))
    assert error.value.message_dict["year"] == [f"{year}年不在项目年度（2025—2027年）内。"]


@pytest.mark.parametrize("amount", ["0", "0.00", "-5", "1.005", "abc"])
def test_a_grant_must_be_a_positive_amount_in_cents(office, project, amount):
    with pytest.raises(ValidationError) as error:
        domain.grant_funding(by=office, project=project, year=2025, amount=amount)
    assert "amount" in error.value.message_dict


@pytest.mark.parametrize("who", ["unit_staff", "county_staff", "talent_self", "expert"])
def test_only_the_office_grants(request, project, who):
    with pytest.raises(PermissionDenied):
        domain.grant_funding(by=request.getfixturevalue(who), project=project, year=2025, amount=D("1.00"))


def test_a_grant_is_audited_on_the_project(office, project):
    domain.grant_funding(by=office, project=project, year=2025, amount=D("100.00"), note="首期")
    entry = history_of(project).get()
    assert entry.action == AuditAction.CREATE
    assert entry.changes == {"funding_grant": [None, "2025年度 100.00万元（2026-11-25拨付）"]}
    assert entry.reason == "首期"


# ---- reporting -------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["unit_staff", "talent_self"])
def test_the_unit_and_the_talent_report_spending_without_approval(request, project, who):
    user = request.getfixturevalue(who)
    report = domain.report_spending(
        by=user, project=project, year=2026, category=C.EQUIPMENT, amount=D("12.50"), note="液相色谱仪"
    )
    assert (report.year, report.category, report.amount, report.reported_by) == (2026, C.EQUIPMENT, D("12.50"), user)
    entry = history_of(project).get()
    assert entry.changes == {"spending": [None, "2026年度 设备费 12.50万元（液相色谱仪）"]}
    assert entry.actor == user


@pytest.mark.parametrize("who", ["office", "county_staff", "other_unit_staff", "expert"])
def test_others_do_not_report_spending(request, project, who):
    with pytest.raises(PermissionDenied):
        domain.report_spending(
            by=request.getfixturevalue(who), project=project, year=2026, category=C.OTHER, amount=D("1.00")
        )


def test_another_talent_does_not_report_for_this_project(project, other_talent):
    with pytest.raises(PermissionDenied):
        domain.report_spending(
            by=factories.talent_user(other_talent), project=project, year=2026, category=C.OTHER, amount=D("1")
        )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"amount": D("0")}, "amount", "金额须大于0（单位：万元）。"),
        ({"amount": D("-0.01")}, "amount", "金额须大于0（单位：万元）。"),
        ({"amount": D("0.001")}, "amount", "金额以万元为单位，最多保留两位小数。"),
        ({"year": 2024}, "year", "2024年不在项目年度（2025—2027年）内。"),
        ({"year": 2027}, "year", "不能填报尚未开始年度（2027年）的支出。"),
        ({"category": "travel"}, "category", None),
    ],
)
def test_refused_spending(unit_staff, project, data, field, message):
    values = {"year": 2026, "category": C.LABOUR, "amount": D("1.00"), **data}
    with pytest.raises(ValidationError) as error:
        domain.report_spending(by=unit_staff, project=project, **values)
    assert field in error.value.message_dict
    if message:
        assert error.value.message_dict[field] == [message]
    else:
        assert "设备费" in error.value.message_dict[field][0]
    assert not SpendingReport.objects.exists()


def test_the_smallest_amount_and_this_year_are_accepted(unit_staff, project):
    report = domain.report_spending(by=unit_staff, project=project, year=2026, category=C.OTHER, amount=D("0.01"))
    assert report.amount == D("0.01")


def test_over_spending_is_recorded_warned_and_told_once(office, unit_staff, talent_self, project):
    other_office = factories.office_user()
    domain.grant_funding(by=office, project=project, year=2025, amount=D("100.00"))
    Notification.objects.all().delete()
    domain.report_spending(by=unit_staff, project=project, year=2025, category=C.EQUIPMENT, amount=D("100.00"))
    project.refresh_from_db()
    assert project.over_spent_since is None  # equal to the grant: not over-spent
    assert not Notification.objects.exists()

    report = domain.report_spending(by=talent_self, project=project, year=2025, category=C.OTHER, amount=D("0.01"))
    assert report.pk  # recorded, never refused (经费使用自主权)
    project.refresh_from_db()
    assert project.over_spent_since is not None
    told = Notification.objects.filter(kind="project_over_spent")
    assert set(told.values_list("recipient", flat=True)) == {unit_staff.pk, office.pk, other_office.pk}
    assert "2025年度超支0.01万元" in told.first().body

    domain.report_spending(by=unit_staff, project=project, year=2026, category=C.OTHER, amount=D("5.00"))
    assert told.count() == 3  # still over-spent: nobody is told again


def test_a_grant_that_covers_the_spending_clears_the_flag_and_a_new_overrun_is_told_again(office, unit_staff, project):
    domain.report_spending(by=unit_staff, project=project, year=2025, category=C.EQUIPMENT, amount=D("30.00"))
    project.refresh_from_db()
    assert project.over_spent_since is not None
    domain.grant_funding(by=office, project=project, year=2025, amount=D("30.00"))
    project.refresh_from_db()
    assert project.over_spent_since is None
    domain.report_spending(by=unit_staff, project=project, year=2026, category=C.EQUIPMENT, amount=D("0.01"))
    assert Notification.objects.filter(kind="project_over_spent", recipient=office).count() == 2


def test_no_reports_or_grants_once_the_project_is_stopped(office, unit_staff, project):
    with pytest.raises(ValidationError):
        domain.change_state(by=office, project=project, transition="stop")  # needs a reason
    domain.change_state(by=office, project=project, transition="stop", reason="人才调离")
    with pytest.raises(ValidationError) as error:
        domain.report_spending(by=unit_staff, project=project, year=2026, category=C.OTHER, amount=D("1"))
    assert "已终止" in messages_of(error)
    with pytest.raises(ValidationError):
        domain.grant_funding(by=office, project=project, year=2026, amount=D("1"))
    domain.change_state(by=office, project=project, transition="reopen", reason="人才返回")
    assert domain.report_spending(by=unit_staff, project=project, year=2026, category=C.OTHER, amount=D("1")).pk


def test_only_the_office_closes_or_stops_a_project(unit_staff, project):
    with pytest.raises(PermissionDenied):
        domain.change_state(by=unit_staff, project=project, transition="complete")


# ---- correcting ------------------------------------------------------------------------------


def _reported(project, user, *, year=2026, amount="10.00", reported_at=None) -> SpendingReport:
    report = domain.report_spending(by=user, project=project, year=year, category=C.EQUIPMENT, amount=D(amount))
    if reported_at is not None:
        SpendingReport.objects.filter(pk=report.pk).update(reported_at=reported_at)
        report.refresh_from_db()
    return report


def test_the_reporter_corrects_within_the_year(unit_staff, project):
    report = _reported(project, unit_staff)
    corrected = domain.correct_spending(
        by=unit_staff, report=report, amount=D("8.00"), category=C.LABOUR, version=report.version, reason="录错类别"
    )
    assert (corrected.amount, corrected.category, corrected.version) == (D("8.00"), C.LABOUR, 2)
    entry = history_of(project).filter(action=AuditAction.UPDATE).get()
    assert entry.changes == {"spending": ["2026年度 设备费 10.00万元", "2026年度 劳务费 8.00万元"]}
    assert entry.reason == "录错类别"


def test_a_report_filed_last_year_is_no_longer_corrected(unit_staff, project):
    last_day = datetime.datetime(2025, 12, 31, 23, 59, tzinfo=SHANGHAI)
    first_day = datetime.datetime(2026, 1, 1, 0, 0, tzinfo=SHANGHAI)
    old = _reported(project, unit_staff, year=2025, reported_at=last_day)
    with pytest.raises(ValidationError) as error:
        domain.correct_spending(by=unit_staff, report=old, amount=D("9.00"))
    assert "只能在填报当年内更正" in messages_of(error)
    new = _reported(project, unit_staff, year=2025, reported_at=first_day)
    assert domain.correct_spending(by=unit_staff, report=new, amount=D("9.00")).amount == D("9.00")


def test_only_the_reporter_corrects(unit, unit_staff, talent_self, office, project):
    report = _reported(project, unit_staff)
    colleague = factories.unit_user(unit)
    for user in (colleague, talent_self, office):
        with pytest.raises(PermissionDenied):
            domain.correct_spending(by=user, report=report, amount=D("1.00"))


def test_a_correction_from_a_stale_copy_is_refused(unit_staff, project):
    report = _reported(project, unit_staff)
    domain.correct_spending(by=unit_staff, report=report, amount=D("9.00"), version=1)
    with pytest.raises(StaleEditError):
        domain.correct_spending(by=unit_staff, report=report, amount=D("7.00"), version=1)


def test_a_correction_is_checked_like_a_report(unit_staff, project):
    report = _reported(project, unit_staff)
    with pytest.raises(ValidationError):
        domain.correct_spending(by=unit_staff, report=report, amount=D("0"))
    with pytest.raises(ValidationError):
        domain.correct_spending(by=unit_staff, report=report, amount=D("1"), category="gifts")


def test_a_correction_below_the_grant_clears_the_over_spent_flag(office, unit_staff, project):
    domain.grant_funding(by=office, project=project, year=2026, amount=D("10.00"))
    report = _reported(project, unit_staff, amount="10.01")
    project.refresh_from_db()
    assert project.over_spent_since is not None
    domain.correct_spending(by=unit_staff, report=report, amount=D("10.00"))
    project.refresh_from_db()
    assert project.over_spent_since is None


# ---- the office's edits ----------------------------------------------------------------------


def test_the_total_never_drops_below_what_was_granted(office, project):
    GrantFactory(project=project, year=2025, amount=D("120.00"))
    with pytest.raises(ValidationError) as error:
        domain.update_project(by=office, project=project, data={"total_funding": D("119.99")}, version=1)
    assert error.value.message_dict["total_funding"] == ["项目经费总额不能少于已拨付的120.00万元。"]
    updated = domain.update_project(by=office, project=project, data={"total_funding": D("120.00")}, version=1)
    assert (updated.total_funding, updated.version) == (D("120.00"), 2)
    assert history_of(project).filter(action=AuditAction.UPDATE).get().changes == {
        "total_funding": ["300.00", "120.00"]
    }


def test_the_years_keep_every_grant_and_report(office, project):
    SpendingFactory(project=project, year=2027)
    with pytest.raises(ValidationError) as error:
        domain.update_project(by=office, project=project, data={"end_year": 2026}, version=1)
    assert "2027年度已有拨付或支出记录" in messages_of(error)
    with pytest.raises(ValidationError):
        domain.update_project(by=office, project=project, data={"start_year": 2028}, version=1)


def test_only_the_office_edits_a_project(unit_staff, project):
    with pytest.raises(PermissionDenied):
        domain.update_project(by=unit_staff, project=project, data={"name": "改名"}, version=1)


def test_factories_make_a_consistent_project():
    project = ProjectFactory()
    assert project.talent == project.nomination.talent and project.unit == project.nomination.unit
