"""The review queue pages: the list (overdue first, 仅看超期), approving a selection at once, and
审核通过并查看下一条 from a record's page. The records' own pages stay with their areas."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yingcai.workflows import queues
from yingcai.workflows.queues import ReviewQueue, queue_url

NAV = "review-queue"
MAX_BATCH = 200  # a page holds LIST_PAGE_SIZE rows; anything larger is not a selection from one


def _queue(request: HttpRequest, key: str) -> ReviewQueue:
    try:
        queue = queues.get_queue(key)
    except KeyError:
        raise Http404 from None
    if not request.user.has_perm("workflows.work_queue", queue):
        raise PermissionDenied
    return queue


def _overdue_only(data) -> bool:
    return data.get("overdue") == "1"


def queue_params(queue: ReviewQueue, overdue_only: bool) -> str:
    """What a record's page needs to know it was opened from this queue (and its filter)."""
    params = {"queue": queue.key}
    if overdue_only:
        params["overdue"] = "1"
    return urlencode(params)


@login_required
@require_GET
def queue_page(request: HttpRequest, key: str) -> HttpResponse:
    queue = _queue(request, key)
    overdue_only = _overdue_only(request.GET)
    today = timezone.localdate()
    deadline = queues.deadline_of(queue, today)
    waiting = queues.ordered(queue.waiting(request.user), deadline, overdue_only=overdue_only)
    page = Paginator(waiting, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    waits = queues.waits_of(page.object_list, deadline)
    params = queue_params(queue, overdue_only)
    rows = [
        {
            "obj": obj,
            "title": queue.describe(obj)[0],
            "subtitle": queue.describe(obj)[1],
            "url": f"{queue.detail_url(obj)}?{params}",
            "wait": waits[obj.pk],
        }
        for obj in page.object_list
    ]
    return render(
        request,
        "workflows/queue.html",
        {
            "queue": queue,
            "approve_label": queue.approve_label(request.user),
            "deadline": deadline,
            "page": page,
            "rows": rows,
            "overdue_only": overdue_only,
            "overdue_total": queues.overdue_count(queue, request.user, today),
            "page_query": "overdue=1&" if overdue_only else "",
            "nav_active": f"{NAV}-{queue.key}",
        },
    )


@login_required
@require_POST
def batch_approve(request: HttpRequest, key: str) -> HttpResponse:
    queue = _queue(request, key)
    overdue_only = _overdue_only(request.POST)
    try:
        ids = [int(value) for value in request.POST.getlist("ids")]
    except ValueError:
        return HttpResponseBadRequest(_("所选记录有误。"))
    if not ids:
        messages.error(request, _("请先勾选要审核通过的记录。"))
        return redirect(queue_url(queue, overdue_only))
    if len(ids) > MAX_BATCH:
        return HttpResponseBadRequest(_("一次最多选择%(n)s条记录。") % {"n": MAX_BATCH})
    if request.POST.get("confirm") != "1":
        messages.error(request, _("请勾选确认后再提交批量审核。"))
        return redirect(queue_url(queue, overdue_only))
    outcome = queues.approve_many(queue=queue, by=request.user, ids=ids, reason=request.POST.get("reason", ""))
    return render(
        request,
        "workflows/batch_result.html",
        {
            "queue": queue,
            "approve_label": queue.approve_label(request.user),
            "outcome": outcome,
            "approved": [(obj, *queue.describe(obj)) for obj in outcome.approved],
            "back_url": queue_url(queue, overdue_only),
            "nav_active": f"{NAV}-{queue.key}",
        },
    )


@login_required
@require_POST
def approve_and_next(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Approve the record opened from the queue, then open the next one in the same order and
    filter, or go back to the queue when none is left."""
    queue = _queue(request, key)
    overdue_only = _overdue_only(request.POST)
    today = timezone.localdate()
    deadline = queues.deadline_of(queue, today)
    order = list(
        queues.ordered(queue.waiting(request.user), deadline, overdue_only=overdue_only).values_list("pk", flat=True)
    )
    obj = queue.scope(request.user).filter(pk=pk).first()
    if obj is None:
        raise Http404
    params = queue_params(queue, overdue_only)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("请勾选确认后再提交。"))
        return redirect(f"{queue.detail_url(obj)}?{params}")
    try:
        queues.approve_one(queue=queue, by=request.user, obj=obj, reason=request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, queues.refusal_text(error))
        return redirect(f"{queue.detail_url(obj)}?{params}")
    title = queue.describe(obj)[0]
    following = queues.next_in_queue(
        queue=queue, user=request.user, after=obj.pk, order=order, today=today, overdue_only=overdue_only
    )
    if following is None:
        messages.success(
            request,
            _("已完成“%(action)s”：%(title)s。%(queue)s已全部处理完毕。")
            % {"action": queue.approve_label(request.user), "title": title, "queue": queue.label},
        )
        return redirect(queue_url(queue, overdue_only))
    messages.success(
        request,
        _("已完成“%(action)s”：%(title)s。以下是队列中的下一条。")
        % {"action": queue.approve_label(request.user), "title": title},
    )
    return redirect(f"{queue.detail_url(following)}?{params}")
