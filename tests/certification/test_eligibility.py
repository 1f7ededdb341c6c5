"""第十三条: only 全职新引进 or 新培养 talents are certified. Each refusal names its reason and
the article; the "new" window and the tiers are tested at their boundaries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.certification.factories import (
    CertificationFactory,
    EvidenceFactory,
    e_tier_talent,
    eligible_introduction,
    pdf_upload,
)
from tests.introductions.factories import FlexibleIntroductionFactory, IntroductionFactory
from yingcai.certification.domain import applications
from yingcai.certification.domain.certificates import valid_until
from yingcai.certification.domain.eligibility import Application, check_eligibility, explain
from yingcai.certification.enums import CertificationBasis, CertificationState
from yingcai.introductions.enums import IntroductionState
from yingcai.policy.tiers import tier_in_force
from yingcai.registry.domain.errors import StaleEditError

pytestmark = pytest.mark.django_db
INTRODUCED, CULTIVATED = CertificationBasis.INTRODUCED, CertificationBasis.CULTIVATED


def _failed(explanation: dict) -> dict[str, str]:
    return {c["code"]: c["detail"] for c in explanation["conditions"] if not c["passed"]}


def _apply(by, introduction, **kwargs):
    values = {"tier_code": "E", "basis": INTRODUCED, "introduction": introduction}
    return applications.apply(by=by, talent=introduction.talent, unit=introduction.unit, **{**values, **kwargs})


def test_an_eligible_application_passes_every_condition(unit_staff, unit):
    certification = _apply(unit_staff, eligible_introduction(unit))
    EvidenceFactory(certification=certification)
    explanation = check_eligibility(certification, timezone.localdate())
    assert explanation["eligible"] is True, _failed(explanation)
    codes = {c["code"] for c in explanation["conditions"]}
    # The tier engine's conditions (newness, age, education, title) and this application's own.
    assert {"tier_newness", "tier_age", "tier_education", "tier_title"} <= codes
    assert {"full_time", "introduction_confirmed", "introduction_ongoing", "evidence", "open_application"} <= codes
    assert explanation["tier"]["code"] == "E"
    assert [r["key"] for r in explanation["rules"]] == ["certification.new_talent_window_years"]


def test_a_flexible_talent_is_refused_at_once_with_the_article(unit_staff, unit):
    flexible = FlexibleIntroductionFactory(unit=unit, talent=e_tier_talent(unit))
    with pytest.raises(ValidationError) as refused:
        _apply(unit_staff, flexible)
    message = " ".join(refused.value.messages)
    assert "柔性引进" in message and "第十三条" in message


def test_an_unconfirmed_introduction_cannot_be_submitted(unit_staff, unit):
    introduction = eligible_introduction(unit, state=IntroductionState.COUNTY_APPROVED)
    certification = _apply(unit_staff, introduction)  # a draft may wait for the confirmation
    applications.add_evidence(by=unit_staff, certification=certification, kind="degree", file=pdf_upload())
    with pytest.raises(ValidationError) as refused:
        applications.submit(by=unit_staff, certification=certification)
    message = " ".join(refused.value.messages)
    assert "尚未经市委人才办确认" in message and "第十三条" in message
    certification.refresh_from_db()
    assert certification.state == CertificationState.DRAFT


def test_an_ended_introduction_is_refused(unit_staff, unit):
    introduction = eligible_introduction(unit)
    certification = _apply(unit_staff, introduction)
    EvidenceFactory(certification=certification)
    introduction.ended_on = timezone.localdate() - datetime.timedelta(days=1)
    introduction.end_reason = "离职"
    introduction.save()
    failed = _failed(check_eligibility(certification, timezone.localdate()))
    assert "introduction_ongoing" in failed and "离职" in failed["introduction_ongoing"]
    with pytest.raises(ValidationError):
        applications.submit(by=unit_staff, certification=certification)


def test_another_units_introduction_is_refused(unit_staff, unit, other_unit):
    theirs = eligible_introduction(other_unit)
    from yingcai.registry.models import Affiliation

    Affiliation.objects.create(talent=theirs.talent, unit=unit)  # works at both
    with pytest.raises(ValidationError) as refused:
        applications.apply(
            by=unit_staff, talent=theirs.talent, unit=unit, tier_code="E", basis=INTRODUCED, introduction=theirs
        )
    assert "不是该人才在申报单位的引进记录" in " ".join(refused.value.messages)


def test_a_unit_applies_only_for_itself_and_its_own_people(unit_staff, unit, other_unit, county_staff):
    theirs = eligible_introduction(other_unit)
    with pytest.raises(PermissionDenied):
        _apply(unit_staff, theirs)  # for another unit
    with pytest.raises(PermissionDenied):
        _apply(county_staff, theirs)  # counties review, they do not apply
    stranger = e_tier_talent(other_unit)
    with pytest.raises(ValidationError) as refused:
        applications.apply(
            by=unit_staff,
            talent=stranger,
            unit=unit,
            tier_code="E",
            basis=CULTIVATED,
            cultivated_on=datetime.date(2025, 6, 1),
            cultivation_note="入选",
        )
    assert "不在" in " ".join(refused.value.messages)


def test_cultivated_needs_a_note_a_date_and_evidence(unit_staff, unit):
    talent = e_tier_talent(unit)
    certification = applications.apply(by=unit_staff, talent=talent, unit=unit, tier_code="E", basis=CULTIVATED)
    failed = _failed(check_eligibility(certification, timezone.localdate()))
    assert {"cultivation_note", "cultivated_on", "evidence"} <= set(failed)
    assert "新培养" in failed["evidence"]
    with pytest.raises(ValidationError) as refused:
        applications.submit(by=unit_staff, certification=certification)
    # Every failing condition is listed, each with its article.
    messages = refused.value.messages
    assert len(messages) >= 4 and all("第十三条" in m or "《" in m for m in messages[1:])

    applications.update_application(
        by=unit_staff,
        certification=certification,
        data={
            "cultivation_note": "2025年入选中原英才计划",
            "cultivated_on": timezone.localdate() - datetime.timedelta(days=90),
        },
        version=certification.version,
    )
    certification.refresh_from_db()
    assert set(_failed(check_eligibility(certification, timezone.localdate()))) == {"evidence"}
    applications.add_evidence(
        by=unit_staff, certification=certification, kind="honour", file=pdf_upload("入选文件.pdf")
    )
    applications.submit(by=unit_staff, certification=certification)
    assert certification.state == CertificationState.SUBMITTED


def test_newness_boundary_three_years_from_the_introduction(unit):
    introduced_on = datetime.date(2024, 3, 1)
    introduction = IntroductionFactory(unit=unit, talent=e_tier_talent(unit), introduced_on=introduced_on)
    certification = CertificationFactory(introduction=introduction)
    EvidenceFactory(certification=certification)
    # "3年内" from 2024-03-01 is 2024-03-01 … 2027-02-28, both ends included (as contract years).
    last_day = datetime.date(2027, 2, 28)
    window = {c["code"]: c for c in check_eligibility(certification, last_day)["conditions"]}
    assert window["tier_newness"]["passed"] is True
    after = {
        c["code"]: c for c in check_eligibility(certification, last_day + datetime.timedelta(days=1))["conditions"]
    }
    assert after["tier_newness"]["passed"] is False
    assert "3年" in after["tier_newness"]["detail"]
    assert after["tier_newness"]["citation"]  # the rule version that decided it


def test_one_open_application_per_talent(unit_staff, unit, office):
    introduction = eligible_introduction(unit)
    _apply(unit_staff, introduction)
    with pytest.raises(ValidationError) as refused:
        _apply(office, introduction, tier_code="D")
    assert "在办" in " ".join(refused.value.messages)


def test_a_certified_talent_may_not_apply_again_at_the_same_or_a_lower_tier(unit_staff, unit):
    introduction = eligible_introduction(unit)
    today = timezone.localdate()
    CertificationFactory(
        introduction=introduction,
        tier_code="D",
        tier=tier_in_force("D", today),
        state=CertificationState.CERTIFIED,
        certificate_number="PDS-2026-D-0001",
        certified_on=today,
        valid_until=valid_until(today, 3),
    )
    for lower_or_same in ("D", "E"):
        failed = _failed(
            explain(Application(introduction.talent, unit, lower_or_same, INTRODUCED, introduction), today)
        )
        assert "already_certified" in failed
    higher = _failed(explain(Application(introduction.talent, unit, "C", INTRODUCED, introduction), today))
    assert "already_certified" not in higher


def test_an_expired_certification_does_not_block(unit):
    introduction = eligible_introduction(unit)
    old = datetime.date(2020, 1, 1)
    CertificationFactory(
        introduction=introduction,
        state=CertificationState.CERTIFIED,
        certificate_number="PDS-2020-E-0001",
        certified_on=old,
        valid_until=valid_until(old, 3),
    )
    failed = _failed(
        explain(Application(introduction.talent, unit, "E", INTRODUCED, introduction), timezone.localdate())
    )
    assert "already_certified" not in failed


def test_civil_servants_are_not_certified(unit_staff, unit):
    certification = _apply(unit_staff, eligible_introduction(unit), civil_servant=True)
    EvidenceFactory(certification=certification)
    failed = _failed(check_eligibility(certification, timezone.localdate()))
    assert "tier_not_civil_servant" in failed


def test_age_limit_of_the_tier_at_its_boundary(unit):
    # Tier E: 55周岁 included. Born 1971-06-10: 55 on 2026-06-10 (passes), 56 on 2027-06-10.
    talent = e_tier_talent(unit, born=datetime.date(1971, 6, 10))
    introduction = IntroductionFactory(unit=unit, talent=talent, introduced_on=datetime.date(2025, 1, 2))
    application = Application(talent, unit, "E", INTRODUCED, introduction, evidence_count=1)
    assert "tier_age" not in _failed(explain(application, datetime.date(2027, 6, 9)))
    assert "tier_age" in _failed(explain(application, datetime.date(2027, 6, 10)))


def test_an_unknown_tier_is_refused(unit_staff, unit):
    with pytest.raises(ValidationError) as refused:
        _apply(unit_staff, eligible_introduction(unit), tier_code="Z")
    assert "Z类" in " ".join(refused.value.messages)


def test_edits_are_refused_from_a_stale_copy_and_after_submission(unit_staff, unit):
    certification = _apply(unit_staff, eligible_introduction(unit))
    applications.update_application(
        by=unit_staff, certification=certification, data={"honours": ["鹰城英才"]}, version=certification.version
    )
    with pytest.raises(StaleEditError):
        applications.update_application(by=unit_staff, certification=certification, data={}, version=1)
    certification.refresh_from_db()
    assert certification.honours == ["鹰城英才"]
    EvidenceFactory(certification=certification)
    applications.submit(by=unit_staff, certification=certification)
    with pytest.raises(ValidationError):
        applications.update_application(
            by=unit_staff, certification=certification, data={}, version=certification.version
        )
