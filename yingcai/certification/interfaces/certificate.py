"""The certificate (认定证书) as a PDF: WeasyPrint from an HTML template, Chinese in the Noto CJK
fonts, A4 landscape, with a QR code that opens the public verification page."""

import logging

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

ISSUER = _("中共平顶山市委人才工作领导小组办公室")


class CertificateUnavailable(RuntimeError):
    """The PDF engine cannot run here (WeasyPrint without its system libraries)."""


def verification_url(request, certification) -> str:
    """The absolute address the QR code and the link point at: on the public site (PUBLIC_URL) when
    one is configured, so a certificate printed inside the government network still verifies outside."""
    path = reverse("certification:verify", args=[certification.verification_token])
    return f"{settings.PUBLIC_URL}{path}" if settings.PUBLIC_URL else request.build_absolute_uri(path)


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, dark="#1f2d3d", border=2)


def certificate_fonts() -> dict[str, str]:
    """file:// addresses of the installed certificate fonts that are there (a missing one falls back
    to the system's Noto CJK)."""
    return {name: path.as_uri() for name, path in settings.CERTIFICATE_FONTS.items() if path.is_file()}


def certificate_html(certification, *, url: str) -> str:
    # The SVG is drawn by segno from our own URL (a path and a url-safe token): nothing user-typed.
    qr = mark_safe(qr_svg(url))  # noqa: S308
    return render_to_string(
        "certification/certificate.html",
        {"certification": certification, "verify_url": url, "qr": qr, "issuer": ISSUER, "fonts": certificate_fonts()},
    )


def render_certificate_pdf(certification, *, url: str) -> bytes:
    if not certification.certificate_number or not certification.verification_token:
        raise ValueError("only a certified application has a certificate")
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as missing:  # OSError: pango or cairo not installed
        log.exception("WeasyPrint cannot be loaded")
        raise CertificateUnavailable(str(missing)) from missing
    return HTML(string=certificate_html(certification, url=url), base_url=None).write_pdf()
