"""A unit may withdraw a submitted certification application before the first review, with a
reason, audited; not once the county has reviewed it or started checking its documents."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.certification.factories import CertificationFactory, EvidenceFactory, eligible_introduction
from yingcai.audit.models import AuditEntry
from yingcai.certification.domain import applications
from yingcai.certification.enums import CertificationState as S
from yingcai.certification.enums import EvidenceCheck
from yingcai.certification.models import Certification
from yingcai.workflows.engine import steps_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(unit):
    certification = CertificationFactory(introduction=eligible_introduction(unit), state=S.SUBMITTED)
    EvidenceFactory(certification=certification)
    return certification


def test_the_unit_withdraws_before_the_first_review(submitted, unit_staff):
    applications.withdraw(by=unit_staff, certification=submitted, reason="申报层次填写有误，撤回修改")
    submitted.refresh_from_db()
    assert submitted.state == S.DRAFT
    step = steps_of(submitted).get()
    assert (step.transition, step.reason) == ("withdraw", "申报层次填写有误，撤回修改")
    entry = AuditEntry.objects.filter(object_id=str(submitted.pk), reason__contains="撤回申请").get()
    assert "申报层次填写有误" in entry.reason and entry.actor == unit_staff
    # A draft again: it can be corrected and submitted anew.
    assert submitted.state in applications.EDITABLE_STATES


def test_a_withdrawal_needs_a_reason(submitted, unit_staff):
    with pytest.raises(ValidationError):
        applications.withdraw(by=unit_staff, certification=submitted, reason="  ")
    assert Certification.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_not_after_the_county_reviewed_it(submitted, unit_staff, county_staff):
    applications.review(by=county_staff, certification=submitted, transition="county_approve")
    with pytest.raises(ValidationError, match="不能执行"):
        applications.withdraw(by=unit_staff, certification=submitted, reason="撤回")
    assert Certification.objects.get(pk=submitted.pk).state == S.COUNTY_APPROVED


def test_not_once_the_county_started_checking_documents(submitted, unit_staff, county_staff):
    applications.check_evidence(by=county_staff, evidence=submitted.evidence.get(), result=EvidenceCheck.ACCEPTED)
    with pytest.raises(ValidationError, match="已开始审核"):
        applications.withdraw(by=unit_staff, certification=submitted, reason="撤回")
    assert Certification.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_only_the_applying_unit_withdraws(submitted, other_unit, county_staff, office):
    for user in (factories.unit_user(other_unit), county_staff, office, factories.talent_user(submitted.talent)):
        with pytest.raises(PermissionDenied):
            applications.withdraw(by=user, certification=submitted, reason="撤回")
    assert Certification.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_the_page_offers_withdrawal_to_the_unit_only_while_it_is_possible(client, submitted, unit_staff, county_staff):
    client.force_login(unit_staff)
    url = f"/certification/{submitted.pk}/"
    assert 'data-testid="review-form-withdraw"' in client.get(url).content.decode()
    client.post(f"{url}review/", {"transition": "withdraw", "reason": "材料上传错误", "confirm": "1"})
    assert Certification.objects.get(pk=submitted.pk).state == S.DRAFT
    client.force_login(county_staff)
    assert client.get(url).status_code == 404  # a draft is the unit's again
    approved = CertificationFactory(introduction=eligible_introduction(submitted.unit), state=S.COUNTY_APPROVED)
    client.force_login(unit_staff)
    assert "review-form-withdraw" not in client.get(f"/certification/{approved.pk}/").content.decode()
