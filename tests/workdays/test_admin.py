from datetime import date

import pytest

from tests.factories import office_user, system_admin_user
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction
from yingcai.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_an_entry_made_in_the_admin_is_audited_and_signed(client):
    user = system_admin_user()
    client.force_login(user)

    response = client.post(
        "/admin/workdays/calendarday/add/",
        {"date": "2027-02-06", "is_workday": "on", "name": "调休上班", "note": "国办发明电〔2026〕"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = CalendarDay.objects.get(date=date(2027, 2, 6))
    assert entry.created_by == user
    assert [e.action for e in history_of(entry)] == [AuditAction.CREATE]


def test_the_talent_office_no_longer_enters_the_calendar_in_the_admin(client):
    client.force_login(office_user(is_staff=True))
    response = client.post("/admin/workdays/calendarday/add/", {"date": "2027-02-06", "is_workday": "on"})
    assert response.status_code == 403
    assert not CalendarDay.objects.filter(date=date(2027, 2, 6)).exists()
