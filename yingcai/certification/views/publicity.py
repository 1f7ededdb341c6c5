"""The talent office's batch page: start a 公示 for approved applications, finish a notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.certification.domain.certificates import finish_publicity, issue_blocker, start_publicity
from yingcai.certification.enums import CertificationState
from yingcai.certification.interfaces.forms import PublicityStartForm
from yingcai.certification.models import Certification
from yingcai.registry.views.common import require


def _notices():
    from yingcai.publicity.enums import PublicityKind
    from yingcai.publicity.models import Publicity

    return (
        Publicity.objects.filter(kind=PublicityKind.CERTIFICATION)
        .prefetch_related("entries")
        .order_by("-starts_on", "-pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def publicity_batch(request: HttpRequest) -> HttpResponse:
    require(request.user, "certification.manage_publicity")
    form = PublicityStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            publicity = start_publicity(by=request.user, certifications=form.cleaned_data["certifications"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("已发布公示“%(title)s”，公示期%(start)s至%(end)s。")
                % {"title": publicity.title, "start": publicity.starts_on, "end": publicity.ends_on},
            )
            return redirect("certification:publicity")
    approved = (
        Certification.objects.filter(state=CertificationState.OFFICE_APPROVED)
        .select_related("talent", "unit", "unit__county", "tier")
        .order_by("tier_code", "unit__name", "pk")
    )
    notices = list(_notices()[:20])
    return render(
        request,
        "certification/publicity_batch.html",
        {
            "form": form,
            "approved": approved,
            "notices": [(notice, _blockers(notice)) for notice in notices],
            "nav_active": "certification-publicity",
        },
    )


def _blockers(publicity) -> list[str]:
    """Why the open notice cannot be finished yet: its applications with documents not verified."""
    from yingcai.publicity.enums import PublicityState

    if publicity.state != PublicityState.OPEN:
        return []
    ids = [e.subject_id for e in publicity.entries.all()]
    pending = (
        Certification.objects.filter(pk__in=ids, state=CertificationState.IN_PUBLICITY)
        .select_related("talent")
        .prefetch_related("evidence")
    )
    return [b for b in (issue_blocker(c) for c in pending) if b]


@login_required
@require_POST
def publicity_finish(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "certification.manage_publicity")
    publicity = get_object_or_404(_notices(), pk=pk)
    try:
        outcome = finish_publicity(by=request.user, publicity=publicity)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("公示已结束：%(certified)s人予以认定，%(rejected)s人因异议成立不予认定。")
            % {"certified": len(outcome["certified"]), "rejected": len(outcome["rejected"])},
        )
    return redirect("certification:publicity")
