"""The support API: the same scopes, permissions and refusals as the pages."""

import datetime
from decimal import Decimal

import pytest

from tests.support.factories import SupportItemFactory, bank_item, school_item
from tests.support.helpers import BANK, granted
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.support.domain.entitlements import confirm
from yingcai.support.models import Payment

API = "/api/v1/support"


@pytest.fixture
def entitlement(office, certification):
    return granted(office, certification, SupportItemFactory(amount=Decimal("100000")))


def test_list_and_detail_are_scoped(client, office, entitlement, other_certification, unit_staff, talent_self):
    foreign = granted(office, other_certification, SupportItemFactory())
    client.force_login(unit_staff)
    ids = {e["id"] for e in client.get(f"{API}/entitlements").json()["items"]}
    assert entitlement.pk in ids and foreign.pk not in ids
    assert client.get(f"{API}/entitlements/{foreign.pk}").status_code == 404
    client.force_login(talent_self)
    detail = client.get(f"{API}/entitlements/{entitlement.pk}").json()
    assert detail["rule"]["citation"] == entitlement.item.citation
    assert [i["amount"] for i in detail["instalments"]] == ["33333.33", "33333.33", "33333.34"]
    assert client.get(f"{API}/entitlements/{foreign.pk}").status_code == 404


def test_confirm_masks_for_the_unit_and_logs_the_office(client, office, certification, talent_self, unit_staff):
    bank = granted(office, certification, bank_item())
    client.force_login(talent_self)
    bad = client.post(
        f"{API}/entitlements/{bank.pk}/confirm",
        {"data": {"bank_account": "123", "bank_name": "平顶山银行"}},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "bank_account" in bad.json()["detail"]
    ok = client.post(f"{API}/entitlements/{bank.pk}/confirm", {"data": BANK}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["state"] == "active"
    assert ok.json()["confirmation"]["bank_account"] == "6222020200012345678"
    client.force_login(unit_staff)
    assert client.get(f"{API}/entitlements/{bank.pk}").json()["confirmation"]["bank_account"] == "6222***********5678"
    client.force_login(office)
    # The office sees it masked too, until it asks for it in clear (logged), as on the pages.
    assert client.get(f"{API}/entitlements/{bank.pk}").json()["confirmation"]["bank_account"] == "6222***********5678"
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA, actor=office).exists()
    revealed = client.get(f"{API}/entitlements/{bank.pk}?reveal=true").json()
    assert revealed["confirmation"]["bank_account"] == "6222020200012345678"
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA, actor=office).count() == 1
    client.force_login(unit_staff)
    assert client.get(f"{API}/entitlements/{bank.pk}?reveal=true").status_code == 403
    # Lists are always masked.
    listed = client.get(f"{API}/entitlements?talent_id={bank.talent_id}").json()["items"]
    assert listed[0]["confirmation"]["bank_account"] == "6222***********5678"


def test_payments_office_only_and_never_twice(client, office, entitlement, unit_staff, talent_self):
    instalment = entitlement.instalments.get(sequence=1)
    body = {"amount": "33333.33", "paid_on": "2025-03-10", "voucher": "PZ1"}
    url = f"{API}/instalments/{instalment.pk}/payment"
    for user in (unit_staff, talent_self):
        client.force_login(user)
        assert client.post(url, body, content_type="application/json").status_code == 403
        assert client.get(f"{API}/instalments").status_code == 403
    client.force_login(office)
    over = client.post(url, {**body, "amount": "33333.34"}, content_type="application/json")
    assert over.status_code == 422 and "不能多发" in over.json()["detail"]["amount"][0]
    assert client.post(url, body, content_type="application/json").status_code == 201
    again = client.post(url, {**body, "voucher": "PZ2"}, content_type="application/json")
    assert again.status_code == 422 and again.json()["detail"]["__all__"] == ["该期已发放，不能重复发放。"]
    assert Payment.objects.count() == 1
    listed = client.get(f"{API}/instalments?state=paid").json()["items"]
    assert [i["payment"]["voucher"] for i in listed] == ["PZ1"]


def test_tasks_and_decide(client, office, certification, talent_self, bureau_staff, county_staff):
    school = granted(office, certification, school_item(office=bureau_staff.jurisdiction))
    confirm(by=talent_self, entitlement=school, data={"child_name": "王小明", "child_grade": "小学三年级"})
    school.refresh_from_db()
    client.force_login(county_staff)
    assert client.get(f"{API}/tasks").json()["items"] == []
    assert (
        client.post(
            f"{API}/tasks/{school.task.pk}/decide", {"outcome": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(talent_self)
    assert client.get(f"{API}/tasks").status_code == 403
    client.force_login(bureau_staff)
    [task] = client.get(f"{API}/tasks?status=open").json()["items"]
    assert task["entitlement"]["confirmation"]["child_name"] == "王**"
    done = client.post(
        f"{API}/tasks/{task['id']}/decide", {"outcome": "安排至市第一实验小学三年级"}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert done.json()["entitlement"]["state"] == "active"


def test_totals_and_leave_city(client, office, unit, talent, talent_self, unit_staff):
    from tests.support.factories import CertificationFactory

    certification = CertificationFactory(unit=unit, talent=talent, certified_on=datetime.date(2024, 1, 15))
    entitlement = granted(office, certification, SupportItemFactory(amount=Decimal("90000")))
    client.force_login(talent_self)
    assert client.get(f"{API}/totals").status_code == 403
    response = client.post(
        f"{API}/talents/{talent.pk}/leave-city",
        {"left_on": "2025-06-30", "reason": "离开本市"},
        content_type="application/json",
    )
    assert response.status_code == 403
    client.force_login(unit_staff)
    response = client.post(
        f"{API}/talents/{talent.pk}/leave-city",
        {"left_on": "2025-06-30", "reason": "离开本市"},
        content_type="application/json",
    )
    assert response.status_code == 200 and [e["id"] for e in response.json()] == [entitlement.pk]
    client.force_login(office)
    result = client.get(f"{API}/totals").json()
    assert result["promised"] == "60000.00"  # the 2026 instalment stopped
    assert result["by_year"][0] == {"label": "2024", "promised": "30000.00", "paid": "0.00"}
