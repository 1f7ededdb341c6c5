"""The office's last steps of a round: publish the shortlist (公示) and approve the round (第三条).

The round's page (helper pages of the round) shows the panel by loading
``selection:approval-panel`` (htmx, ``hx-get`` on load) or by including
``selection/approval/_panel.html`` with ``approval`` from ``approval_status``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yingcai.registry.views.common import require
from yingcai.selection.domain import approval
from yingcai.selection.models import SelectionRound


def _round(request: HttpRequest, pk: int) -> SelectionRound:
    require(request.user, "selection.manage_round")
    return get_object_or_404(SelectionRound, pk=pk)


@login_required
@require_POST
def publish_shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    try:
        publicity = approval.publish_shortlist(by=request.user, round=round)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(
            request,
            _("拟入选名单已发布公示，公示期%(start)s至%(end)s（%(n)s个工作日）。")
            % {"start": publicity.starts_on, "end": publicity.ends_on, "n": publicity.working_days},
        )
    return redirect("selection:round-detail", pk=round.pk)


@login_required
@require_POST
def approve_round(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    try:
        approval.approve_round(by=request.user, round=round)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("遴选结果已批准，入选人才的项目已建立，推荐单位已收到通知。"))
    return redirect("selection:round-detail", pk=round.pk)


@login_required
@require_GET
def approval_panel(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    return render(
        request, "selection/approval/_panel.html", {"round": round, "approval": approval.approval_status(round)}
    )
