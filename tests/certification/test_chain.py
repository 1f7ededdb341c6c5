"""The whole chain of 第十三条 on the domain: apply → evidence → county → office → 公示 →
certified with a numbered certificate; returns, rejections and who may take each step."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests import factories
from tests.certification.factories import eligible_introduction, pdf_upload
from yingcai.certification.domain import applications, certificates
from yingcai.certification.enums import CertificationBasis, CertificationState
from yingcai.publicity.models import Publicity
from yingcai.workflows.engine import steps_of

S = CertificationState


@pytest.fixture
def introduction(unit):
    return eligible_introduction(unit)


@pytest.fixture
def draft(unit_staff, introduction):
    certification = applications.apply(
        by=unit_staff,
        talent=introduction.talent,
        unit=introduction.unit,
        tier_code="E",
        basis=CertificationBasis.INTRODUCED,
        introduction=introduction,
    )
    applications.add_evidence(by=unit_staff, certification=certification, kind="degree", file=pdf_upload())
    return certification


def _through_office(draft, unit_staff, county_staff, office):
    applications.review(by=unit_staff, certification=draft, transition="submit")
    for evidence in draft.evidence.all():
        applications.check_evidence(by=county_staff, evidence=evidence, result="accepted")
    applications.review(by=county_staff, certification=draft, transition="county_approve")
    return applications.review(by=office, certification=draft, transition="office_approve")


def test_the_whole_chain_certifies_with_a_numbered_certificate(
    draft, unit_staff, county_staff, office, no_entitlements
):
    certification = _through_office(draft, unit_staff, county_staff, office)
    assert certification.state == S.OFFICE_APPROVED
    # The decision keeps its explanation, the tier version and the rule versions that made it.
    assert certification.eligibility["eligible"] is True
    assert certification.tier.code == "E"
    assert "certification.new_talent_window_years" in set(certification.rules.values_list("key", flat=True))

    today = timezone.localdate()
    publicity = certificates.start_publicity(by=office, certifications=[certification], on=today)
    certification.refresh_from_db()
    assert certification.state == S.IN_PUBLICITY
    entry = publicity.entries.get()
    assert entry.name == certification.talent.name
    assert entry.summary.startswith("拟认定为E类人才")
    assert publicity.rule.key == "certification.publicity_working_days"

    day_after = publicity.ends_on + datetime.timedelta(days=1)
    outcome = certificates.finish_publicity(by=office, publicity=publicity, on=day_after)
    certification.refresh_from_db()
    assert [c.pk for c in outcome["certified"]] == [certification.pk]
    assert certification.state == S.CERTIFIED
    assert certification.certificate_number == f"PDS-{day_after.year}-E-0001"
    assert certification.certified_on == day_after
    assert certification.verification_token and len(certification.verification_token) >= 32
    assert no_entitlements == [certification.pk]
    keys = set(certification.rules.values_list("key", flat=True))
    assert {"certification.publicity_working_days", "certification.validity_years"} <= keys
    names = [s.transition for s in steps_of(certification)]
    assert names == ["submit", "county_approve", "office_approve", "publicize", "certify"]


def test_returns_go_back_to_the_unit_with_a_reason_and_can_be_resubmitted(draft, unit_staff, county_staff, office):
    applications.review(by=unit_staff, certification=draft, transition="submit")
    with pytest.raises(ValidationError):
        applications.review(by=county_staff, certification=draft, transition="county_return")  # no reason
    applications.review(by=county_staff, certification=draft, transition="county_return", reason="学位证书不清晰")
    assert draft.state == S.RETURNED
    applications.add_evidence(by=unit_staff, certification=draft, kind="degree", file=pdf_upload("清晰.pdf"))
    applications.review(by=unit_staff, certification=draft, transition="submit")
    applications.review(by=county_staff, certification=draft, transition="county_approve")
    applications.review(by=office, certification=draft, transition="office_return", reason="请补充职称证书")
    assert draft.state == S.RETURNED
    assert [s.reason for s in steps_of(draft) if s.reason] == ["学位证书不清晰", "请补充职称证书"]


def test_rejection_is_final(draft, unit_staff, county_staff, office):
    applications.review(by=unit_staff, certification=draft, transition="submit")
    applications.review(by=county_staff, certification=draft, transition="county_approve")
    applications.review(by=office, certification=draft, transition="reject", reason="业绩材料不实")
    assert draft.state == S.REJECTED
    for transition in ("submit", "office_approve", "county_approve"):
        with pytest.raises(ValidationError):
            applications.review(by=office, certification=draft, transition=transition)


@pytest.mark.parametrize(
    ("who", "transition"),
    [
        ("county_staff", "submit"),
        ("talent_self", "submit"),
        ("other_unit_staff", "submit"),
        ("unit_staff", "county_approve"),
        ("other_county_staff", "county_approve"),
        ("office", "county_approve"),
        ("county_staff", "office_approve"),
        ("unit_staff", "office_approve"),
    ],
)
def test_who_may_not_take_a_step(request, draft, unit_staff, county_staff, office, other_unit, who, transition):
    users = {
        "unit_staff": unit_staff,
        "county_staff": county_staff,
        "office": office,
        "talent_self": factories.talent_user(draft.talent),
        "other_unit_staff": factories.unit_user(other_unit),
        "other_county_staff": factories.jurisdiction_user(other_unit.county),
    }
    if transition != "submit":
        applications.review(by=unit_staff, certification=draft, transition="submit")
    if transition == "office_approve":
        applications.review(by=county_staff, certification=draft, transition="county_approve")
    with pytest.raises(PermissionDenied):
        applications.review(by=users[who], certification=draft, transition=transition)


def test_the_line_department_reviews_its_units(draft, unit_staff):
    department = factories.DepartmentFactory()
    draft.unit.department = department
    draft.unit.save()
    applications.review(by=unit_staff, certification=draft, transition="submit")
    applications.review(by=factories.jurisdiction_user(department), certification=draft, transition="county_approve")
    assert draft.state == S.COUNTY_APPROVED


def test_office_re_checks_on_its_own_day(draft, unit_staff, county_staff, office):
    applications.review(by=unit_staff, certification=draft, transition="submit")
    applications.review(by=county_staff, certification=draft, transition="county_approve")
    # The introduction ended after submission: the office's check refuses it.
    draft.introduction.ended_on = timezone.localdate()
    draft.introduction.end_reason = "离职"
    draft.introduction.save()
    with pytest.raises(ValidationError) as refused:
        applications.review(by=office, certification=draft, transition="office_approve")
    assert any("已于" in m and "结束" in m for m in refused.value.messages)
    assert draft.state == S.COUNTY_APPROVED


def test_an_upheld_objection_refuses_with_the_answer(draft, unit_staff, county_staff, office, no_entitlements):
    from yingcai.publicity.domain import answer_objection, file_objection

    certification = _through_office(draft, unit_staff, county_staff, office)
    publicity = certificates.start_publicity(by=office, certifications=[certification])
    entry = publicity.entries.get()
    objection = file_objection(
        publicity=publicity,
        entry=entry,
        name="王五",
        phone="13800138000",
        content="论文存在抄袭",
        on=publicity.starts_on,
    )
    answer_objection(by=office, objection=objection, upheld=True, answer="经核查，论文抄袭属实")
    day_after = publicity.ends_on + datetime.timedelta(days=1)
    outcome = certificates.finish_publicity(by=office, publicity=publicity, on=day_after)
    certification.refresh_from_db()
    assert certification.state == S.REJECTED
    assert [c.pk for c in outcome["rejected"]] == [certification.pk]
    assert certification.certificate_number is None
    assert "经核查，论文抄袭属实" in steps_of(certification).last().reason
    assert no_entitlements == []


def test_only_approved_applications_go_into_publicity(draft, office, unit_staff):
    with pytest.raises(ValidationError) as refused:
        certificates.start_publicity(by=office, certifications=[draft])
    assert "待公示" in refused.value.messages[0]
    with pytest.raises(PermissionDenied):
        certificates.start_publicity(by=unit_staff, certifications=[draft])
    assert not Publicity.objects.exists()


def test_revocation_needs_the_office_and_a_reason(draft, unit_staff, county_staff, office, no_entitlements):
    certification = _through_office(draft, unit_staff, county_staff, office)
    publicity = certificates.start_publicity(by=office, certifications=[certification])
    certificates.finish_publicity(by=office, publicity=publicity, on=publicity.ends_on + datetime.timedelta(days=1))
    certification.refresh_from_db()
    with pytest.raises(PermissionDenied):
        certificates.revoke(by=unit_staff, certification=certification, reason="离开本市")
    with pytest.raises(ValidationError):
        certificates.revoke(by=office, certification=certification, reason="  ")
    certificates.revoke(by=office, certification=certification, reason="提前离开本市")
    certification.refresh_from_db()
    assert certification.state == S.REVOKED
    assert certification.revoked_reason == "提前离开本市"
