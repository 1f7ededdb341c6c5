import io
import re
import zipfile
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.audit.archives import ArchiveError, archive_month, entry_rows
from yingcai.audit.domain import record
from yingcai.audit.domain.verification import describe, verify_audit_log
from yingcai.audit.filters import AuditFilter
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.audit.presentation import present, present_one
from yingcai.core.files import serve_content
from yingcai.core.lists import paginate
from yingcai.core.xlsx import write_xlsx

# A 公民身份号码 typed into the free-text filter is kept in the export's entry masked.
_ID_NUMBER = re.compile(r"\d{17}[\dXx]")


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
            "entries": present(listing.page.object_list, user=request.user),
            "nav_active": "audit",
            "last_month": last_month,
            "retention_months": settings.AUDIT_RETENTION_MONTHS,
        },
    )


@login_required
def entry_detail(request: HttpRequest, seq: int) -> HttpResponse:
    """One entry in full: every change read as people read it, and its place in the hash chain."""
    _require(request, "audit.view_log")
    entry = get_object_or_404(AuditEntry.objects.select_related("content_type"), seq=seq)
    return render(
        request,
        "audit/entry_detail.html",
        {"item": present_one(entry, user=request.user), "nav_active": "audit"},
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The filtered log as .xlsx, with the page's readable labels and values (audited EXPORT)."""
    _require(request, "audit.export_log")
    entries = _filtered(request).qs.order_by("-seq").iterator(chunk_size=2000)
    buffer, count = write_xlsx(_("审计日志"), entry_rows(entries))
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        changes={
            "what": AuditEntry._meta.label,
            "rows": count,
            "filters": _ID_NUMBER.sub(lambda m: m.group()[:4] + "*" * 12 + m.group()[-2:], request.GET.urlencode()),
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return serve_content(
        buffer,
        filename=f"audit-log-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
    return serve_content(buffer, filename=f"audit-{result.month}.zip", content_type="application/zip")
