import io
import zipfile
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.audit.archives import ArchiveError, archive_month, entry_rows
from yingcai.audit.domain.verification import describe, verify_audit_log
from yingcai.audit.filters import AuditFilter
from yingcai.audit.models import AuditEntry
from yingcai.core.lists import paginate
from yingcai.registry.interfaces.exporters import export_response


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _filtered(request: HttpRequest) -> AuditFilter:
    return AuditFilter(request.GET, queryset=AuditEntry.objects.select_related("content_type"))


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    _require(request, "audit.view_log")
    audit_filter = _filtered(request)
    listing = paginate(request, audit_filter.qs, sortable={"at": "at"}, default="-at")
    last_month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    return render(
        request,
        "audit/log.html",
        {
            "filter": audit_filter,
            "listing": listing,
            "nav_active": "audit",
            "last_month": last_month,
            "retention_months": settings.AUDIT_RETENTION_MONTHS,
        },
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The filtered log as .xlsx (audited EXPORT)."""
    _require(request, "audit.export_log")
    entries = _filtered(request).qs.order_by("-seq").iterator(chunk_size=2000)
    return export_response(
        request, title=_("审计日志"), rows=entry_rows(entries), filename="audit-log", target_model=AuditEntry
    )


@login_required
@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    _require(request, "audit.verify_log")
    verdict = verify_audit_log(actor=request.user)
    (messages.success if verdict.ok else messages.error)(request, describe(verdict))
    return redirect("audit:log")


@login_required
@require_POST
def archive(request: HttpRequest) -> HttpResponse:
    """A closed month's signed archive (JSON lines, .xlsx and the signature) as one .zip."""
    _require(request, "audit.archive_log")
    try:
        result = archive_month(actor=request.user, month=request.POST.get("month", ""))
    except ArchiveError as error:
        messages.error(request, str(error))
        return redirect("audit:log")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in result.files.items():
            bundle.writestr(name, content)
    buffer.seek(0)
    return FileResponse(
        buffer, as_attachment=True, filename=f"audit-{result.month}.zip", content_type="application/zip"
    )
