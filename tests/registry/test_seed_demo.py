"""seed_demo: a realistic, valid demo data set and one login per role."""

import datetime
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from stdnum.cn import ric, uscc

from yingcai.accounts.enums import Role
from yingcai.accounts.models import User
from yingcai.console.management.commands.seed_demo import DEMO_PASSWORD
from yingcai.core.crypto import blind_index, decrypt
from yingcai.introductions.domain.compliance import at_risk, compliance_history
from yingcai.introductions.domain.dates import merge, minimum_end
from yingcai.introductions.domain.declarations import check_ready_for_review
from yingcai.introductions.enums import ChannelKind, ComplianceStatus, IntroductionMode, IntroductionState
from yingcai.introductions.models import Channel, FlexibleServiceYear, Introduction, WorkPeriod
from yingcai.registry.enums import JurisdictionKind
from yingcai.registry.models import Affiliation, Jurisdiction, Talent, Unit
from yingcai.registry.validators import id_number_facts, validate_credit_code, validate_id_number
from yingcai.workflows.engine import steps_of

TODAY = datetime.date(2026, 11, 25)
ID_OR_PHONE = re.compile(r"\d{11}")  # eleven digits in a row: a phone, or most of an ID number


@pytest.fixture(autouse=True)
def _today_and_media(monkeypatch, settings, tmp_path):
    """The demo is drawn relative to today (fixed here); its contract file goes to a scratch dir."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    settings.MEDIA_ROOT = tmp_path


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def demo(db) -> str:
    return seed(talents=300)


def test_creates_300_talents_and_the_units_for_them(demo):
    assert Talent.objects.count() == 300
    assert Unit.objects.count() == 30  # one unit per 10 talents, at least 20
    assert "created 30 units and 300 talents" in demo
    assert not Talent.objects.filter(affiliations__isnull=True).exists()
    assert Affiliation.objects.filter(end_date__isnull=True).count() >= 300


def test_seeded_id_numbers_and_phones_are_stored_encrypted_and_hashed(demo):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone, id_number_hash FROM registry_talent")
        stored = cursor.fetchall()
        cursor.execute("SELECT contact_phone FROM registry_unit")
        contacts = [phone for (phone,) in cursor.fetchall()]
    clear = dict(Talent.objects.values_list("id_number_hash", "id_number"))
    assert len(stored) == 300 and len(clear) == 300
    for id_number, phone, id_hash in stored:
        assert decrypt(id_number) == clear[id_hash] and blind_index(clear[id_hash]) == id_hash
        assert not ID_OR_PHONE.search(id_number) and not ID_OR_PHONE.search(phone)
    assert contacts and not any(ID_OR_PHONE.search(phone) for phone in contacts)


def test_talent_id_numbers_carry_check_character_birth_date_and_gender(demo):
    numbers = list(Talent.objects.values_list("id_number", "birth_date", "gender"))
    assert len({n for n, _, _ in numbers}) == 300
    for number, birth, gender in numbers:
        assert len(number) == 18
        assert number[-1] == ric.calc_check_digit(number)
        assert id_number_facts(number) == (birth, gender)
    assert {g for _, _, g in numbers} == {"male", "female"}


def test_talent_id_numbers_pass_the_app_validator(demo):
    refused = []
    for number in Talent.objects.values_list("id_number", flat=True):
        try:
            validate_id_number(number)
        except ValidationError:
            refused.append(number)
    assert refused == []


def test_unit_credit_codes_are_valid_and_unique(demo):
    codes = list(Unit.objects.values_list("credit_code", flat=True))
    assert len(set(codes)) == len(codes) == 30
    for code in codes:
        assert uscc.is_valid(code), code
        validate_credit_code(code)


def test_units_spread_over_counties_departments_and_kinds(demo):
    counties = set(Unit.objects.values_list("county__code", flat=True))
    assert len(counties) >= 5
    assert "410400" not in counties  # units sit in a county-level division, not the city itself
    assert len(set(Unit.objects.values_list("kind", flat=True))) >= 3
    assert Unit.objects.filter(department__kind=JurisdictionKind.DEPARTMENT).exists()
    assert Unit.objects.filter(department__isnull=True).exists()
    talents_per_county = set(Affiliation.objects.values_list("unit__county", flat=True))
    assert len(talents_per_county) >= 5


def test_demo_logins_have_the_right_roles_and_scopes(demo):
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["office", "county", "dept", "unit", "talent", "expert"])
    }
    assert set(users) == {"office", "county", "dept", "unit", "talent", "expert"}
    for user in users.values():
        assert user.check_password(DEMO_PASSWORD)
        user.full_clean()  # the role has the scope it needs

    assert users["office"].role == Role.TALENT_OFFICE
    assert users["county"].role == Role.JURISDICTION
    assert users["county"].jurisdiction.code == "410402"
    assert users["dept"].role == Role.JURISDICTION
    assert users["dept"].jurisdiction == Jurisdiction.objects.get(name="市科技局")
    assert users["dept"].jurisdiction.kind == JurisdictionKind.DEPARTMENT
    assert users["unit"].role == Role.UNIT
    assert users["unit"].unit is not None
    assert users["talent"].role == Role.TALENT
    assert users["talent"].talent.affiliations.filter(unit=users["unit"].unit, end_date__isnull=True).exists()
    assert users["expert"].role == Role.EXPERT
    assert (users["expert"].unit, users["expert"].jurisdiction, users["expert"].talent) == (None, None, None)
    # Nobody is staff or superuser: the Django admin is the system administrator's, by role.
    assert not any(u.is_staff or u.is_superuser for u in users.values())


def test_demo_has_the_three_administrators(demo):
    expected = {"sysadmin": Role.SYSTEM_ADMIN, "secadmin": Role.SECURITY_ADMIN, "auditadmin": Role.AUDIT_ADMIN}
    admins = {u.username: u for u in User.objects.filter(username__in=expected)}
    assert {name: u.role for name, u in admins.items()} == expected
    for user in admins.values():
        assert user.check_password(DEMO_PASSWORD)
        assert not (user.is_staff or user.is_superuser)
        assert user.username in demo  # printed with the other demo logins


def test_demo_logins_see_what_their_role_allows(demo):
    users = {u.username: u for u in User.objects.all()}
    talent = users["talent"].talent
    assert users["office"].has_perm("registry.view_talent", talent)
    assert users["unit"].has_perm("registry.view_personal_data", talent)
    assert users["talent"].has_perm("registry.view_talent", talent)
    assert not users["expert"].has_perm("registry.view_talent", talent)


@pytest.mark.django_db
def test_if_empty_on_a_second_run_adds_nothing():
    seed(talents=40, units=5)
    counts = (Talent.objects.count(), Unit.objects.count(), Affiliation.objects.count(), User.objects.count())
    assert counts[:2] == (40, 5)
    assert {"office", "county", "dept", "unit", "talent", "expert"} <= set(
        User.objects.values_list("username", flat=True)
    )
    out = seed(talents=40, units=5, if_empty=True)
    assert "demo data already present" in out
    assert (Talent.objects.count(), Unit.objects.count(), Affiliation.objects.count(), User.objects.count()) == counts


@pytest.mark.django_db
def test_if_empty_on_an_empty_database_seeds():
    seed(talents=25, units=3, if_empty=True)
    assert Talent.objects.count() == 25
    assert Unit.objects.count() == 3


def _delete_demo_data() -> None:
    """Everything the seed made, dependants first (the rules and reference data stay)."""
    from yingcai.certification.models import Certification, Evidence
    from yingcai.projects.models import FundingGrant, Project, SpendingReport
    from yingcai.publicity.models import Objection, Publicity, PublicityEntry
    from yingcai.selection.models import Assignment, Expert, Nomination, RoundCriterion, ScoreSheet, SelectionRound
    from yingcai.support.models import DecisionTask, Entitlement, Instalment, Payment

    for model in (
        Payment,
        Instalment,
        DecisionTask,
        Entitlement,
        Evidence,
        Objection,
        PublicityEntry,
        Publicity,
        Certification,
        SpendingReport,
        FundingGrant,
        Project,
        ScoreSheet,
        Assignment,
        Nomination,
        RoundCriterion,
        SelectionRound,
        Expert,
        FlexibleServiceYear,
    ):
        model.objects.all().delete()
    Introduction.objects.filter(supersedes__isnull=False).delete()
    for model in (Introduction, Affiliation, Talent, User, Unit):
        model.objects.all().delete()


@pytest.mark.django_db
def test_same_seed_gives_the_same_data_set():
    seed(talents=20, units=3, seed=11)
    first = sorted(Talent.objects.values_list("id_number", flat=True))
    first_introductions = sorted(
        Introduction.objects.values_list("talent__id_number", "mode", "state", "introduced_on")
    )
    _delete_demo_data()
    seed(talents=20, units=3, seed=11)
    assert sorted(Talent.objects.values_list("id_number", flat=True)) == first
    assert sorted(Introduction.objects.values_list("talent__id_number", "mode", "state", "introduced_on")) == (
        first_introductions
    )


# --- introductions (第七条–第八条) ---------------------------------------------------------------------


def test_about_40_percent_of_the_talents_are_introduced_in_both_modes(demo):
    introductions = Introduction.objects.all()
    assert "introductions in" in demo
    assert 0.3 * 300 <= introductions.values("talent").distinct().count() <= 0.5 * 300
    modes = {mode: introductions.filter(mode=mode).count() for mode in IntroductionMode.values}
    assert all(n >= 20 for n in modes.values()), modes
    assert set(introductions.values_list("state", flat=True)) == set(IntroductionState.values)
    assert set(introductions.values_list("manner", flat=True)) == {"individual", "centralized", "autonomous"}
    # every introduction is by a unit the talent works at now (declare_introduction requires it)
    current = set(Affiliation.objects.filter(end_date__isnull=True).values_list("talent_id", "unit_id"))
    assert set(introductions.values_list("talent_id", "unit_id")) <= current


def test_channels_cover_events_competitions_platforms_market_bodies_and_overseas(demo):
    kinds = set(Channel.objects.values_list("kind", flat=True))
    assert {ChannelKind.EVENT, ChannelKind.COMPETITION, ChannelKind.PLATFORM, ChannelKind.MARKET_BODY} <= kinds
    assert ChannelKind.OVERSEAS_ORG in kinds
    assert Channel.objects.filter(name="2025中国·平顶山招才引智大会").exists()
    assert Channel.objects.filter(name__contains="欧美同学会").exists()
    assert Channel.objects.filter(kind=ChannelKind.MARKET_BODY, county__code="410402").count() >= 2
    assert Introduction.objects.filter(channel__isnull=False).exists()
    assert Introduction.objects.filter(channel__isnull=True).exists()


def test_every_full_time_contract_is_3_years_or_more_with_its_rule_and_decision(demo):
    full_time = (
        Introduction.objects.filter(mode=IntroductionMode.FULL_TIME)
        .exclude(state=IntroductionState.HISTORICAL)
        .select_related("contract_rule")
    )
    assert full_time.exists()
    for introduction in full_time:
        assert introduction.contract_end >= minimum_end(introduction.contract_start, 3), introduction.pk
        assert introduction.personnel_transferred_on and introduction.transferred_from
        assert introduction.contract_rule.article == "第七条"
        assert "符合3年以上的要求" in introduction.decision_note
        assert (introduction.service_forms, introduction.agreement_start) == ([], None)
    exact = [i for i in full_time if i.contract_end == minimum_end(i.contract_start, 3)]
    assert exact, "some contracts are exactly 3 years (以上 includes the number)"


def test_the_demo_holds_a_pending_transfer_and_a_historical_record(demo):
    pending = Introduction.objects.filter(state=IntroductionState.PENDING_TRANSFER)
    assert pending.exists()
    for introduction in pending:
        assert introduction.introduced_on <= TODAY < introduction.personnel_transferred_on
    historical = Introduction.objects.filter(state=IntroductionState.HISTORICAL)
    assert historical.exists()
    for introduction in historical:
        assert introduction.contract_start < datetime.date(2024, 1, 1)
        assert introduction.contract_rule is None and "历史记录" in introduction.decision_note
        [*_earlier, last] = steps_of(introduction)
        assert last.transition == "record_history" and last.reason


def test_every_submitted_record_passes_the_domains_review_check(demo):
    for introduction in Introduction.objects.exclude(state=IntroductionState.DRAFT):
        check_ready_for_review(introduction)


def test_every_working_period_lies_within_its_agreement_and_not_in_the_future(demo):
    periods = WorkPeriod.objects.select_related("introduction")
    assert periods.count() > 100
    for period in periods:
        introduction = period.introduction
        assert introduction.mode == IntroductionMode.FLEXIBLE
        assert introduction.agreement_start <= period.start <= period.end <= introduction.agreement_end
        assert period.end <= TODAY
        if introduction.ended_on:
            assert period.end <= introduction.ended_on
    assert not WorkPeriod.objects.filter(introduction__state=IntroductionState.DRAFT).exists()


def test_flexible_talents_met_missed_overlapped_and_are_at_risk(demo):
    flexible = Introduction.objects.filter(mode=IntroductionMode.FLEXIBLE).prefetch_related(
        "work_periods", "service_years__rule"
    )
    this_year, overlapping = set(), 0
    for introduction in flexible:
        periods = [(p.start, p.end) for p in introduction.work_periods.all()]
        overlapping += sum((e - s).days + 1 for s, e in periods) > sum((e - s).days + 1 for s, e in merge(periods))
        for result in compliance_history(introduction, today=TODAY):
            if result.year == TODAY.year and introduction.state != IntroductionState.DRAFT:
                this_year.add(result.status)
    assert {ComplianceStatus.MET, ComplianceStatus.NOT_YET} <= this_year
    assert overlapping > 0
    assert at_risk(Introduction.objects.all(), today=TODAY)
    closed = set(FlexibleServiceYear.objects.values_list("year", "status"))
    assert (2025, ComplianceStatus.MET) in closed
    assert (2025, ComplianceStatus.MISSED) in closed


def test_review_steps_match_the_state(demo):
    for introduction in Introduction.objects.all()[:200]:
        steps = list(steps_of(introduction))
        if introduction.state == IntroductionState.DRAFT:
            assert steps == []
        else:
            assert steps[0].transition == "submit"
            assert steps[-1].to_state == introduction.state
        if introduction.state == IntroductionState.RETURNED:
            assert steps[-1].reason


def test_one_flexible_talent_became_full_time_and_both_records_stay(demo):
    (successor,) = Introduction.objects.filter(supersedes__isnull=False)
    previous = successor.supersedes
    assert (previous.mode, successor.mode) == (IntroductionMode.FLEXIBLE, IntroductionMode.FULL_TIME)
    assert previous.talent_id == successor.talent_id
    assert previous.ended_on == successor.introduced_on - datetime.timedelta(days=1)
    assert previous.end_reason == "转为全职引进"
    assert previous.work_periods.exists()


def test_the_demo_unit_owns_introductions_of_each_kind(demo):
    users = {u.username: u for u in User.objects.all()}
    unit = users["unit"].unit
    assert unit.county.code == "410402"
    own = Introduction.objects.filter(unit=unit)
    assert {(m, s) for m, s in own.values_list("mode", "state")} >= {
        (IntroductionMode.FULL_TIME, IntroductionState.CONFIRMED),
        (IntroductionMode.FULL_TIME, IntroductionState.SUBMITTED),
        (IntroductionMode.FULL_TIME, IntroductionState.COUNTY_APPROVED),
        (IntroductionMode.FULL_TIME, IntroductionState.DRAFT),
        (IntroductionMode.FULL_TIME, IntroductionState.RETURNED),
        (IntroductionMode.FLEXIBLE, IntroductionState.CONFIRMED),
        (IntroductionMode.FLEXIBLE, IntroductionState.DRAFT),
        (IntroductionMode.FULL_TIME, IntroductionState.PENDING_TRANSFER),
        (IntroductionMode.FULL_TIME, IntroductionState.HISTORICAL),
    }
    assert own.filter(supersedes__isnull=False).exists()
    assert at_risk(own, today=TODAY), "the demo unit has a flexible talent short of this year's days"
    # `talent` is the full-time one (certified, see the certification demo), `flexible` the other.
    assert Introduction.objects.filter(talent=users["talent"].talent, mode=IntroductionMode.FULL_TIME).exists()
    assert Introduction.objects.filter(talent=users["flexible"].talent, mode=IntroductionMode.FLEXIBLE).exists()
    assert users["county"].has_perm("introductions.view", own.exclude(state=IntroductionState.DRAFT).first())


# --- the programmes: selection, projects, certification, support ------------------------------------


def _programme_counts() -> dict[str, int]:
    from django.apps import apps

    labels = ("selection", "projects", "certification", "support", "publicity", "accounts", "introductions")
    return {m.__name__: m.objects.count() for m in apps.get_models() if m._meta.app_label in labels}


def test_the_programmes_demo_has_figures_and_a_second_run_adds_nothing(demo):
    import random
    from collections import Counter

    from yingcai.certification.enums import CertificationState
    from yingcai.certification.models import Certification
    from yingcai.console.management.commands.seed_demo import Command
    from yingcai.projects.models import Project
    from yingcai.publicity.enums import PublicityKind, PublicityState
    from yingcai.publicity.models import Publicity
    from yingcai.selection.enums import NominationOutcome, RoundState
    from yingcai.selection.models import SelectionRound
    from yingcai.support.domain.queries import totals
    from yingcai.support.enums import InstalmentState, TaskState
    from yingcai.support.models import DecisionTask, Instalment, Payment

    # selection: last year's round approved after a concluded notice with an answered objection
    assert SelectionRound.objects.filter(state=RoundState.APPROVED, year=TODAY.year - 1).count() == 1
    notice = Publicity.objects.get(kind=PublicityKind.SELECTION)
    assert notice.state == PublicityState.CONCLUDED and notice.ends_on < TODAY
    assert notice.objections.filter(upheld__isnull=False).count() == 1
    # projects: only selected talents have one, each funded; one over-spent
    projects = Project.objects.all()
    assert projects.count() >= 5
    assert set(projects.values_list("nomination__outcome", flat=True)) == {NominationOutcome.SELECTED}
    assert all(p.grants.exists() and p.spending_reports.exists() for p in projects)
    assert projects.filter(over_spent_since__isnull=False).count() == 1
    unit = User.objects.get(username="unit").unit
    assert projects.filter(unit=unit).exists(), "the demo unit's login has a project to report on"
    # certification: every tier certified
    tiers = Counter(
        Certification.objects.filter(state=CertificationState.CERTIFIED).values_list("tier_code", flat=True)
    )
    assert sum(tiers.values()) >= 25 and all(tiers[code] >= 1 for code in "ABCDE")
    # support: paid, unpaid, overdue, stopped
    payments = Payment.objects.select_related("instalment")
    assert payments.count() >= 20
    assert all(p.instalment.due_on <= p.paid_on < TODAY for p in payments)
    due = Instalment.objects.filter(due_on__lt=TODAY).exclude(state=InstalmentState.STOPPED)
    assert due.filter(state=InstalmentState.PAID).count() > due.filter(state=InstalmentState.SCHEDULED).count() > 0
    assert Instalment.objects.filter(state=InstalmentState.STOPPED).exists()
    assert DecisionTask.objects.filter(state=TaskState.OPEN, due_on__lt=TODAY).exists()
    assert (
        DecisionTask.objects.filter(state=TaskState.DONE).count()
        > DecisionTask.objects.filter(state=TaskState.OPEN).count()
    )
    office = User.objects.get(username="office")
    figures = totals(office)
    assert figures.paid > 0 and sum(row.paid > 0 for row in figures.by_year) >= 2

    before = _programme_counts()
    Command(stdout=StringIO())._programmes(random.Random(2026))
    assert _programme_counts() == before


def test_the_demo_expert_has_sheets_to_score_today_beside_colleagues_who_began(demo):
    from yingcai.selection.enums import AssignmentState
    from yingcai.selection.models import Assignment

    open_today = Assignment.objects.filter(
        nomination__round__scoring_opens__lte=TODAY, nomination__round__scoring_closes__gte=TODAY
    )
    mine = open_today.filter(expert__user__username="expert")
    assert mine.filter(state=AssignmentState.ASSIGNED).count() >= 1
    assert open_today.exclude(expert__user__username="expert").filter(state=AssignmentState.SCORED).exists()
    assert open_today.exclude(expert__user__username="expert").filter(state=AssignmentState.ASSIGNED).exists()


def test_the_support_departments_have_logins_that_see_only_their_tasks(demo):
    """市教育局 decides school places, 市人社局 spouses' jobs, 市卫生健康委 the 医疗绿色通道 and 市住建局
    the 人才公寓: each demo login sees the tasks routed to its department, and no other, and has some."""
    from yingcai.policy.enums import SupportKind
    from yingcai.support.domain.queries import visible_tasks
    from yingcai.support.models import DecisionTask

    assert all(login in demo for login in ("edu", "hrss", "health", "housing"))
    users = {u.username: u for u in User.objects.filter(username__in=["edu", "hrss", "health", "housing"])}
    assert {u.jurisdiction.name for u in users.values()} == {
        "市教育局",
        "市人社局",
        "市卫生健康委",
        "市住房和城乡建设局",
    }
    for username, kind in (
        ("edu", SupportKind.SCHOOL),
        ("hrss", SupportKind.SPOUSE),
        ("health", SupportKind.MEDICAL),  # 医疗绿色通道
        ("housing", SupportKind.HOUSING),  # 人才公寓
    ):
        user = users[username]
        seen = list(visible_tasks(user).select_related("entitlement"))
        assert seen, f"{username} has nothing to do in the demo"
        assert {t.office_id for t in seen} == {user.jurisdiction_id}
        assert {t.entitlement.kind for t in seen} == {kind}
        assert set(seen) == set(DecisionTask.objects.filter(office=user.jurisdiction))
        assert user.has_perm("support.list_tasks")
    other = DecisionTask.objects.exclude(office=users["edu"].jurisdiction).first()
    assert other is not None and not users["edu"].has_perm("support.decide", other)


def test_the_demo_review_queues_have_records_past_their_deadline_and_the_todo_says_how_many(demo):
    """The records waiting for a review reached their step on days of the last weeks, so the office's
    queue (all counties) holds some past the deadline and its 待办 figure counts them."""
    from yingcai.console.todos import todo_items
    from yingcai.workflows import queues

    office = User.objects.get(username="office")
    queue = queues.get_queue("introduction-office")
    waiting = queue.waiting(office)
    assert waiting.exists()
    arrivals = {timezone_date(row.arrived_at) for row in waiting}
    assert len(arrivals) > 1 and max(arrivals) <= TODAY
    overdue = queues.overdue_count(queue, office, TODAY)
    assert overdue > 0
    item = next(i for i in todo_items(office, TODAY) if i.url == queues.queue_url(queue, overdue_only=True))
    assert item.count == overdue


def timezone_date(moment):
    from django.utils.timezone import localtime

    return localtime(moment).date()
