"""The support pages through the test client: what each role sees, confirms, decides and pays, and
every denial (404 outside the scope, 403 for a forbidden action)."""

import datetime
from decimal import Decimal

import pytest

from tests import factories
from tests.support.factories import CertificationFactory, SupportItemFactory, bank_item, school_item
from tests.support.helpers import BANK, confirmed_bank_entitlement, granted
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.support.domain.entitlements import confirm
from yingcai.support.enums import EntitlementState, InstalmentState
from yingcai.support.models import Payment


@pytest.fixture
def entitlement(office, certification):
    return granted(office, certification, SupportItemFactory(name="生活补贴", amount=Decimal("100000")))


@pytest.fixture
def foreign(office, other_certification):
    return granted(office, other_certification, SupportItemFactory(name="外单位补贴"))


def text(response) -> str:
    return response.content.decode()


def test_the_talent_sees_what_they_get_and_from_which_rule(client, talent_self, entitlement):
    client.force_login(talent_self)
    assert client.get("/support/").url == f"/support/talents/{entitlement.talent_id}/"
    page = text(client.get(f"/support/talents/{entitlement.talent_id}/"))
    assert "我的待遇" in page and "生活补贴" in page
    assert entitlement.item.citation in page
    assert "33,333.33" in page and "33,333.34" in page


def test_the_talent_confirms_on_their_page(client, talent_self, office, certification):
    bank = granted(office, certification, bank_item())
    client.force_login(talent_self)
    page = text(client.get(f"/support/talents/{bank.talent_id}/"))
    assert "收款银行账号" in page and 'data-testid="confirm-form"' in page
    bad = client.post(
        f"/support/entitlements/{bank.pk}/confirm/",
        {f"e{bank.pk}-bank_account": "123", f"e{bank.pk}-bank_name": "平顶山银行"},
    )
    assert "银行账号须为10至30位数字" in text(bad)
    ok = client.post(
        f"/support/entitlements/{bank.pk}/confirm/",
        {f"e{bank.pk}-{k}": v for k, v in BANK.items()} | {f"e{bank.pk}-version": "1"},
    )
    assert ok.status_code == 302
    bank.refresh_from_db()
    assert bank.state == EntitlementState.ACTIVE
    # The talent sees their own account in clear; the unit sees it masked.
    assert "6222020200012345678" in text(client.get(f"/support/talents/{bank.talent_id}/"))


def test_the_unit_sees_masked_data_and_the_office_reveals_it_logged(
    client, office, certification, talent_self, unit_staff
):
    bank = confirmed_bank_entitlement(office, certification, talent_self)
    client.force_login(unit_staff)
    page = text(client.get(f"/support/talents/{bank.talent_id}/"))
    assert "6222***********5678" in page and "6222020200012345678" not in page
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()
    client.force_login(office)
    page = text(client.get(f"/support/talents/{bank.talent_id}/"))
    assert "6222***********5678" in page and "6222020200012345678" not in page
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA).exists()
    assert "6222020200012345678" in text(client.post(f"/support/entitlements/{bank.pk}/confirmation/"))
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA, actor=office).count() == 1


def test_scopes_of_the_list(client, office, entitlement, foreign, unit_staff, county_staff, other_unit):
    own_link = f"/support/talents/{entitlement.talent_id}/"
    foreign_link = f"/support/talents/{foreign.talent_id}/"
    client.force_login(office)
    page = text(client.get("/support/"))
    assert own_link in page and foreign_link in page
    for user in (unit_staff, county_staff):
        client.force_login(user)
        page = text(client.get("/support/"))
        assert own_link in page and foreign_link not in page
    client.force_login(factories.unit_user(other_unit))
    page = text(client.get("/support/"))
    assert own_link not in page and foreign_link in page


def test_pages_outside_the_scope_are_404(client, entitlement, foreign, unit_staff, county_staff, talent_self):
    for user in (unit_staff, county_staff, talent_self):
        client.force_login(user)
        assert client.get(f"/support/talents/{foreign.talent_id}/").status_code == 404
        response = client.post(f"/support/entitlements/{foreign.pk}/confirm/", {})
        assert response.status_code == 404


def test_forbidden_actions_are_403(client, entitlement, unit_staff, county_staff, talent_self):
    instalment = entitlement.instalments.first()
    for user in (unit_staff, county_staff, talent_self):
        client.force_login(user)
        assert client.get("/support/payments/").status_code == 403
        response = client.post(
            f"/support/instalments/{instalment.pk}/pay/", {"amount": "1", "paid_on": "2025-03-10", "voucher": "x"}
        )
        assert response.status_code == 403
    client.force_login(talent_self)
    assert client.get("/support/tasks/").status_code == 403
    assert client.get("/support/totals/").status_code == 403
    assert (
        client.post(
            f"/support/talents/{entitlement.talent_id}/leave-city/", {"left_on": "2026-01-01", "reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(county_staff)
    assert client.post(f"/support/entitlements/{entitlement.pk}/confirm/", {}).status_code == 403
    assert Payment.objects.count() == 0


def test_the_office_pays_with_htmx_and_a_refusal_is_shown_in_the_row(client, office, entitlement):
    client.force_login(office)
    instalment = entitlement.instalments.get(sequence=1)
    page = text(client.get("/support/payments/"))
    assert f'id="instalment-{instalment.pk}"' in page and "登记发放" in page
    url = f"/support/instalments/{instalment.pk}/pay/"
    refused = client.post(
        url, {"amount": "33333.34", "paid_on": "2025-03-10", "voucher": "PZ1"}, HTTP_HX_REQUEST="true"
    )
    assert "不能多发" in text(refused) and 'data-testid="refusal"' in text(refused)
    paid = client.post(url, {"amount": "33333.33", "paid_on": "2025-03-10", "voucher": "PZ1"}, HTTP_HX_REQUEST="true")
    assert "已发放" in text(paid) and "PZ1" in text(paid)
    again = client.post(url, {"amount": "33333.33", "paid_on": "2025-03-10", "voucher": "PZ2"}, HTTP_HX_REQUEST="true")
    assert "该期已发放，不能重复发放" in text(again)
    assert Payment.objects.count() == 1
    instalment.refresh_from_db()
    assert instalment.state == InstalmentState.PAID


def test_the_bureau_decides_its_tasks(client, office, certification, talent_self, bureau_staff, county_staff):
    school = granted(office, certification, school_item(office=bureau_staff.jurisdiction))
    confirm(by=talent_self, entitlement=school, data={"child_name": "王小明", "child_grade": "小学三年级"})
    school.refresh_from_db()
    client.force_login(county_staff)
    assert "王*" not in text(client.get("/support/tasks/"))  # not the county's task
    assert client.post(f"/support/tasks/{school.task.pk}/decide/", {"outcome": "x"}).status_code == 404
    client.force_login(bureau_staff)
    page = text(client.get("/support/tasks/"))
    assert "王**" in page and "王小明" not in page and "登记办理结果" in page
    # The bureau reads the child's name masked on the talent's page, in clear on asking (logged).
    assert "王小明" not in text(client.get(f"/support/talents/{school.talent_id}/"))
    assert "王小明" in text(client.post(f"/support/entitlements/{school.pk}/confirmation/"))
    assert AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA, actor=bureau_staff).exists()
    client.post(f"/support/tasks/{school.task.pk}/decide/", {"outcome": "安排至市第一实验小学三年级"})
    school.refresh_from_db()
    assert school.state == EntitlementState.ACTIVE
    assert "安排至市第一实验小学三年级" in text(client.get("/support/tasks/?status=done"))


def test_overdue_tasks_are_listed_as_such(client, office, certification, bureau_staff):
    granted(office, certification, school_item(office=bureau_staff.jurisdiction, confirm_fields=[]))
    client.force_login(bureau_staff)
    page = text(client.get("/support/tasks/?status=overdue"))
    assert "已超期" in page and "子女入学" in page


def test_the_unit_registers_that_the_talent_left_the_city(client, unit_staff, office, unit, talent):
    certification = CertificationFactory(unit=unit, talent=talent, certified_on=datetime.date(2024, 1, 15))
    entitlement = granted(office, certification, SupportItemFactory(amount=Decimal("90000")))
    client.force_login(unit_staff)
    assert "登记离开本市" in text(client.get(f"/support/talents/{talent.pk}/"))
    response = client.post(f"/support/talents/{talent.pk}/leave-city/", {"left_on": "2025-06-30", "reason": "调往外省"})
    assert response.status_code == 302
    entitlement.refresh_from_db()
    assert entitlement.state == EntitlementState.STOPPED
    assert entitlement.stop_reason == "离开本市：调往外省"
    missing = client.post(f"/support/talents/{talent.pk}/leave-city/", {"left_on": "", "reason": ""})
    assert missing.status_code == 200


def test_filters_of_the_list(client, office, unit):
    late = CertificationFactory(unit=unit, certified_on=datetime.date(2024, 1, 15))
    granted(office, late, SupportItemFactory(name="逾期补贴"))
    client.force_login(office)
    assert "逾期补贴" in text(client.get("/support/?due=overdue"))
    assert "逾期补贴" not in text(client.get("/support/?kind=housing"))
    assert "逾期补贴" in text(client.get("/support/?tier=T&state=active"))


def test_totals_page_and_navigation(client, office, entitlement, county_staff):
    instalment = entitlement.instalments.get(sequence=1)
    from yingcai.support.domain.payments import record_payment

    record_payment(
        by=office, instalment=instalment, amount=instalment.amount, paid_on=datetime.date(2025, 3, 10), voucher="P"
    )
    client.force_login(office)
    page = text(client.get("/support/totals/"))
    assert "100,000.00" in page and "33,333.33" in page and "support-by-year" in page
    for label in ("待遇兑现", "待办任务", "发放登记", "资金统计"):
        assert label in page
    client.force_login(county_staff)
    page = text(client.get("/support/totals/"))
    assert "100,000.00" in page  # the county's own unit's talent
