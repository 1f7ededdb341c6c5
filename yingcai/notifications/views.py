from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from yingcai.core.lists import paginate
from yingcai.notifications.domain import inbox, mark_read


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    listing = paginate(request, inbox(request.user), sortable={"at": "created_at"}, default="-at")
    return render(request, "notifications/list.html", {"listing": listing, "nav_active": "notifications"})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    mark_read(user=request.user, notification_id=pk)
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")
