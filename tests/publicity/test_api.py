"""The publicity API: public reading and objecting (no login, no personal data, rate-limited), the
office's objection list, answers and concluding, and the denials."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.utils import timezone

from tests.publicity.factories import EntryFactory, ObjectionFactory, PublicityFactory
from yingcai.publicity.enums import EntryOutcome, PublicityState
from yingcai.publicity.models import Objection

pytestmark = pytest.mark.django_db
API = "/api/v1/publicity"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def notice():
    publicity = PublicityFactory()
    EntryFactory(publicity=publicity)
    EntryFactory(publicity=publicity)
    return publicity


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_anyone_lists_and_reads_notices_without_personal_data(client, notice):
    listed = client.get(API)
    assert listed.status_code == 200
    item = listed.json()["items"][0]
    assert item["id"] == notice.pk and item["is_open"] is True and item["working_days"] == 5
    assert "第三条" in item["rule_citation"]
    detail = client.get(f"{API}/{notice.pk}")
    body = detail.content.decode()
    talent = notice.entries.first().subject
    assert detail.status_code == 200 and len(detail.json()["entries"]) == 2
    assert talent.id_number not in body and talent.phone not in body
    assert set(detail.json()["entries"][0]) == {"id", "position", "name", "unit_name", "summary"}


def test_anyone_files_an_objection(client, notice):
    entry = notice.entries.first()
    response = post(
        client,
        f"{API}/{notice.pk}/objections",
        {"name": "李群众", "phone": "0375-2345678", "content": "线索", "entry_id": entry.pk},
    )
    assert response.status_code == 201
    assert Objection.objects.get().entry == entry


def test_a_refused_objection_is_422_with_the_field(client, notice):
    response = post(client, f"{API}/{notice.pk}/objections", {"name": "李群众", "phone": "123", "content": "线索"})
    assert response.status_code == 422
    assert "phone" in response.json()["detail"]


def test_an_entry_of_another_notice_is_404(client, notice):
    other = EntryFactory()
    response = post(
        client,
        f"{API}/{notice.pk}/objections",
        {"name": "李", "phone": "13812345678", "content": "x", "entry_id": other.pk},
    )
    assert response.status_code == 404


def test_objections_after_the_end_are_refused(client):
    today = timezone.localdate()
    past = PublicityFactory(starts_on=today - datetime.timedelta(days=9), ends_on=today - datetime.timedelta(days=1))
    response = post(client, f"{API}/{past.pk}/objections", {"name": "李", "phone": "13812345678", "content": "x"})
    assert response.status_code == 422
    assert "不再受理" in response.json()["detail"]["__all__"][0]


def test_the_api_is_rate_limited_per_address(client, notice, settings):
    settings.PUBLICITY_OBJECTIONS_PER_IP_PER_HOUR = 1
    data = {"name": "李", "phone": "13812345678", "content": "x"}
    assert post(client, f"{API}/{notice.pk}/objections", data).status_code == 201
    assert post(client, f"{API}/{notice.pk}/objections", data).status_code == 429
    assert Objection.objects.count() == 1


def test_the_office_lists_answers_and_concludes(client, office):
    today = timezone.localdate()
    past = PublicityFactory(starts_on=today - datetime.timedelta(days=9), ends_on=today - datetime.timedelta(days=1))
    entry = EntryFactory(publicity=past)
    objection = ObjectionFactory(entry=entry, phone="13700001111")
    client.force_login(office)
    listed = client.get(f"{API}/{past.pk}/objections")
    assert listed.status_code == 200 and listed.json()[0]["phone"] == "13700001111"
    assert post(client, f"{API}/{past.pk}/conclude", {}).status_code == 422  # unanswered
    answered = post(client, f"{API}/objections/{objection.pk}/answer", {"answer": "属实", "upheld": True})
    assert answered.status_code == 200 and answered.json()["upheld"] is True
    concluded = post(client, f"{API}/{past.pk}/conclude", {})
    assert concluded.status_code == 200 and concluded.json()["state"] == PublicityState.CONCLUDED
    entry.refresh_from_db()
    assert entry.outcome == EntryOutcome.REMOVED


@pytest.mark.parametrize("role", ["county_staff", "unit_staff", "talent_self", "expert"])
def test_others_get_403_on_the_office_endpoints(client, request, notice, role):
    objection = ObjectionFactory(entry=notice.entries.first())
    client.force_login(request.getfixturevalue(role))
    assert client.get(f"{API}/{notice.pk}/objections").status_code == 403
    assert post(client, f"{API}/objections/{objection.pk}/answer", {"answer": "x", "upheld": False}).status_code == 403
    assert post(client, f"{API}/{notice.pk}/conclude", {}).status_code == 403


def test_anonymous_callers_cannot_read_objections(client, notice):
    ObjectionFactory(entry=notice.entries.first())
    assert client.get(f"{API}/{notice.pk}/objections").status_code == 401
