"""The certificate PDF: Chinese text in a CJK font, who may download it, and the number and dates."""

import datetime
import io
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

from tests import factories
from tests.certification.factories import CertificationFactory
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.certification.domain.certificates import valid_until
from yingcai.certification.enums import CertificationState
from yingcai.certification.interfaces import certificate
from yingcai.policy.tiers import tier_in_force


def certified(**kwargs):
    on = kwargs.pop("certified_on", datetime.date(2026, 3, 2))
    defaults = {
        "state": CertificationState.CERTIFIED,
        "certificate_number": "PDS-2026-E-0007",
        "certified_on": on,
        "valid_until": valid_until(on, 3),
        "verification_token": "tok-" + "x" * 30,
        "tier": tier_in_force("E", on),
    }
    return CertificationFactory(**{**defaults, **kwargs})


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            names.add(str(font.get("/BaseFont")))
    return names


@pytest.mark.django_db
def test_the_pdf_has_the_title_the_name_and_a_cjk_font():
    certification = certified()
    pdf = certificate.render_certificate_pdf(certification, url="https://rc.pds.gov.cn/certification/verify/abc/")
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert "高层次人才认定证书" in text
    assert certification.talent.name in text
    assert "PDS-2026-E-0007" in text
    assert "2029年3月1日" in text  # 2026-03-02 + 3 years, both ends included
    # Set in the CJK fonts installed with the app (npm: Noto Sans/Serif SC as "YC Sans/Serif"),
    # whatever fonts the system has.
    fonts = _fonts(reader)
    assert any("YC-Serif" in name for name in fonts), fonts
    assert any("YC-Sans" in name for name in fonts), fonts
    # A4 landscape: 842 × 595 points.
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595


def test_the_qr_code_points_at_the_verification_address():
    one = certificate.qr_svg("https://rc.pds.gov.cn/certification/verify/abc/")
    other = certificate.qr_svg("https://rc.pds.gov.cn/certification/verify/abd/")
    assert one.startswith("<svg") and "path" in one
    assert one != other  # the code is drawn from the address, not a fixed picture


@pytest.mark.django_db
def test_the_verification_address_is_on_the_public_site_when_configured(rf, settings):
    certification = SimpleNamespace(verification_token="tok-123")
    settings.ALLOWED_HOSTS = ["intranet.local"]
    request = rf.get("/", HTTP_HOST="intranet.local:8000")
    settings.PUBLIC_URL = ""
    assert (
        certificate.verification_url(request, certification)
        == "http://intranet.local:8000/certification/verify/tok-123/"
    )
    settings.PUBLIC_URL = "https://rc.pds.gov.cn"
    url = certificate.verification_url(request, certification)
    assert url == "https://rc.pds.gov.cn/certification/verify/tok-123/"
    html = certificate.certificate_html(certified(), url=url)
    assert url in html and certificate.qr_svg(url) in html


@pytest.mark.parametrize(
    ("start", "years", "last"),
    [
        (datetime.date(2026, 3, 1), 3, datetime.date(2029, 2, 28)),
        (datetime.date(2024, 2, 29), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2024, 2, 29), 4, datetime.date(2028, 2, 28)),
        (datetime.date(2026, 1, 1), 3, datetime.date(2028, 12, 31)),
        (datetime.date(2026, 12, 31), 1, datetime.date(2027, 12, 30)),
    ],
)
def test_validity_includes_the_first_and_the_last_day(start, years, last):
    assert valid_until(start, years) == last


@pytest.mark.django_db
def test_download_for_the_office_the_unit_and_the_talent_only(client, no_entitlements):
    certification = certified()
    url = f"/certification/{certification.pk}/certificate.pdf"
    allowed = [
        factories.office_user(),
        factories.unit_user(certification.unit),
        factories.talent_user(certification.talent),
    ]
    for user in allowed:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user.role
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, object_id=str(certification.pk)).count() == 3
    # The county reviews but does not hold the certificate; others do not even see it.
    county = factories.jurisdiction_user(certification.unit.county)
    client.force_login(county)
    assert client.get(url).status_code == 403
    other_unit = factories.unit_user(factories.UnitFactory())
    client.force_login(other_unit)
    assert client.get(url).status_code == 404
    other_talent = factories.talent_user(factories.TalentFactory())
    client.force_login(other_talent)
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_no_certificate_before_certification(client, office):
    certification = CertificationFactory()
    client.force_login(office)
    assert client.get(f"/certification/{certification.pk}/certificate.pdf").status_code == 404


@pytest.mark.django_db
def test_without_weasyprint_a_clear_page_not_a_500(client, office, monkeypatch):
    certification = certified()

    def broken(*args, **kwargs):
        raise certificate.CertificateUnavailable("cannot load library 'pango-1.0-0'")

    from yingcai.certification.views import certificates as views

    monkeypatch.setattr(views, "render_certificate_pdf", broken)
    client.force_login(office)
    response = client.get(f"/certification/{certification.pk}/certificate.pdf")
    assert response.status_code == 503
    assert "证书暂不能生成" in response.content.decode()


@pytest.mark.django_db
def test_without_the_installed_fonts_the_system_cjk_fonts_are_asked_for(settings, tmp_path):
    settings.CERTIFICATE_FONTS = {"sans": tmp_path / "missing.ttf"}
    html = certificate.certificate_html(certified(), url="https://rc.pds.gov.cn/certification/verify/abc/")
    assert "@font-face" not in html
    assert '"Noto Sans CJK SC"' in html
