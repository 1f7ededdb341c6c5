from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yingcai.audit.filters import AuditFilter
from yingcai.audit.models import AuditEntry
from yingcai.console.lists import paginate


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.view_log"):
        raise PermissionDenied
    audit_filter = AuditFilter(request.GET, queryset=AuditEntry.objects.select_related("content_type"))
    listing = paginate(request, audit_filter.qs, sortable={"at": "at"}, default="-at")
    return render(request, "audit/log.html", {"filter": audit_filter, "listing": listing, "nav_active": "audit"})
