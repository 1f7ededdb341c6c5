"""Keeping the list of channels talents come through (第五条、第九条).

The talent office keeps every channel. A county keeps the market bodies of its own county (猎头,
中介, 商会: 第九条 lets counties bring talent in through market forces), and nothing else.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from yingcai.accounts.rules import is_jurisdiction_staff, is_talent_office
from yingcai.audit.domain import record, snapshot
from yingcai.audit.models import AuditAction
from yingcai.introductions.enums import ChannelKind
from yingcai.introductions.models import Channel
from yingcai.registry.enums import TERRITORIAL_KINDS

CHANNEL_FIELDS = ["kind", "name", "county", "held_on", "note", "is_active"]


def is_county_keeper(user) -> bool:
    """County (district, county-level city, zone) staff: they keep their own market bodies."""
    return is_jurisdiction_staff(user) and user.jurisdiction.kind in TERRITORIAL_KINDS


def can_manage_channel(user, channel: Channel | None = None) -> bool:
    """Whether `user` may add channels (channel=None) or change `channel`."""
    if not user.is_authenticated:
        return False
    if is_talent_office(user):
        return True
    if not is_county_keeper(user):
        return False
    return channel is None or (channel.kind == ChannelKind.MARKET_BODY and channel.county_id == user.jurisdiction_id)


def channels_for_list(user) -> QuerySet[Channel]:
    """Every channel is shared reference data, readable by whoever may manage channels."""
    if not user.has_perm("introductions.manage_channels"):
        return Channel.objects.none()
    return Channel.objects.select_related("county")


def active_channels() -> QuerySet[Channel]:
    return Channel.objects.filter(is_active=True).select_related("county")


def create_channel(*, by, data: dict[str, Any]) -> Channel:
    if not can_manage_channel(by):
        raise PermissionDenied(_("您无权新增引才渠道。"))
    channel = Channel()
    with transaction.atomic():
        _apply(by, channel, data)
        channel.save()
        record(actor=by, action=AuditAction.CREATE, target=channel, changes=snapshot(channel, CHANNEL_FIELDS))
    return channel


def update_channel(*, by, channel: Channel, data: dict[str, Any]) -> Channel:
    if not can_manage_channel(by, channel):
        raise PermissionDenied(_("您无权修改该引才渠道。"))
    with transaction.atomic():
        channel = Channel.objects.select_for_update().get(pk=channel.pk)
        if not can_manage_channel(by, channel):
            raise PermissionDenied(_("您无权修改该引才渠道。"))
        before = snapshot(channel, CHANNEL_FIELDS)
        _apply(by, channel, data)
        channel.save()
        after = snapshot(channel, CHANNEL_FIELDS)
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        record(actor=by, action=AuditAction.UPDATE, target=channel, changes=changes)
    return channel


def _apply(by, channel: Channel, data: dict[str, Any]) -> None:
    if not is_talent_office(by) and not channel.pk:
        data = {"kind": ChannelKind.MARKET_BODY, "county": by.jurisdiction, **data}
    for name in CHANNEL_FIELDS:
        if name in data:
            setattr(channel, name, data[name])
    if not is_talent_office(by):
        # A county records market bodies of its own county only (第九条), whatever was posted.
        if channel.kind != ChannelKind.MARKET_BODY:
            raise ValidationError({"kind": _("县区只能维护本县区的市场主体（猎头、中介、商会）渠道。")})
        if channel.county_id != by.jurisdiction_id:
            raise ValidationError({"county": _("县区只能维护本县区的引才渠道。")})
    if channel.kind == ChannelKind.MARKET_BODY and channel.county_id is None:
        raise ValidationError({"county": _("市场主体渠道须注明所属县区。")})
    channel.full_clean(validate_unique=False, validate_constraints=False)
    duplicate = Channel.objects.filter(kind=channel.kind, name=channel.name).exclude(pk=channel.pk)
    if duplicate.exists():
        raise ValidationError({"name": _("同类渠道中已有同名渠道。")})
