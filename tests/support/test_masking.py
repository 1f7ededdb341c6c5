"""Masking is the same everywhere for the same viewer: the office (and the deciding department) see
a bank account or a child's name masked until they reveal it, each reveal logged; the talent sees
their own in clear; the unit never in clear."""

import pytest

from tests import factories
from tests.support.factories import school_item
from tests.support.helpers import confirmed_bank_entitlement, granted
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.support.domain.entitlements import confirm

pytestmark = pytest.mark.django_db
CLEAR, MASKED = "6222020200012345678", "6222***********5678"
API = "/api/v1/support"


def _reveals(user) -> int:
    return AuditEntry.objects.filter(action=AuditAction.VIEW_PERSONAL_DATA, actor=user).count()


def test_the_office_sees_it_masked_on_every_path_until_it_reveals(client, office, certification, talent_self):
    bank = confirmed_bank_entitlement(office, certification, talent_self)
    client.force_login(office)
    page = client.get(f"/support/talents/{bank.talent_id}/").content.decode()
    assert MASKED in page and CLEAR not in page and 'data-testid="reveal-confirmation"' in page
    assert client.get(f"{API}/entitlements/{bank.pk}").json()["confirmation"]["bank_account"] == MASKED
    assert (
        client.get(f"{API}/entitlements?talent_id={bank.talent_id}").json()["items"][0]["confirmation"]["bank_account"]
        == MASKED
    )
    assert _reveals(office) == 0
    shown = client.post(f"/support/entitlements/{bank.pk}/confirmation/", HTTP_HX_REQUEST="true").content.decode()
    assert CLEAR in shown and 'data-testid="reveal-confirmation"' not in shown
    assert _reveals(office) == 1
    client.post(f"/support/entitlements/{bank.pk}/confirmation/")
    assert _reveals(office) == 2  # each reveal is logged


def test_the_talent_sees_their_own_in_clear_without_a_log(client, office, certification, talent_self):
    bank = confirmed_bank_entitlement(office, certification, talent_self)
    client.force_login(talent_self)
    page = client.get(f"/support/talents/{bank.talent_id}/").content.decode()
    assert CLEAR in page and 'data-testid="reveal-confirmation"' not in page
    assert client.get(f"{API}/entitlements/{bank.pk}").json()["confirmation"]["bank_account"] == CLEAR
    assert _reveals(talent_self) == 0


def test_the_unit_cannot_reveal(client, office, certification, talent_self, unit_staff):
    bank = confirmed_bank_entitlement(office, certification, talent_self)
    client.force_login(unit_staff)
    page = client.get(f"/support/talents/{bank.talent_id}/").content.decode()
    assert MASKED in page and 'data-testid="reveal-confirmation"' not in page
    assert client.post(f"/support/entitlements/{bank.pk}/confirmation/").status_code == 403
    assert _reveals(unit_staff) == 0


def test_a_childs_name_is_masked_for_the_bureau_until_revealed(
    client, office, certification, talent_self, bureau_staff
):
    school = granted(office, certification, school_item(office=bureau_staff.jurisdiction))
    confirm(by=talent_self, entitlement=school, data={"child_name": "王小明", "child_grade": "小学三年级"})
    client.force_login(bureau_staff)
    assert "王小明" not in client.get(f"/support/talents/{school.talent_id}/").content.decode()
    assert "王小明" not in client.get("/support/tasks/").content.decode()
    assert "王小明" in client.post(f"/support/entitlements/{school.pk}/confirmation/").content.decode()
    assert _reveals(bureau_staff) == 1
    other = factories.jurisdiction_user(factories.JurisdictionFactory())
    client.force_login(other)
    assert client.post(f"/support/entitlements/{school.pk}/confirmation/").status_code in (403, 404)
