"""我的档案: a talent asks to change their own profile; the unit they work at confirms or rejects.

The talent never writes the registry directly: a request holds the new values until the unit's
staff (the talent office for a talent with no unit) confirm it, which applies them through
`update_talent` as an edit by the confirming user, refused if the profile changed meanwhile.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.recipients import talent_accounts, talent_office_staff, unit_staff
from yingcai.accounts.rules import is_talent_office, is_unit_staff
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.notifications.domain import notify
from yingcai.registry.domain import talents as talent_domain
from yingcai.registry.domain.editing import audit_diff
from yingcai.registry.domain.queries import current_affiliations
from yingcai.registry.enums import ProfileChangeState
from yingcai.registry.models import KeyTechField, ProfileChange, Talent

# What a talent may change about themselves. Name and ID number (and the birth date and gender
# read from it) are the unit's to register; the industrial tags are the office's.
PROFILE_FIELDS = ["phone", "email", "specialty", "tech_field", "education", "title"]
_FOREIGN_KEYS = {"tech_field": KeyTechField}


def visible_profile_changes(user) -> QuerySet[ProfileChange]:
    """The requests a user decides: the unit's staff those sent to their unit, the office all."""
    changes = ProfileChange.objects.select_related("talent", "unit")
    if is_talent_office(user):
        return changes
    if is_unit_staff(user):
        return changes.filter(unit_id=user.unit_id)
    return changes.none()


def pending_change(talent: Talent) -> ProfileChange | None:
    return talent.profile_changes.filter(state=ProfileChangeState.PENDING).first()


def confirming_unit(talent: Talent):
    """The unit whose staff confirm: the talent's earliest current unit; None means the office."""
    affiliation = current_affiliations().filter(talent=talent).select_related("unit").order_by("start_date", "pk")
    first = affiliation.first()
    return first.unit if first else None


def _stored(name: str, value: Any) -> Any:
    if name in _FOREIGN_KEYS:
        return value.pk if value is not None else None
    return value if value is not None else ""


def _shown(name: str, value: Any) -> Any:
    """A stored value as the audit log and the pages show it (the phone masked by audit_diff)."""
    if name in _FOREIGN_KEYS:
        found = _FOREIGN_KEYS[name].objects.filter(pk=value).first() if value else None
        return str(found) if found else ""
    return value


def shown_changes(change: ProfileChange) -> dict[str, list[Any]]:
    """{field: [old, new]} of a request, personal data masked, foreign keys by name."""
    before = {k: _shown(k, v) for k, v in change.previous.items()}
    after = {k: _shown(k, v) for k, v in change.proposed.items()}
    return audit_diff(before, after)


def request_profile_change(*, by, talent: Talent, data: dict[str, Any]) -> ProfileChange:
    if not by.has_perm("registry.request_profile_change", talent):
        raise PermissionDenied(_("只有本人可以申请修改个人信息。"))
    candidate = Talent.objects.get(pk=talent.pk)
    previous = {name: _stored(name, getattr(candidate, name)) for name in PROFILE_FIELDS}
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(candidate, name, data[name])
    excluded = [f.name for f in Talent._meta.concrete_fields if f.name not in PROFILE_FIELDS]
    candidate.clean_fields(exclude=excluded)
    proposed = {
        name: _stored(name, getattr(candidate, name))
        for name in PROFILE_FIELDS
        if _stored(name, getattr(candidate, name)) != previous[name]
    }
    if not proposed:
        raise ValidationError(_("没有需要变更的内容。"), code="no_change")
    with transaction.atomic():
        Talent.objects.select_for_update().get(pk=talent.pk)
        if pending_change(talent) is not None:
            raise ValidationError(_("已有一项待单位确认的信息变更，请等待确认或驳回后再提交。"), code="pending")
        change = ProfileChange.objects.create(
            talent=talent,
            unit=confirming_unit(talent),
            proposed=proposed,
            previous={k: previous[k] for k in proposed},
            base_version=candidate.version,
            requested_by=by,
        )
        record(actor=by, action=AuditAction.CREATE, target=change, changes=shown_changes(change))
        transaction.on_commit(lambda: _tell_deciders(change))
    return change


def confirm_profile_change(*, by, change: ProfileChange) -> ProfileChange:
    if not by.has_perm("registry.decide_profile_change", change):
        raise PermissionDenied(_("您无权确认该人才的信息变更。"))
    with transaction.atomic():
        change = _lock_pending(change)
        data = {
            name: (_FOREIGN_KEYS[name].objects.filter(pk=value).first() if value else None)
            if name in _FOREIGN_KEYS
            else value
            for name, value in change.proposed.items()
        }
        talent_domain.update_talent(
            by=by, talent=change.talent, data=data, version=change.base_version, reason=_("本人申请变更，经单位确认")
        )
        _decide(by=by, change=change, state=ProfileChangeState.CONFIRMED)
    return change


def reject_profile_change(*, by, change: ProfileChange, reason: str) -> ProfileChange:
    if not by.has_perm("registry.decide_profile_change", change):
        raise PermissionDenied(_("您无权处理该人才的信息变更。"))
    if not reason.strip():
        raise ValidationError({"reason": [_("请填写驳回原因。")]})
    with transaction.atomic():
        change = _lock_pending(change)
        change.reason = reason.strip()
        _decide(by=by, change=change, state=ProfileChangeState.REJECTED)
    return change


def _lock_pending(change: ProfileChange) -> ProfileChange:
    current = ProfileChange.objects.select_for_update().select_related("talent").get(pk=change.pk)
    if not current.is_pending:
        raise ValidationError(_("该变更申请已处理。"), code="decided")
    return current


def _decide(*, by, change: ProfileChange, state: ProfileChangeState) -> None:
    old = change.state
    change.state = state
    change.decided_by = by
    change.decided_at = timezone.now()
    change.save(update_fields=["state", "reason", "decided_by", "decided_at"])
    record(
        actor=by,
        action=AuditAction.UPDATE,
        target=change,
        changes={"state": [old, state.value]},
        reason=change.reason,
    )
    transaction.on_commit(lambda: _tell_talent(change))


def _tell_deciders(change: ProfileChange) -> None:
    users = unit_staff(change.unit_id) if change.unit_id else talent_office_staff()
    notify(
        users=users,
        title=_("%(name)s申请变更个人信息，请确认") % {"name": change.talent.name},
        url=reverse("registry:profile-change-detail", args=[change.pk]),
        kind="profile_change",
    )


def _tell_talent(change: ProfileChange) -> None:
    if change.state == ProfileChangeState.CONFIRMED:
        title = _("您的个人信息变更已确认")
    else:
        title = _("您的个人信息变更被驳回：%(reason)s") % {"reason": change.reason}
    notify(users=talent_accounts(change.talent_id), title=title[:200], url=reverse("home"), kind="profile_change")
