"""A decided application shows the eligibility decision it stored, in the reader's language: the
new code stores each sentence as its data; a decision stored by the older code (Chinese sentences
only) still renders, on the page and in the API."""

import copy

import pytest
from django.conf import settings
from django.utils import timezone

from tests.certification.factories import CertificationFactory, eligible_introduction
from yingcai.certification.domain.eligibility import check_eligibility
from yingcai.certification.enums import CertificationState

pytestmark = pytest.mark.django_db

OLD_DETAIL = "旧版本记录的说明：已上传1份证明材料。"


def _submitted(unit, eligibility=None):
    certification = CertificationFactory(introduction=eligible_introduction(unit), state=CertificationState.SUBMITTED)
    certification.eligibility = (
        eligibility if eligibility is not None else check_eligibility(certification, timezone.localdate())
    )
    certification.save(update_fields=["eligibility"])
    return certification


def _old_shape(stored: dict) -> dict:
    """What the code before the one Decision type stored: no sentence data, no `verdict`."""
    old = copy.deepcopy(stored)
    old.pop("verdict", None)
    old.pop("article", None)
    for condition in old["conditions"]:
        for key in ("label_text", "detail_text", "rule_version"):
            condition.pop(key, None)
        if condition["code"] == "affiliation":
            condition["detail"] = OLD_DETAIL
    return old


def test_the_stored_decision_keeps_its_sentences_as_data(unit):
    certification = _submitted(unit)
    affiliation = next(c for c in certification.eligibility["conditions"] if c["code"] == "affiliation")
    assert affiliation["detail"] == f"该人才目前在{unit.name}工作。"
    assert affiliation["detail_text"] == {"msgid": "该人才目前在%(unit)s工作。", "params": {"unit": unit.name}}
    newness = next(c for c in certification.eligibility["conditions"] if c["code"] == "tier_newness")
    assert newness["rule_version"] == certification.eligibility["rules"][0]["version"]
    assert certification.eligibility["verdict"] == certification.eligibility["eligible"]


def test_a_stored_decision_reads_in_the_readers_language(client, unit, unit_staff):
    certification = _submitted(unit)
    client.force_login(unit_staff)
    chinese = client.get(f"/certification/{certification.pk}/").content.decode()
    assert f"该人才目前在{unit.name}工作。" in chinese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(f"/certification/{certification.pk}/").content.decode()
    assert f"The talent currently works at {unit.name}." in english
    assert f"该人才目前在{unit.name}工作。" not in english
    body = client.get(f"/api/v1/certification/{certification.pk}").json()
    detail = next(c["detail"] for c in body["eligibility"]["conditions"] if c["code"] == "affiliation")
    assert detail == f"The talent currently works at {unit.name}."


def test_a_decision_stored_by_the_older_code_still_renders(client, unit, unit_staff):
    certification = _submitted(unit)
    old = _old_shape(certification.eligibility)
    certification.eligibility = old
    certification.save(update_fields=["eligibility"])
    client.force_login(unit_staff)
    html = client.get(f"/certification/{certification.pk}/").content.decode()
    assert OLD_DETAIL in html and 'data-code="affiliation" data-passed="true"' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert OLD_DETAIL in client.get(f"/certification/{certification.pk}/").content.decode()  # as stored
    body = client.get(f"/api/v1/certification/{certification.pk}").json()
    assert body["eligibility"]["verdict"] is old["eligible"] and body["eligibility"]["eligible"] is old["eligible"]
    affiliation = next(c for c in body["eligibility"]["conditions"] if c["code"] == "affiliation")
    assert affiliation["detail"] == OLD_DETAIL and affiliation["rule_version"] is None
