"""The responsible offices' decision tasks (a school place, a job for a spouse)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.shortcuts import render as render_page
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.core.lists import paginate
from yingcai.registry.views.common import require
from yingcai.support.domain import entitlements as domain
from yingcai.support.domain.confirmation import labelled
from yingcai.support.domain.queries import tasks_for_list, visible_tasks
from yingcai.support.interfaces.filters import OPEN, TaskFilter
from yingcai.support.interfaces.forms import DecisionForm

NAV = "support-tasks"
SORTS = {"due": "due_on", "talent": "entitlement__talent__name_pinyin", "state": "state", "created": "created_at"}


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "support.list_tasks")
    params = request.GET.copy()
    if "status" not in params:
        params["status"] = OPEN  # what is still to do comes first
    task_filter = TaskFilter(params, queryset=visible_tasks(request.user))
    listing = paginate(request, tasks_for_list(task_filter.qs), sortable=SORTS, default="due")
    today = timezone.localdate()
    rows = [
        {
            "task": task,
            "overdue": task.is_overdue_on(today),
            # Lists show the facts masked; the talent's page shows them in clear to those allowed.
            "confirmation": labelled(task.entitlement.confirmation, reveal=False),
            "can_decide": task.state == "open" and request.user.has_perm("support.decide", task),
        }
        for task in listing.page
    ]
    return render_page(
        request,
        "support/task_list.html",
        {"filter": task_filter, "listing": listing, "rows": rows, "today": today, "nav_active": NAV},
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(visible_tasks(request.user).select_related("entitlement"), pk=pk)
    require(request.user, "support.decide", task)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写办理结果。"))
    else:
        try:
            domain.decide_task(by=request.user, task=task, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, _("办理结果已登记，已通知人才本人。"))
    return redirect("support:tasks")
