"""The certification pages: who sees what, the form with its live check, the detail, the batch
公示, the statistics and the public verification page."""

import datetime

import pytest
from django.utils import timezone

from tests import factories
from tests.certification.factories import CertificationFactory, EvidenceFactory, eligible_introduction
from yingcai.certification.domain import certificates
from yingcai.certification.domain.certificates import valid_until
from yingcai.certification.enums import CertificationState
from yingcai.certification.models import Certification
from yingcai.policy.tiers import tier_in_force

pytestmark = pytest.mark.django_db
S = CertificationState


def _certified(unit, *, on=None, state=S.CERTIFIED, number="PDS-2026-E-0001", **kwargs):
    on = on or timezone.localdate()
    return CertificationFactory(
        introduction=eligible_introduction(unit),
        tier=tier_in_force("E", timezone.localdate()),
        state=state,
        certificate_number=number,
        certified_on=on,
        valid_until=valid_until(on, 3),
        verification_token=f"token-{number}",
        **kwargs,
    )


def _names(response) -> str:
    return response.content.decode()


def test_the_list_is_scoped_per_role(client, unit, other_unit, unit_staff, county_staff, office):
    mine = CertificationFactory(introduction=eligible_introduction(unit), state=S.SUBMITTED)
    my_draft = CertificationFactory(introduction=eligible_introduction(unit))
    theirs = CertificationFactory(introduction=eligible_introduction(other_unit), state=S.SUBMITTED)
    cases = [
        (office, {mine, my_draft, theirs}),
        (unit_staff, {mine, my_draft}),
        (county_staff, {mine}),  # drafts stay with the unit
        (factories.talent_user(mine.talent), {mine}),
        (factories.jurisdiction_user(other_unit.county), {theirs}),
    ]
    for user, expected in cases:
        client.force_login(user)
        html = _names(client.get("/certification/"))
        for certification in (mine, my_draft, theirs):
            shown = f'href="/certification/{certification.pk}/"' in html
            assert shown == (certification in expected), (user.role, certification.pk)


def test_experts_have_no_certification_pages(client, expert):
    client.force_login(expert)
    assert client.get("/certification/").status_code == 403
    assert client.get("/certification/new/").status_code == 403


def test_detail_is_404_outside_the_scope_and_read_only_for_the_talent(client, unit, other_unit, unit_staff):
    certification = CertificationFactory(introduction=eligible_introduction(unit), state=S.SUBMITTED)
    url = f"/certification/{certification.pk}/"
    client.force_login(factories.unit_user(other_unit))
    assert client.get(url).status_code == 404
    client.force_login(factories.jurisdiction_user(other_unit.county))
    assert client.get(url).status_code == 404
    talent = factories.talent_user(certification.talent)
    client.force_login(talent)
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="transition"' not in _names(response)
    assert client.get(f"{url}edit/").status_code == 403
    response = client.post(f"{url}review/", {"transition": "county_approve", "confirm": "1"})
    assert Certification.objects.get(pk=certification.pk).state == S.SUBMITTED
    assert response.status_code == 403


def test_the_county_sees_its_review_buttons(client, unit, county_staff):
    certification = CertificationFactory(introduction=eligible_introduction(unit), state=S.SUBMITTED)
    client.force_login(county_staff)
    html = _names(client.get(f"/certification/{certification.pk}/"))
    assert 'value="county_approve"' in html and 'value="county_return"' in html
    assert 'value="office_approve"' not in html
    client.post(
        f"/certification/{certification.pk}/review/",
        {"transition": "county_return", "reason": "补充材料", "confirm": "1"},
    )
    certification.refresh_from_db()
    assert certification.state == S.RETURNED


def test_submitting_an_ineligible_application_lists_the_reasons(client, unit, unit_staff):
    certification = CertificationFactory(introduction=eligible_introduction(unit))  # no evidence yet
    client.force_login(unit_staff)
    response = client.post(
        f"/certification/{certification.pk}/review/", {"transition": "submit", "confirm": "1"}, follow=True
    )
    html = _names(response)
    assert "不符合认定条件" in html and "证明材料" in html
    certification.refresh_from_db()
    assert certification.state == S.DRAFT


def test_the_detail_shows_the_explanation_with_articles(client, unit, unit_staff):
    certification = CertificationFactory(introduction=eligible_introduction(unit))
    EvidenceFactory(certification=certification)
    client.force_login(unit_staff)
    html = _names(client.get(f"/certification/{certification.pk}/"))
    assert 'data-eligible="true"' in html
    assert "第十三条" in html and "✓" in html
    assert 'data-testid="evidence-form"' in html


def test_apply_through_the_form(client, unit, unit_staff):
    introduction = eligible_introduction(unit)
    client.force_login(unit_staff)
    response = client.get(f"/certification/new/?talent={introduction.talent_id}")
    assert response.status_code == 200
    html = _names(response)
    assert "国际一流人才" in html and "市级人才" in html  # every tier with its conditions
    response = client.post(
        "/certification/new/",
        {"talent": introduction.talent_id, "tier_code": "E", "basis": "introduced", "introduction": introduction.pk},
    )
    certification = Certification.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/certification/{certification.pk}/"
    assert certification.unit == unit and certification.introduction == introduction
    assert certification.created_by == unit_staff


def test_the_form_refuses_a_flexible_introduction_it_does_not_offer(client, unit, unit_staff):
    from tests.introductions.factories import FlexibleIntroductionFactory

    flexible = FlexibleIntroductionFactory(unit=unit)
    client.force_login(unit_staff)
    response = client.post(
        "/certification/new/",
        {"talent": flexible.talent_id, "tier_code": "E", "basis": "introduced", "introduction": flexible.pk},
    )
    assert response.status_code == 200
    assert not Certification.objects.exists()
    options = client.get(f"/certification/new/introductions/?talent={flexible.talent_id}")
    assert f'value="{flexible.pk}"' not in _names(options)
    assert "柔性引进不能申报" in _names(options)


def test_the_live_preview_explains_each_condition(client, unit, unit_staff):
    introduction = eligible_introduction(unit)
    client.force_login(unit_staff)
    response = client.post(
        "/certification/preview/",
        {"talent": introduction.talent_id, "tier_code": "D", "basis": "introduced", "introduction": introduction.pk},
        HTTP_HX_REQUEST="true",
    )
    html = _names(response)
    assert response.status_code == 200
    assert 'data-eligible="false"' in html
    assert 'data-code="tier_honours" data-passed="false"' in html  # D needs one of its honours
    assert 'data-code="full_time" data-passed="true"' in html
    empty = client.post("/certification/preview/", {}, HTTP_HX_REQUEST="true")
    assert 'data-testid="eligibility-empty"' in _names(empty)


def test_the_preview_does_not_reach_other_units_talents(client, unit, other_unit, unit_staff):
    theirs = eligible_introduction(other_unit)
    client.force_login(unit_staff)
    response = client.post(
        "/certification/preview/",
        {"talent": theirs.talent_id, "tier_code": "E", "basis": "introduced", "introduction": theirs.pk},
    )
    assert 'data-testid="eligibility-empty"' in _names(response)


def test_office_starts_and_finishes_a_publicity_batch(client, unit, office, no_entitlements):
    approved = [
        CertificationFactory(introduction=eligible_introduction(unit), state=S.OFFICE_APPROVED) for _ in range(2)
    ]
    client.force_login(office)
    page = client.get("/certification/publicity/")
    assert page.status_code == 200 and approved[0].talent.name in _names(page)
    response = client.post("/certification/publicity/", {"certifications": [c.pk for c in approved]})
    assert response.status_code == 302
    assert {c.state for c in Certification.objects.all()} == {S.IN_PUBLICITY}
    from yingcai.publicity.models import Publicity

    publicity = Publicity.objects.get()
    assert publicity.entries.count() == 2
    # Before its last day is over the notice cannot be finished.
    response = client.post(f"/certification/publicity/{publicity.pk}/finish/", follow=True)
    assert "期满后方可结束公示" in _names(response)
    outcome = certificates.finish_publicity(
        by=office, publicity=publicity, on=publicity.ends_on + datetime.timedelta(days=1)
    )
    assert len(outcome["certified"]) == 2
    numbers = sorted(Certification.objects.values_list("certificate_number", flat=True))
    year = (publicity.ends_on + datetime.timedelta(days=1)).year
    assert numbers == [f"PDS-{year}-E-0001", f"PDS-{year}-E-0002"]


def test_only_the_office_runs_publicity(client, unit_staff, county_staff):
    for user in (unit_staff, county_staff):
        client.force_login(user)
        assert client.get("/certification/publicity/").status_code == 403
        assert client.post("/certification/publicity/1/finish/").status_code == 403


def test_statistics_count_certificates_in_force(client, unit, other_unit, office, county_staff):
    _certified(unit, number="PDS-2026-E-0001")
    _certified(other_unit, number="PDS-2026-E-0002")
    _certified(unit, number="PDS-2026-E-0003", state=S.REVOKED)
    _certified(unit, number="PDS-2020-E-0001", on=datetime.date(2020, 1, 1))  # expired
    client.force_login(office)
    response = client.get("/certification/statistics/")
    html = _names(response)
    assert response.status_code == 200
    assert 'data-testid="certified-total">2<' in html
    assert "certified-by-tier" in html and "echarts" in html
    client.force_login(county_staff)
    assert 'data-testid="certified-total">1<' in _names(client.get("/certification/statistics/"))
    client.force_login(factories.unit_user(unit))
    assert client.get("/certification/statistics/").status_code == 403


@pytest.mark.parametrize(
    ("state", "on", "status", "word"),
    [
        (S.CERTIFIED, None, "valid", "有效"),
        (S.CERTIFIED, datetime.date(2020, 1, 1), "expired", "已过期"),
        (S.REVOKED, None, "revoked", "已撤销"),
    ],
)
def test_public_verification_states(client, unit, state, on, status, word):
    certification = _certified(unit, state=state, on=on)
    certification.talent.name = "张晓明"
    certification.talent.save()
    response = client.get(f"/certification/verify/{certification.verification_token}/")
    html = _names(response)
    assert response.status_code == 200
    assert f'data-status="{status}"' in html and word in html
    assert "张*明" in html and "张晓明" not in html
    assert certification.certificate_number in html and certification.unit.name in html
    assert certification.talent.id_number not in html and certification.talent.id_number[-4:] not in html


def test_the_last_valid_day_is_still_valid(client, unit):
    start = timezone.localdate() - datetime.timedelta(days=3 * 365 + 10)
    certification = _certified(unit, on=start)
    certification.valid_until = timezone.localdate()
    certification.save()
    assert 'data-status="valid"' in _names(client.get(f"/certification/verify/{certification.verification_token}/"))
    certification.valid_until = timezone.localdate() - datetime.timedelta(days=1)
    certification.save()
    assert 'data-status="expired"' in _names(client.get(f"/certification/verify/{certification.verification_token}/"))


def test_an_unknown_certificate_is_a_clear_404(client, unit):
    CertificationFactory(introduction=eligible_introduction(unit))  # a draft has no token
    response = client.get("/certification/verify/not-a-real-token/")
    assert response.status_code == 404
    assert "未查到该证书" in _names(response)


def test_navigation_entries_per_role(client, office, unit_staff, county_staff):
    client.force_login(office)
    html = _names(client.get("/certification/"))
    assert "认定统计" in html and "认定公示" in html
    client.force_login(unit_staff)
    html = _names(client.get("/certification/"))
    assert "人才认定" in html and 'href="/certification/statistics/"' not in html
