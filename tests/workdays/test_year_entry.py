"""The office enters a year the holiday package does not know, in the official schedule's own
fields: every date checked to be a real date of that year, weekends only as 调休 workdays, audited,
a stale second entry refused, and a 待办 from October until it is done."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests import factories
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.console.todos import todo_items
from yingcai.workdays.domain import LIBRARY_LAST_YEAR, add_working_days, is_workday, known_until
from yingcai.workdays.entry import Holiday, enter_year
from yingcai.workdays.models import CalendarDay, CalendarYear
from yingcai.workdays.signals import calendar_changed

pytestmark = pytest.mark.django_db

NEXT = LIBRARY_LAST_YEAR + 1
D = lambda month, day: datetime.date(NEXT, month, day)  # noqa: E731


def _weekend_days(month: int) -> list[datetime.date]:
    day = D(month, 1)
    found = []
    while day.month == month:
        if day.weekday() >= 5:
            found.append(day)
        day += datetime.timedelta(days=1)
    return found


def _saturday_after(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while day.weekday() != 5:
        day += datetime.timedelta(days=1)
    return day


def _schedule(**changes) -> dict:
    holidays = {
        "new_year": (D(1, 1), D(1, 3)),
        "spring": (D(2, 5), D(2, 13)),
        "qingming": (D(4, 4), D(4, 6)),
        "labour": (D(5, 1), D(5, 5)),
        "dragon_boat": (D(6, 9), D(6, 11)),
        "mid_autumn": (D(9, 15), D(9, 17)),
        "national": (D(10, 1), D(10, 7)),
    }
    holidays.update(changes.pop("holidays", {}))
    return {
        "year": NEXT,
        "holidays": [Holiday(key, first, last) for key, (first, last) in holidays.items() if first],
        "make_up_workdays": changes.pop("make_up_workdays", [_saturday_after(D(2, 13)), _saturday_after(D(10, 12))]),
        "note": changes.pop("note", "国务院办公厅关于部分节假日安排的通知"),
        **changes,
    }


@pytest.fixture
def autumn():
    with time_machine.travel(datetime.datetime(LIBRARY_LAST_YEAR, 11, 20, 10), tick=False):
        yield


@pytest.fixture
def office():
    return factories.office_user()


def test_an_entered_year_decides_working_days_and_is_audited(autumn, office):
    saturday = _saturday_after(D(2, 13))
    entry = enter_year(by=office, **_schedule(make_up_workdays=[saturday]))
    assert known_until() == NEXT
    assert not is_workday(D(1, 1)) and not is_workday(D(2, 9))
    assert is_workday(saturday)  # 调休上班
    assert not is_workday(_weekend_days(3)[0])  # an ordinary weekend
    assert add_working_days(D(1, 1), 1) == next(d for d in (D(1, 4), D(1, 5)) if d.weekday() < 5)
    assert CalendarDay.objects.filter(date__year=NEXT, is_workday=False).count() == 3 + 9 + 3 + 5 + 3 + 3 + 7
    assert CalendarDay.objects.get(date=D(2, 5)).name == "春节"
    log = AuditEntry.objects.get(action=AuditAction.CREATE, object_id=str(entry.pk))
    assert log.changes["holidays"][1][1] == "春节 02-05—02-13"
    assert log.changes["make_up_workdays"][1] == [f"{saturday:%m-%d}"]
    assert log.reason == "国务院办公厅关于部分节假日安排的通知"


def test_a_correction_replaces_the_year_and_a_stale_one_is_refused(autumn, office):
    entry = enter_year(by=office, **_schedule())
    corrected = enter_year(by=office, version=entry.version, **_schedule(holidays={"spring": (D(2, 6), D(2, 12))}))
    assert corrected.version == 2
    assert is_workday(D(2, 5)) == (D(2, 5).weekday() < 5)
    log = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(entry.pk)).get()
    assert "春节 02-05—02-13" in log.changes["holidays"][0]
    assert "春节 02-06—02-12" in log.changes["holidays"][1]
    with pytest.raises(ValidationError, match="已被他人修改"):
        enter_year(by=office, version=1, **_schedule())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"holidays": {"spring": (datetime.date(NEXT - 1, 12, 31), D(2, 3))}}, "spring_first"),
        ({"holidays": {"national": (D(10, 1), datetime.date(NEXT + 1, 1, 2))}}, "national_first"),
        ({"holidays": {"labour": (D(5, 5), D(5, 1))}}, "labour_last"),
        ({"holidays": {"national": (D(10, 1), D(10, 11))}}, "national_last"),  # 11 days
        ({"holidays": {"qingming": (D(2, 12), D(2, 14))}}, "qingming_first"),  # overlaps 春节
        ({"holidays": {"spring": (None, None)}}, "spring_first"),
        ({"note": "  "}, "note"),
    ],
)
def test_dates_that_cannot_be_the_schedule_are_refused_naming_the_field(autumn, office, changes, field):
    with pytest.raises(ValidationError) as error:
        enter_year(by=office, **_schedule(**changes))
    assert field in error.value.message_dict
    assert not CalendarDay.objects.filter(date__year=NEXT).exists()


def test_the_longest_break_is_accepted_and_mid_autumn_may_merge_into_national_day(autumn, office):
    enter_year(by=office, **_schedule(holidays={"national": (D(10, 1), D(10, 10)), "mid_autumn": (None, None)}))
    assert not is_workday(D(10, 10))


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda: next(d for d in (D(3, 2), D(3, 3), D(3, 4)) if d.weekday() < 5), "不是周末"),
        (lambda: next(d for d in _weekend_days(2) if D(2, 5) <= d <= D(2, 13)), "放假期间"),
        (lambda: datetime.date(NEXT - 1, 12, 27), "不在"),
    ],
)
def test_a_make_up_workday_must_be_a_weekend_day_of_the_year_outside_the_breaks(autumn, office, day, message):
    with pytest.raises(ValidationError) as error:
        enter_year(by=office, **_schedule(make_up_workdays=[day()]))
    assert message in " ".join(error.value.message_dict["make_up_workdays"])


@pytest.mark.parametrize("year", [LIBRARY_LAST_YEAR, LIBRARY_LAST_YEAR + 2])
def test_only_years_after_the_package_up_to_next_year_can_be_entered(autumn, office, year):
    with pytest.raises(ValidationError) as error:
        enter_year(by=office, **{**_schedule(), "year": year})
    assert "year" in error.value.message_dict


@pytest.mark.parametrize("who", ["county", "unit", "sysadmin"])
def test_only_the_talent_office_enters_the_calendar(autumn, who, county, unit, client):
    user = {
        "county": lambda: factories.jurisdiction_user(county),
        "unit": lambda: factories.unit_user(unit),
        "sysadmin": factories.system_admin_user,
    }[who]()
    with pytest.raises(PermissionDenied):
        enter_year(by=user, **_schedule())
    client.force_login(user)
    assert client.get(reverse("workdays:years")).status_code == 403
    assert client.post(reverse("workdays:year", args=[NEXT]), {"note": "x"}).status_code == 403
    assert not CalendarYear.objects.exists()


def test_the_change_is_announced_after_the_commit(autumn, office, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, years, **kwargs):
        heard.append(years)

    calendar_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            enter_year(by=office, **_schedule())
            assert heard == []
    finally:
        calendar_changed.disconnect(listener)
    assert heard == [{NEXT}]


def _form(**values) -> dict:
    data = {
        "new_year_first": f"{NEXT}-01-01",
        "new_year_last": f"{NEXT}-01-03",
        "spring_first": f"{NEXT}-02-05",
        "spring_last": f"{NEXT}-02-13",
        "qingming_first": f"{NEXT}-04-04",
        "qingming_last": f"{NEXT}-04-06",
        "labour_first": f"{NEXT}-05-01",
        "labour_last": f"{NEXT}-05-05",
        "dragon_boat_first": f"{NEXT}-06-09",
        "dragon_boat_last": f"{NEXT}-06-11",
        "national_first": f"{NEXT}-10-01",
        "national_last": f"{NEXT}-10-08",
        "workday_1": _saturday_after(D(2, 13)).isoformat(),
        "note": "国办发明电〔2026〕×号",
        "version": "0",
    }
    data.update(values)
    return data


def test_the_office_enters_the_year_on_its_page(autumn, office, client):
    client.force_login(office)
    listing = client.get(reverse("workdays:years")).content.decode()
    assert "未录入" in listing
    url = reverse("workdays:year", args=[NEXT])
    refused = client.post(url, _form(spring_last=f"{NEXT + 1}-02-13"))
    assert refused.status_code == 200
    assert "春节的放假日期应在" in refused.content.decode()
    half = client.post(url, _form(labour_last=""))
    assert "请同时填写劳动节的开始和结束日期" in half.content.decode()
    saved = client.post(url, _form())
    assert saved.status_code == 302
    assert CalendarYear.objects.get(year=NEXT).note == "国办发明电〔2026〕×号"
    page = client.get(url).content.decode()
    assert "国庆节" in page and f"{NEXT}-10-08" in page


def test_the_package_years_are_shown_read_only(autumn, office, client):
    client.force_login(office)
    page = client.get(reverse("workdays:year", args=[LIBRARY_LAST_YEAR])).content.decode()
    assert "无需录入" in page and 'name="note"' not in page
    assert "春节" in page


@pytest.mark.parametrize(
    ("day", "shown", "urgent"),
    [
        (datetime.date(LIBRARY_LAST_YEAR, 9, 30), False, False),
        (datetime.date(LIBRARY_LAST_YEAR, 10, 1), True, False),
        (datetime.date(LIBRARY_LAST_YEAR, 12, 1), True, True),
    ],
)
def test_from_october_the_office_is_asked_to_enter_next_year(office, day, shown, urgent):
    items = [item for item in todo_items(office, day) if "工作日历" in item.label]
    assert bool(items) == shown
    if shown:
        assert items[0].label == f"录入{NEXT}年工作日历（法定节假日及调休）"
        assert items[0].urgent == urgent
        assert items[0].url == reverse("workdays:year", args=[NEXT])


def test_the_reminder_goes_once_the_year_is_entered_and_others_never_see_it(autumn, office, unit):
    enter_year(by=office, **_schedule())
    assert not [
        item for item in todo_items(office, datetime.date(LIBRARY_LAST_YEAR, 12, 1)) if "工作日历" in item.label
    ]
    CalendarYear.objects.all().delete()
    CalendarDay.objects.all().delete()
    staff = factories.unit_user(unit)
    assert not [item for item in todo_items(staff, datetime.date(LIBRARY_LAST_YEAR, 12, 1)) if "工作日历" in item.label]
