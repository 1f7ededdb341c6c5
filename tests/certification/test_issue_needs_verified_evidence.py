"""No certificate while a document of the application is unverified (第十三条): the domain refuses
naming each open document, the office may still check them until the certificate is issued, and
the pages disable the button and say why."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.certification.factories import CertificationFactory, EvidenceFactory, eligible_introduction
from yingcai.certification.domain import applications, certificates
from yingcai.certification.enums import CertificationState as S
from yingcai.certification.enums import EvidenceCheck
from yingcai.publicity.enums import PublicityState

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 6, 10)


def _in_publicity(unit, **evidence):
    certification = CertificationFactory(
        introduction=eligible_introduction(unit), state=S.IN_PUBLICITY, verified_evidence=False
    )
    if evidence:
        EvidenceFactory(certification=certification, **evidence)
    return certification


def test_certify_is_refused_while_a_document_is_pending(unit, office, no_entitlements):
    certification = _in_publicity(unit, original_name="博士学位证书.pdf")
    EvidenceFactory(certification=certification, original_name="劳动合同.pdf", check_result=EvidenceCheck.ACCEPTED)
    with pytest.raises(ValidationError) as refused:
        certificates.certify(by=office, certification=certification, on=DAY)
    message = " ".join(refused.value.messages)
    assert "博士学位证书.pdf（待核验）" in message and "不能颁发证书" in message
    assert "劳动合同.pdf" not in message  # the accepted one is not named
    certification.refresh_from_db()
    assert certification.state == S.IN_PUBLICITY and certification.certificate_number is None
    assert no_entitlements == []


def test_a_rejected_document_or_none_at_all_blocks_too(unit, office, no_entitlements):
    rejected = _in_publicity(unit, check_result=EvidenceCheck.REJECTED, original_name="职称证书.pdf")
    with pytest.raises(ValidationError, match=r"职称证书\.pdf（核验不通过）"):
        certificates.certify(by=office, certification=rejected, on=DAY)
    bare = _in_publicity(unit)
    with pytest.raises(ValidationError, match="没有任何证明材料"):
        certificates.certify(by=office, certification=bare, on=DAY)


def test_the_office_checks_the_open_document_in_publicity_and_then_certifies(unit, office, no_entitlements):
    certification = _in_publicity(unit)
    evidence = EvidenceFactory(certification=certification)
    applications.check_evidence(by=office, evidence=evidence, result=EvidenceCheck.ACCEPTED)
    certified = certificates.certify(by=office, certification=certification, on=DAY)
    assert certified.state == S.CERTIFIED and certified.certificate_number


def test_finishing_a_notice_certifies_nobody_while_one_member_is_unverified(unit, office, no_entitlements):
    ready = CertificationFactory(introduction=eligible_introduction(unit), state=S.OFFICE_APPROVED)
    open_one = CertificationFactory(introduction=eligible_introduction(unit), state=S.OFFICE_APPROVED)
    pending = EvidenceFactory(certification=open_one, original_name="业绩证明.pdf")
    publicity = certificates.start_publicity(by=office, certifications=[ready, open_one], on=DAY)
    after = publicity.ends_on + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match=r"业绩证明\.pdf"):
        certificates.finish_publicity(by=office, publicity=publicity, on=after)
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.OPEN
    assert set(type(ready).objects.values_list("state", flat=True)) == {S.IN_PUBLICITY}
    applications.check_evidence(by=office, evidence=pending, result=EvidenceCheck.ACCEPTED)
    outcome = certificates.finish_publicity(by=office, publicity=publicity, on=after)
    assert len(outcome["certified"]) == 2


def test_the_pages_disable_the_button_and_say_why(client, unit, office, no_entitlements):
    ready = CertificationFactory(introduction=eligible_introduction(unit), state=S.OFFICE_APPROVED)
    EvidenceFactory(certification=ready, original_name="获奖证书.pdf")
    publicity = certificates.start_publicity(by=office, certifications=[ready], on=DAY)
    client.force_login(office)
    page = client.get("/certification/publicity/").content.decode()
    assert 'data-testid="finish-blocked"' in page and "disabled" in page
    assert "获奖证书.pdf（待核验）" in page
    assert f"/certification/publicity/{publicity.pk}/finish/" not in page
    detail = client.get(f"/certification/{ready.pk}/").content.decode()
    assert 'data-testid="issue-blocker"' in detail and "获奖证书.pdf（待核验）" in detail
    # Once checked, the button is a form again and the warning is gone.
    applications.check_evidence(by=office, evidence=ready.evidence.get(original_name="获奖证书.pdf"), result="accepted")
    page = client.get("/certification/publicity/").content.decode()
    assert f"/certification/publicity/{publicity.pk}/finish/" in page
    assert 'data-testid="issue-blocker"' not in client.get(f"/certification/{ready.pk}/").content.decode()


def test_a_county_may_not_check_once_the_office_has_approved(unit, county_staff):
    certification = CertificationFactory(introduction=eligible_introduction(unit), state=S.OFFICE_APPROVED)
    evidence = EvidenceFactory(certification=certification)
    with pytest.raises(ValidationError, match="不能核验材料"):
        applications.check_evidence(by=county_staff, evidence=evidence, result=EvidenceCheck.ACCEPTED)
