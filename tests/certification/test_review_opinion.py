"""Each review step of a certification carries a 审核意见: required to return or refuse, optional
to pass, kept on the step and shown in the history; nothing moves without the reviewer's 确认."""

import pytest
from django.core.exceptions import ValidationError

from tests.certification.factories import CertificationFactory, EvidenceFactory, eligible_introduction
from yingcai.certification.domain import applications
from yingcai.certification.enums import CertificationState as S
from yingcai.certification.models import Certification
from yingcai.workflows.engine import steps_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(unit):
    certification = CertificationFactory(introduction=eligible_introduction(unit), state=S.SUBMITTED)
    EvidenceFactory(certification=certification)
    return certification


def _review(client, certification, **data):
    return client.post(f"/certification/{certification.pk}/review/", data, follow=True)


def test_every_step_asks_for_an_opinion_and_a_confirmation(client, submitted, county_staff):
    client.force_login(county_staff)
    html = client.get(f"/certification/{submitted.pk}/").content.decode()
    for name in ("county_approve", "county_return"):
        start = html.index(f'data-testid="review-form-{name}"')
        form = html[start : html.index("</form>", start)]
        assert 'name="reason"' in form and "审核意见" in form
        assert 'name="confirm"' in form and "required" in form.split('name="confirm"')[1].split(">")[0]
    approve = html[html.index('data-testid="review-form-county_approve"') :]
    assert "审核意见（可不填）" in approve.split("</form>")[0]
    ret = html[html.index('data-testid="review-form-county_return"') :]
    assert "审核意见（必填）" in ret.split("</form>")[0]


def test_nothing_moves_without_the_confirmation(client, submitted, county_staff):
    client.force_login(county_staff)
    response = _review(client, submitted, transition="county_approve", reason="材料齐全")
    assert "请勾选“确认”后再提交审核操作" in response.content.decode()
    assert Certification.objects.get(pk=submitted.pk).state == S.SUBMITTED
    assert not steps_of(submitted).exists()


def test_a_pass_keeps_its_optional_opinion_on_the_step_and_in_the_history(client, submitted, county_staff):
    client.force_login(county_staff)
    response = _review(
        client, submitted, transition="county_approve", reason="经核实，材料真实有效，同意上报。", confirm="1"
    )
    assert Certification.objects.get(pk=submitted.pk).state == S.COUNTY_APPROVED
    step = steps_of(submitted).get()
    assert step.transition == "county_approve" and step.reason == "经核实，材料真实有效，同意上报。"
    assert "审核意见：经核实，材料真实有效，同意上报。" in response.content.decode()


def test_a_pass_needs_no_opinion(client, submitted, county_staff):
    client.force_login(county_staff)
    _review(client, submitted, transition="county_approve", confirm="1")
    assert Certification.objects.get(pk=submitted.pk).state == S.COUNTY_APPROVED
    assert steps_of(submitted).get().reason == ""


@pytest.mark.parametrize("transition", ["county_return"])
def test_a_return_without_an_opinion_is_refused(client, submitted, county_staff, transition):
    with pytest.raises(ValidationError) as refused:
        applications.review(by=county_staff, certification=submitted, transition=transition, reason="  ")
    assert "审核意见" in " ".join(refused.value.messages)
    client.force_login(county_staff)
    response = _review(client, submitted, transition=transition, reason="", confirm="1")
    assert "须填写审核意见" in response.content.decode()
    assert Certification.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_the_office_refusal_needs_an_opinion_too(unit, office):
    certification = CertificationFactory(introduction=eligible_introduction(unit), state=S.COUNTY_APPROVED)
    for transition in ("office_return", "reject"):
        with pytest.raises(ValidationError, match="审核意见"):
            applications.review(by=office, certification=certification, transition=transition)
    applications.review(by=office, certification=certification, transition="reject", reason="业绩不符合E类标准")
    assert steps_of(certification).get().reason == "业绩不符合E类标准"
