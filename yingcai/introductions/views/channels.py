"""Pages of the channels talents come through (第五条、第九条)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yingcai.core.lists import paginate
from yingcai.introductions.domain import channels as channel_domain
from yingcai.introductions.domain.queries import visible_introductions
from yingcai.introductions.interfaces.filters import ChannelFilter
from yingcai.introductions.interfaces.forms import ChannelForm
from yingcai.introductions.models import Channel
from yingcai.registry.views.common import add_domain_errors, require

CHANNEL_SORTS = {"kind": "kind", "name": "name", "county": "county__sort_order", "held": "held_on", "used": "used"}
NAV = "channel"


@login_required
def channel_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "introductions.manage_channels")
    counted = visible_introductions(request.user).values("pk")
    channels = channel_domain.channels_for_list(request.user).annotate(
        used=Count("introduction", filter=Q(introduction__in=counted))
    )
    channel_filter = ChannelFilter(request.GET, queryset=channels)
    listing = paginate(request, channel_filter.qs, sortable=CHANNEL_SORTS, default="kind")
    for channel in listing.page:
        channel.can_edit = channel_domain.can_manage_channel(request.user, channel)
    return render(
        request,
        "introductions/channel_list.html",
        {
            "filter": channel_filter,
            "listing": listing,
            "can_create": channel_domain.can_manage_channel(request.user),
            "nav_active": NAV,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def channel_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "introductions.manage_channels")
    if not channel_domain.can_manage_channel(request.user):
        raise PermissionDenied
    form = ChannelForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            channel_domain.create_channel(by=request.user, data=form.domain_data())
        except ValidationError as error:
            add_domain_errors(request, form, error, "introductions:channels", "introductions.manage_channels")
        else:
            messages.success(request, _("引才渠道已新增。"))
            return redirect("introductions:channels")
    return render(request, "introductions/channel_form.html", {"form": form, "nav_active": NAV})


@login_required
@require_http_methods(["GET", "POST"])
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "introductions.manage_channels")
    channel = get_object_or_404(Channel.objects.select_related("county"), pk=pk)
    if not channel_domain.can_manage_channel(request.user, channel):
        raise PermissionDenied
    form = ChannelForm(request.POST or None, instance=channel, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            channel_domain.update_channel(by=request.user, channel=channel, data=form.domain_data())
        except ValidationError as error:
            add_domain_errors(request, form, error, "introductions:channels", "introductions.manage_channels")
        else:
            messages.success(request, _("引才渠道已保存。"))
            return redirect("introductions:channels")
    return render(request, "introductions/channel_form.html", {"form": form, "channel": channel, "nav_active": NAV})
