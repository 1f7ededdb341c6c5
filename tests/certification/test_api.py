"""Certification over JSON: the same scopes, permissions and explanations as the pages."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from tests.certification.factories import CertificationFactory, e_tier_talent, eligible_introduction, pdf_upload
from tests.core import files
from tests.introductions.factories import FlexibleIntroductionFactory
from yingcai.certification.domain.certificates import valid_until
from yingcai.certification.enums import CertificationState
from yingcai.certification.models import Certification

pytestmark = pytest.mark.django_db
S = CertificationState
API = "/api/v1/certification"


def _apply_payload(introduction, **kwargs):
    return {
        "talent_id": introduction.talent_id,
        "unit_id": introduction.unit_id,
        "tier_code": "E",
        "basis": "introduced",
        "introduction_id": introduction.pk,
        **kwargs,
    }


def test_apply_upload_submit_and_review(client, unit, unit_staff, county_staff, office):
    introduction = eligible_introduction(unit)
    client.force_login(unit_staff)
    response = client.post(API, _apply_payload(introduction), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    pk = body["id"]
    assert body["state"] == "draft"
    assert body["eligibility"]["eligible"] is False  # no evidence yet
    failed = [c["code"] for c in body["eligibility"]["conditions"] if not c["passed"]]
    assert failed == ["evidence"]

    response = client.post(f"{API}/{pk}/review", {"transition": "submit"}, content_type="application/json")
    assert response.status_code == 422
    assert "证明材料" in str(response.json()["detail"])

    response = client.post(f"{API}/{pk}/evidence", {"kind": "degree", "file": files.upload("学位证书.pdf", files.EXE)})
    assert response.status_code == 422
    assert "“认定材料”的文件内容不是 PDF 文件" in str(response.json())
    response = client.post(f"{API}/{pk}/evidence", {"kind": "degree", "file": pdf_upload()})
    assert response.status_code == 201, response.content
    assert response.json()["original_name"] == "学位证书.pdf"
    response = client.post(f"{API}/{pk}/review", {"transition": "submit"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "submitted"

    client.force_login(county_staff)
    body = client.get(f"{API}/{pk}").json()
    assert [t["name"] for t in body["available_transitions"]] == ["county_approve", "county_return"]
    assert body["eligibility"]["tier"]["code"] == "E"
    response = client.post(f"{API}/{pk}/review", {"transition": "county_approve"}, content_type="application/json")
    assert response.json()["state"] == "county_approved"

    client.force_login(office)
    response = client.post(f"{API}/{pk}/review", {"transition": "certify"}, content_type="application/json")
    assert response.status_code == 422  # the batch steps are not review buttons
    response = client.post(f"{API}/{pk}/review", {"transition": "office_approve"}, content_type="application/json")
    assert response.json()["state"] == "office_approved"
    response = client.post(f"{API}/publicity", {"certification_ids": [pk]}, content_type="application/json")
    assert response.status_code == 201
    assert Certification.objects.get(pk=pk).state == S.IN_PUBLICITY
    response = client.post(f"{API}/publicity/{response.json()['id']}/finish")
    assert response.status_code == 422  # the notice has not run its days yet


def test_a_flexible_talent_is_refused_with_the_article(client, unit, unit_staff):
    flexible = FlexibleIntroductionFactory(unit=unit, talent=e_tier_talent(unit))
    client.force_login(unit_staff)
    response = client.post(API, _apply_payload(flexible), content_type="application/json")
    assert response.status_code == 422
    assert "第十三条" in str(response.json()["detail"]) and "柔性" in str(response.json()["detail"])


def test_eligibility_preview(client, unit, unit_staff):
    introduction = eligible_introduction(unit)
    client.force_login(unit_staff)
    response = client.post(
        f"{API}/eligibility", _apply_payload(introduction, tier_code="D"), content_type="application/json"
    )
    assert response.status_code == 200
    body = response.json()
    failed = {c["code"] for c in body["conditions"] if not c["passed"]}
    assert "tier_honours" in failed
    assert all(c["article"] for c in body["conditions"])
    assert not Certification.objects.exists()


def test_scopes_and_denials(client, unit, other_unit, unit_staff, county_staff):
    theirs = CertificationFactory(introduction=eligible_introduction(other_unit), state=S.SUBMITTED)
    mine = CertificationFactory(introduction=eligible_introduction(unit), state=S.SUBMITTED)
    client.force_login(unit_staff)
    assert [c["id"] for c in client.get(API).json()["items"]] == [mine.pk]
    assert client.get(f"{API}/{theirs.pk}").status_code == 404
    response = client.post(f"{API}/{mine.pk}/review", {"transition": "county_approve"}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(factories.talent_user(mine.talent))
    assert [c["id"] for c in client.get(API).json()["items"]] == [mine.pk]
    response = client.patch(f"{API}/{mine.pk}", {"version": mine.version}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(county_staff)
    response = client.post(f"{API}/publicity", {"certification_ids": [mine.pk]}, content_type="application/json")
    assert response.status_code == 403
    client.logout()
    assert client.get(API).status_code == 401


def test_public_verification_needs_no_login_and_masks_the_name(client, unit):
    today = timezone.localdate()
    certification = CertificationFactory(
        introduction=eligible_introduction(unit),
        state=S.CERTIFIED,
        certificate_number="PDS-2026-E-0009",
        certified_on=today,
        valid_until=valid_until(today, 3),
        verification_token="public-token-0009",
    )
    certification.talent.name = "欧阳小明"
    certification.talent.save()
    response = client.get(f"{API}/verify/public-token-0009")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid" and body["name_masked"] == "欧**明"
    assert "id_number" not in str(body) and certification.talent.id_number not in str(body)
    missing = client.get(f"{API}/verify/nothing-here")
    assert missing.status_code == 404 and "未查到该证书" in missing.json()["detail"]


def test_stale_patch_is_refused(client, unit, unit_staff):
    certification = CertificationFactory(introduction=eligible_introduction(unit))
    client.force_login(unit_staff)
    ok = client.patch(
        f"{API}/{certification.pk}",
        {"version": certification.version, "cultivated_on": str(datetime.date(2025, 1, 1)), "honours": ["鹰城英才"]},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["honours"] == ["鹰城英才"]
    stale = client.patch(
        f"{API}/{certification.pk}", {"version": certification.version}, content_type="application/json"
    )
    assert stale.status_code == 422
