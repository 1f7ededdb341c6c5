"""Who hears about what: flexible talents short of their days (第八条) and review steps."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.introductions.factories import CONTRACT_FILE, FlexibleIntroductionFactory, work
from yingcai.introductions import tasks
from yingcai.introductions.domain.declarations import declare_introduction, review
from yingcai.introductions.domain.reminders import send_flexible_reminders
from yingcai.introductions.enums import IntroductionManner, IntroductionMode
from yingcai.introductions.models import FlexibleServiceYear
from yingcai.notifications.domain import inbox
from yingcai.notifications.models import Notification

D = datetime.date


@pytest.fixture
def on_day(move_to_day):
    """Set the date the periodic tasks see as today."""
    return move_to_day


@pytest.fixture
def short_of_days(unit, talent):
    """A flexible talent of `unit` with 20 of 90 days worked in 2025."""
    introduction = FlexibleIntroductionFactory(unit=unit, talent=talent, agreement_end=D(2026, 12, 31))
    work(introduction, D(2025, 3, 1), D(2025, 3, 20))
    return introduction


@pytest.fixture
def on_track(other_unit, other_talent):
    """A flexible talent of another unit, in another county, who met 2025's days."""
    introduction = FlexibleIntroductionFactory(unit=other_unit, talent=other_talent, agreement_end=D(2026, 12, 31))
    work(introduction, D(2025, 3, 1), D(2025, 5, 29))
    return introduction


@pytest.fixture
def people(unit, county, other_unit, other_county):
    return {
        "unit_mail": factories.unit_user(unit, email="hr@unit.example.cn"),
        "unit_no_mail": factories.unit_user(unit),
        "unit_inactive": factories.unit_user(unit, email="old@unit.example.cn", is_active=False),
        "county": factories.jurisdiction_user(county, email="kjj@county.example.cn"),
        "other_unit": factories.unit_user(other_unit, email="hr@other.example.cn"),
        "other_county": factories.jurisdiction_user(other_county, email="kjj@other.example.cn"),
        "office": factories.office_user(email="rcb@city.example.cn"),
    }


# --- flexible talents short of days ---------------------------------------------------------------


def test_reminders_go_to_the_units_staff_and_its_county_and_no_one_else(
    short_of_days, on_track, people, mailoutbox, talent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the mails go after the commit
        assert send_flexible_reminders(today=D(2025, 10, 15)) == 1

    reminded = {p for p, user in people.items() if inbox(user).filter(kind="flexible_reminder").exists()}
    assert reminded == {"unit_mail", "unit_no_mail", "county"}
    message = inbox(people["unit_mail"]).get()
    assert "2025" in message.title
    assert short_of_days.unit.name in message.title
    assert "第八条" in message.body
    assert talent.name in message.body
    assert "已工作20天" in message.body
    assert "尚差70天" in message.body
    assert message.url == reverse("introductions:at-risk")

    assert sorted(m.to[0] for m in mailoutbox) == ["hr@unit.example.cn", "kjj@county.example.cn"]
    assert all(m.subject == message.title for m in mailoutbox)


def test_reminders_reach_the_department_above_the_unit(short_of_days, unit):
    department = factories.DepartmentFactory(name="市工信局测试")
    unit.department = department
    unit.save()
    department_staff = factories.jurisdiction_user(department)
    send_flexible_reminders(today=D(2025, 10, 15))
    assert inbox(department_staff).filter(kind="flexible_reminder").count() == 1


def test_one_reminder_per_unit_lists_all_its_talents(short_of_days, unit, people):
    second = FlexibleIntroductionFactory(unit=unit, talent=factories.TalentFactory(unit=unit))
    assert send_flexible_reminders(today=D(2025, 10, 15)) == 2
    [message] = inbox(people["unit_mail"])
    assert "2人" in message.title
    assert short_of_days.talent.name in message.body
    assert second.talent.name in message.body


def test_no_reminder_when_no_one_is_at_risk(on_track, people, mailoutbox):
    assert send_flexible_reminders(today=D(2025, 10, 15)) == 0
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_the_periodic_reminder_does_nothing_before_the_reminder_month(short_of_days, people, on_day, mailoutbox):
    on_day(D(2025, 9, 15))
    tasks.remind_flexible_talents_short_of_days()  # on the queue, run at once in tests
    assert tasks.remind_flexible_talents_short_of_days.call_local() == 0
    assert not Notification.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("day", [D(2025, 10, 1), D(2025, 12, 15)])
def test_the_periodic_reminder_sends_from_the_reminder_month_on(
    short_of_days, people, on_day, mailoutbox, day, django_capture_on_commit_callbacks
):
    on_day(day)
    with django_capture_on_commit_callbacks(execute=True):  # the mails go after the commit
        tasks.remind_flexible_talents_short_of_days()  # on the queue, run at once in tests
    assert inbox(people["unit_mail"]).filter(kind="flexible_reminder").count() == 1
    assert inbox(people["county"]).filter(kind="flexible_reminder").count() == 1
    assert not inbox(people["other_county"]).exists()
    assert len(mailoutbox) == 2


def test_the_year_end_job_closes_last_year(short_of_days, on_day):
    on_day(D(2026, 1, 2))
    tasks.close_last_year()  # on the queue, run at once in tests
    frozen = FlexibleServiceYear.objects.get(introduction=short_of_days)
    assert (frozen.year, frozen.days_worked, frozen.status) == (2025, 20, "missed")


# --- review steps -----------------------------------------------------------------------------------


@pytest.fixture
def declaration(unit, talent, people):
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
    return declare_introduction(by=people["unit_mail"], talent=talent, unit=unit, data=data)


def reviews(user):
    return inbox(user).filter(kind="review")


def test_a_submission_notifies_the_county_of_the_unit(
    declaration, people, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the mail goes after the commit
        review(by=people["unit_mail"], introduction=declaration, transition="submit")
    assert reviews(people["county"]).count() == 1
    message = reviews(people["county"]).get()
    assert declaration.talent.name in message.title
    assert message.url == reverse("introductions:detail", args=[declaration.pk])
    for other in ("other_county", "office", "unit_mail", "other_unit"):
        assert not reviews(people[other]).exists(), other
    assert [m.to for m in mailoutbox] == [["kjj@county.example.cn"]]


def test_a_county_approval_notifies_the_office_and_the_unit(declaration, people):
    review(by=people["unit_mail"], introduction=declaration, transition="submit")
    review(by=people["county"], introduction=declaration, transition="county_approve")
    assert reviews(people["office"]).count() == 1
    assert reviews(people["unit_mail"]).count() == 1
    assert reviews(people["unit_no_mail"]).count() == 1
    assert reviews(people["county"]).count() == 1  # only the submission
    assert not reviews(people["other_unit"]).exists()


def test_a_return_tells_the_unit_why(declaration, people):
    review(by=people["unit_mail"], introduction=declaration, transition="submit")
    review(by=people["county"], introduction=declaration, transition="county_return", reason="缺少人事调动证明")
    [message] = reviews(people["unit_mail"])
    assert message.body == "缺少人事调动证明"
    assert "县区退回" in message.title
    assert not reviews(people["office"]).exists()


def test_a_confirmation_tells_the_unit(declaration, people):
    review(by=people["unit_mail"], introduction=declaration, transition="submit")
    review(by=people["county"], introduction=declaration, transition="county_approve")
    review(by=people["office"], introduction=declaration, transition="confirm")
    titles = list(reviews(people["unit_mail"]).values_list("title", flat=True))
    assert len(titles) == 2
    assert any("人才办确认" in t for t in titles)
    assert reviews(people["office"]).count() == 1  # only the county's approval
