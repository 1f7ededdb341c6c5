from datetime import date

import pytest

from tests.factories import UserFactory
from yingcai.audit.domain import history_of
from yingcai.audit.models import AuditAction
from yingcai.workdays.models import CalendarDay

pytestmark = pytest.mark.django_db


def test_an_entry_made_in_the_admin_is_audited_and_signed(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)

    response = client.post(
        "/admin/workdays/calendarday/add/",
        {"date": "2027-02-06", "is_workday": "on", "name": "调休上班", "note": "国办发明电〔2026〕"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    entry = CalendarDay.objects.get(date=date(2027, 2, 6))
    assert entry.created_by == user
    assert [e.action for e in history_of(entry)] == [AuditAction.CREATE]
