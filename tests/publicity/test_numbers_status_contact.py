"""Notices are numbered per year (distinct titles), show one state everywhere, and carry the
office's contact for objections."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import unit_user
from tests.publicity.factories import D, EntryFactory, PublicityFactory, open_notice
from yingcai.audit.domain import history_of
from yingcai.publicity.domain import notice_status, objection_contact, update_objection_contact
from yingcai.publicity.enums import PublicityKind, PublicityState
from yingcai.registry.domain.errors import StaleEditError

CONTACT = {
    "department": "中共平顶山市委人才工作领导小组办公室",
    "phone": "0375-2345678",
    "address": "平顶山市新华区建设路（市委大院）",
    "email": "",
    "hours": "工作日 8:30–12:00",
}


def test_two_notices_of_the_same_day_get_distinct_numbered_titles(office):
    first = open_notice(office, on=D(2026, 6, 8))
    second = open_notice(office, on=D(2026, 6, 8))
    assert first.title != second.title
    assert first.title.endswith("〔2026〕第1号") and second.title.endswith("〔2026〕第2号")
    assert (second.year, second.number, second.reference) == (2026, 2, "〔2026〕第2号")


def test_numbering_starts_again_each_year(office):
    open_notice(office, on=D(2025, 11, 10))
    open_notice(office, on=D(2025, 11, 11))
    assert open_notice(office, on=D(2026, 3, 2)).number == 1


@pytest.mark.parametrize(
    ("today", "code", "label"),
    [
        (D(2026, 6, 7), "upcoming", "即将公示"),
        (D(2026, 6, 8), "open", "公示中"),
        (D(2026, 6, 12), "open", "公示中"),
        (D(2026, 6, 13), "expired", "公示期满，待结束"),
    ],
)
def test_the_one_status_at_its_boundaries(db, today, code, label):
    notice = PublicityFactory(starts_on=D(2026, 6, 8), ends_on=D(2026, 6, 12))
    status = notice_status(notice, today)
    assert (status.code, status.label) == (code, label)
    notice.state = PublicityState.CONCLUDED
    assert notice_status(notice, today).code == "concluded"


def test_a_notice_shows_the_same_state_on_every_page(client, office, time_machine):
    time_machine.move_to(datetime.datetime(2026, 6, 15, 10, 0))
    # Past its last day, not concluded yet: 公示期满，待结束 everywhere, never 公示中.
    notice = PublicityFactory(kind=PublicityKind.CERTIFICATION, starts_on=D(2026, 6, 8), ends_on=D(2026, 6, 12))
    EntryFactory(publicity=notice)
    pages = [reverse("publicity:notice-list"), reverse("publicity:notice-detail", args=[notice.pk])]
    for url in pages:
        assert 'data-status="expired"' in client.get(url).content.decode(), url
    client.force_login(office)
    office_pages = [
        reverse("publicity:office-list"),
        reverse("publicity:office-detail", args=[notice.pk]),
        reverse("certification:publicity"),
    ]
    for url in office_pages:
        page = client.get(url).content.decode()
        assert 'data-status="expired"' in page and "公示期满，待结束" in page, url
    body = client.get(f"/api/v1/publicity/{notice.pk}").json()
    assert (body["status"], body["status_label"]) == ("expired", "公示期满，待结束")


def test_the_office_sets_the_contact_audited_and_every_public_notice_shows_it(client, office):
    notice = PublicityFactory()
    EntryFactory(publicity=notice)
    contact = update_objection_contact(by=office, data=CONTACT, version=None)
    assert history_of(contact).exists()
    page = client.get(reverse("publicity:notice-detail", args=[notice.pk])).content.decode()
    assert 'data-testid="objection-contact"' in page
    assert "0375-2345678" in page and CONTACT["department"] in page and "建设路" in page
    assert client.get(f"/api/v1/publicity/{notice.pk}").json()["objection_contact"]["phone"] == "0375-2345678"
    changed = update_objection_contact(by=office, data={**CONTACT, "phone": "0375-2345679"}, version=contact.version)
    assert history_of(changed).first().changes == {"phone": ["0375-2345678", "0375-2345679"]}
    with pytest.raises(StaleEditError):
        update_objection_contact(by=office, data={**CONTACT, "phone": "0375-2345670"}, version=contact.version)


def test_the_contact_needs_a_department_a_valid_phone_and_an_address_or_email(office):
    with pytest.raises(ValidationError) as refusal:
        update_objection_contact(
            by=office, data={"department": "", "phone": "2345678", "address": "", "email": ""}, version=None
        )
    errors = refusal.value.message_dict
    assert set(errors) == {"department", "phone", "address"}
    contact = update_objection_contact(
        by=office, data={**CONTACT, "address": "", "email": "rcb@pds.gov.cn"}, version=None
    )
    assert contact.email == "rcb@pds.gov.cn"


def test_the_contact_page_for_the_office(client, office):
    client.force_login(office)
    url = reverse("publicity:contact")
    assert 'data-testid="contact-missing"' in client.get(reverse("publicity:office-list")).content.decode()
    response = client.post(url, {**CONTACT, "phone": "12345"})
    assert response.status_code == 200 and "联系电话应为11位手机号码" in response.content.decode()
    assert client.post(url, CONTACT).status_code == 302
    assert objection_contact().phone == "0375-2345678"
    assert 'data-testid="contact-missing"' not in client.get(reverse("publicity:office-list")).content.decode()


def test_the_public_and_units_cannot_edit_the_contact(client, unit, office):
    url = reverse("publicity:contact")
    assert client.post(url, CONTACT).status_code == 302  # to the login page
    assert objection_contact() is None
    client.force_login(unit_user(unit))
    assert client.get(url).status_code == 403
    assert client.post(url, CONTACT).status_code == 403
    assert objection_contact() is None
    with pytest.raises(PermissionDenied):
        update_objection_contact(by=unit_user(unit), data=CONTACT, version=None)
