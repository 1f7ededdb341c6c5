"""The certificate PDF, revocation, and the public verification page (no login)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.certification.domain.certificates import certificate_status, revoke
from yingcai.certification.interfaces.certificate import (
    CertificateUnavailable,
    render_certificate_pdf,
    verification_url,
)
from yingcai.certification.interfaces.forms import RevokeForm
from yingcai.certification.models import Certification
from yingcai.certification.views.applications import visible_certification
from yingcai.core.files import serve_content
from yingcai.registry.domain.masking import mask_name


@login_required
@require_GET
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate, for the office, the applying unit and the talent themselves; audited."""
    certification = visible_certification(request, pk, "certification.download_certificate")
    if not certification.certificate_number:
        raise Http404
    try:
        pdf = render_certificate_pdf(certification, url=verification_url(request, certification))
    except CertificateUnavailable:
        return render(
            request,
            "certification/certificate_unavailable.html",
            {"certification": certification, "nav_active": "certification"},
            status=503,
        )
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        target=certification,
        changes={"certificate_number": certification.certificate_number},
        reason=_("下载认定证书"),
    )
    return serve_content(
        pdf, filename=f"{certification.certificate_number}.pdf", content_type="application/pdf", inline=True
    )


@login_required
@require_POST
def certification_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    certification = visible_certification(request, pk, "certification.revoke")
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写撤销认定的原因。"))
    else:
        try:
            revoke(by=request.user, certification=certification, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("认定已撤销，后续待遇停止发放。"))
    return redirect("certification:detail", pk=certification.pk)


@require_GET
def verify(request: HttpRequest, token: str) -> HttpResponse:
    """Anyone with the QR code or the link: is the certificate genuine and still valid?"""
    certification = (
        Certification.objects.select_related("talent", "unit", "tier")
        .filter(verification_token=token, certificate_number__isnull=False)
        .first()
        if token
        else None
    )
    if certification is None:
        return render(request, "certification/verify_unknown.html", status=404)
    today = timezone.localdate()
    return render(
        request,
        "certification/verify.html",
        {
            "certification": certification,
            "masked_name": mask_name(certification.talent.name),
            "status": certificate_status(certification, today),
            "today": today,
        },
    )
