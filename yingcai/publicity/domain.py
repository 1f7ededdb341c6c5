"""Public notices (公示): a list of people shown to the public for a number of working days set in
the rules (第三条 for selection results, 第十三条 for certifications), during which anyone may object.

The office answers every objection; after the last day it concludes the notice: an entry with an
upheld objection is removed, the others pass, and the owner (a selection round, a certification)
acts on each entry's outcome. The period is counted on the official holiday calendar with 调休
workdays (`yingcai.workdays`), both ends included, and the rule version that set it is kept.
"""

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.policy.domain import MissingRuleError, rule_in_force
from yingcai.publicity.enums import EntryOutcome, PublicityKind, PublicityState
from yingcai.publicity.models import Objection, ObjectionContact, Publicity, PublicityEntry
from yingcai.publicity.workflow import NOTICE
from yingcai.registry.domain.errors import StaleEditError
from yingcai.registry.validators import MOBILE_RE
from yingcai.workdays.domain import UnknownCalendarYear, add_working_days
from yingcai.workflows.engine import advance

# A fixed-line number with its area code (0375-2345678, 03752345678, 010-12345678-801).
FIXED_LINE_RE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
MAX_OBJECTION_LENGTH = 2000


@dataclass(frozen=True)
class EntrySpec:
    """One person to put on a notice, as the public will see them, and the record it decides."""

    subject: models.Model
    name: str
    unit_name: str
    summary: str


def can_manage(user) -> bool:
    return user is not None and user.has_perm("publicity.manage")


def _require_manager(user, message: str) -> None:
    if not can_manage(user):
        raise PermissionDenied(message)


def first_day_after(on: datetime.date) -> datetime.date:
    """A notice starts on the working day after the day it is decided."""
    return _working_days(on + datetime.timedelta(days=1), 1)


def _working_days(start: datetime.date, n: int) -> datetime.date:
    try:
        return add_working_days(start, n)
    except UnknownCalendarYear as error:
        raise ValidationError(str(error), code="unknown_calendar") from None


def open_publicity(
    *,
    by,
    kind: str,
    title: str,
    body: str,
    rule_key: str,
    entries: Sequence[EntrySpec],
    owner: models.Model | None = None,
    starts_on: datetime.date | None = None,
    on: datetime.date | None = None,
) -> Publicity:
    """Publish a notice decided on `on` (today). It starts on `starts_on` (by default the working day
    after `on`; a non-working day moves to the next working day) and lasts the number of working
    days the rule `rule_key` in force on the first day sets, both ends included."""
    _require_manager(by, _("只有市委人才办可以发布公示。"))
    on = on or timezone.localdate()
    if kind not in PublicityKind.values:
        raise ValidationError({"kind": _("未知的公示类型。")})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写公示标题。")})
    if not entries:
        raise ValidationError(_("公示名单为空，不能发布公示。"))
    for spec in entries:
        if not spec.name.strip():
            raise ValidationError(_("公示对象须有姓名。"))
    starts_on = _working_days(starts_on, 1) if starts_on else first_day_after(on)
    if starts_on < on:
        raise ValidationError({"starts_on": _("公示开始日期不能早于发布当天（%(date)s）。") % {"date": on}})
    try:
        rule = rule_in_force(rule_key, starts_on)
    except MissingRuleError:
        raise ValidationError(
            _("%(date)s没有生效的公示期规则（%(key)s），请先在“政策规则参数”中设置。")
            % {"date": starts_on, "key": rule_key}
        ) from None
    ends_on = _working_days(starts_on, rule.number)
    year = on.year
    with transaction.atomic():
        if owner is not None:
            owner_type = ContentType.objects.get_for_model(owner)
            running = Publicity.objects.select_for_update().filter(
                owner_type=owner_type, owner_id=owner.pk, state=PublicityState.OPEN
            )
            if running.exists():
                raise ValidationError(_("该事项已有正在进行的公示，不能重复发布。"))
        number = _next_number(year)
        publicity = Publicity.objects.create(
            kind=kind,
            state=NOTICE.start(),
            title=numbered_title(title, year=year, number=number),
            year=year,
            number=number,
            body=body,
            owner_type=ContentType.objects.get_for_model(owner) if owner is not None else None,
            owner_id=owner.pk if owner is not None else None,
            starts_on=starts_on,
            ends_on=ends_on,
            working_days=rule.number,
            rule=rule,
            created_by=by,
        )
        PublicityEntry.objects.bulk_create(
            PublicityEntry(
                publicity=publicity,
                subject_type=ContentType.objects.get_for_model(spec.subject),
                subject_id=spec.subject.pk,
                name=spec.name.strip(),
                unit_name=spec.unit_name.strip(),
                summary=spec.summary.strip()[:255],
                position=position,
            )
            for position, spec in enumerate(entries, start=1)
        )
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=publicity,
            changes={
                "kind": kind,
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "working_days": rule.number,
                "rule": f"{rule.key} v{rule.version}",
                "entries": [spec.name for spec in entries],
            },
        )
    return publicity


def _next_number(year: int) -> int:
    """The next number of the year's notices. The year's rows are locked, so two notices opened at
    the same moment wait for each other; the unique (year, number) refuses what slips through."""
    taken = list(Publicity.objects.select_for_update().filter(year=year).values_list("number", flat=True))
    return max((n for n in taken if n is not None), default=0) + 1


def numbered_title(title: str, *, year: int, number: int) -> str:
    """The title with the notice's number (〔2026〕第3号): two notices never share a title."""
    reference = _("〔%(year)s〕第%(number)s号") % {"year": year, "number": number}
    return f"{title[: 200 - len(reference) - 1]} {reference}"


def is_open(publicity: Publicity, on: datetime.date | None = None) -> bool:
    """Whether objections are taken on `on` (today): from the first to the last day, both included."""
    on = on or timezone.localdate()
    return publicity.state == PublicityState.OPEN and publicity.starts_on <= on <= publicity.ends_on


def validate_contact_phone(value: str) -> str:
    """A mobile number or a fixed-line number with its area code; spaces are ignored."""
    phone = re.sub(r"\s+", "", value or "")
    if not phone:
        raise ValidationError({"phone": _("请填写联系电话，以便核实和答复。")})
    if not (MOBILE_RE.fullmatch(phone) or FIXED_LINE_RE.fullmatch(phone)):
        raise ValidationError(
            {"phone": _("联系电话应为11位手机号码，或带区号的固定电话（如0375-2345678）。")}, code="phone"
        )
    return phone


def file_objection(
    *,
    publicity: Publicity,
    entry: PublicityEntry | None = None,
    name: str,
    phone: str,
    content: str,
    on: datetime.date | None = None,
) -> Objection:
    """Anyone may object (no login) while the notice is open; the objection is recorded with the
    contact details the office needs to verify and answer it."""
    on = on or timezone.localdate()
    if publicity.state != PublicityState.OPEN or on > publicity.ends_on:
        raise ValidationError(_("公示已于%(date)s截止，不再受理异议。") % {"date": publicity.ends_on}, code="closed")
    if on < publicity.starts_on:
        raise ValidationError(
            _("公示自%(date)s开始，开始后方可提出异议。") % {"date": publicity.starts_on}, code="not_started"
        )
    if entry is not None and entry.publicity_id != publicity.pk:
        raise ValidationError({"entry": _("所选公示对象不在本公示名单中。")})
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    content = (content or "").strip()
    if not name:
        errors["name"] = [_("请填写反映人姓名。")]
    elif len(name) > 32:
        errors["name"] = [_("姓名不超过32个字。")]
    if not content:
        errors["content"] = [_("请填写异议内容（具体事实和线索）。")]
    elif len(content) > MAX_OBJECTION_LENGTH:
        errors["content"] = [_("异议内容不超过%(n)s字。") % {"n": MAX_OBJECTION_LENGTH}]
    try:
        phone = validate_contact_phone(phone)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        objection = Objection.objects.create(publicity=publicity, entry=entry, name=name, phone=phone, content=content)
        # The objector's contact details stay out of the log; the office reads them on the objection.
        record(
            actor=None,
            action=AuditAction.CREATE,
            target=objection,
            changes={"publicity": publicity.pk, "entry": entry.name if entry else None},
        )
    return objection


def answer_objection(
    *, by, objection: Objection, answer: str, upheld: bool, entry: PublicityEntry | None = None
) -> Objection:
    """The office's answer. An upheld objection must name the person it concerns (`entry`, or the
    one it was filed against): that person is removed from the list when the notice concludes.
    An answer may be revised until the notice is concluded. Nothing is published or sent."""
    _require_manager(by, _("只有市委人才办可以答复公示异议。"))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("请填写答复意见。")})
    if not isinstance(upheld, bool):
        raise ValidationError({"upheld": _("请选择异议是否成立。")})
    with transaction.atomic():
        publicity = Publicity.objects.select_for_update().get(pk=objection.publicity_id)
        objection = Objection.objects.select_for_update().get(pk=objection.pk)
        if publicity.state != PublicityState.OPEN:
            raise ValidationError(_("公示已结束，答复不能再修改。"))
        if entry is not None:
            if entry.publicity_id != publicity.pk:
                raise ValidationError({"entry": _("所选公示对象不在本公示名单中。")})
            objection.entry = entry
        if upheld and objection.entry_id is None:
            raise ValidationError({"entry": _("异议成立时须指明所涉及的公示对象。")})
        before = {"answer": objection.answer, "upheld": objection.upheld, "entry": objection.entry_id}
        objection.answer = answer
        objection.upheld = upheld
        objection.answered_by = by
        objection.answered_at = timezone.now()
        objection.save(update_fields=["entry", "answer", "upheld", "answered_by", "answered_at"])
        after = {"answer": answer, "upheld": upheld, "entry": objection.entry_id}
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=objection,
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
        )
    return objection


def conclusion_blockers(publicity: Publicity, on: datetime.date | None = None) -> list[str]:
    """Why the notice cannot be concluded on `on` (today); empty when it can."""
    on = on or timezone.localdate()
    if publicity.state != PublicityState.OPEN:
        return [_("公示已结束。")]
    reasons = []
    if on <= publicity.ends_on:
        reasons.append(_("公示期至%(date)s（含当日），期满后方可结束公示。") % {"date": publicity.ends_on})
    unanswered = publicity.objections.filter(upheld__isnull=True).count()
    if unanswered:
        reasons.append(_("还有%(n)s条异议未答复，全部答复后方可结束公示。") % {"n": unanswered})
    return reasons


def conclude(*, by, publicity: Publicity, on: datetime.date | None = None) -> Publicity:
    """End the notice after its last day, once every objection is answered: an entry with an upheld
    objection is REMOVED, every other one PASSED. The owner then acts on the outcomes."""
    _require_manager(by, _("只有市委人才办可以结束公示。"))
    on = on or timezone.localdate()
    with transaction.atomic():
        publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
        blockers = conclusion_blockers(publicity, on)
        if blockers:
            raise ValidationError(blockers)
        removed_ids = set(
            publicity.objections.filter(upheld=True, entry__isnull=False).values_list("entry_id", flat=True)
        )
        entries = list(publicity.entries.all())
        for entry in entries:
            entry.outcome = EntryOutcome.REMOVED if entry.pk in removed_ids else EntryOutcome.PASSED
        PublicityEntry.objects.bulk_update(entries, ["outcome"])
        advance(workflow=NOTICE, obj=publicity, transition="conclude", by=by)
        publicity.concluded_by = by
        publicity.concluded_at = timezone.now()
        publicity.save(update_fields=["state", "concluded_by", "concluded_at"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=publicity,
            changes={
                "state": [PublicityState.OPEN, PublicityState.CONCLUDED],
                "passed": [e.name for e in entries if e.outcome == EntryOutcome.PASSED],
                "removed": [e.name for e in entries if e.outcome == EntryOutcome.REMOVED],
            },
        )
    return publicity


# The flow that owns each kind of notice ends it: it concludes the notice and acts on each entry's
# outcome in the same step (a selection round is approved, certifications are issued). Each owning
# app registers its finisher when it loads (its AppConfig.ready).
Finisher = Callable[..., object]
_FINISHERS: dict[str, Finisher] = {}


def register_finisher(kind: str, finisher: Finisher) -> None:
    _FINISHERS[kind] = finisher


def finish(*, by, publicity: Publicity) -> None:
    """End a notice the way its owner does (the office's 结束公示 button): the owner's finisher
    when it has one, else only `conclude`."""
    finisher = _FINISHERS.get(publicity.kind)
    if finisher is None:
        conclude(by=by, publicity=publicity)
    else:
        finisher(by=by, publicity=publicity)


def _of(model_object: models.Model) -> dict:
    return {"type": ContentType.objects.get_for_model(model_object), "id": model_object.pk}


def publicity_of(owner: models.Model) -> Publicity | None:
    """The owner's latest notice, or None."""
    ref = _of(owner)
    return Publicity.objects.filter(owner_type=ref["type"], owner_id=ref["id"]).order_by("-created_at", "-pk").first()


def entry_of(subject: models.Model) -> PublicityEntry | None:
    """The subject's entry on its latest notice, or None."""
    ref = _of(subject)
    return (
        PublicityEntry.objects.filter(subject_type=ref["type"], subject_id=ref["id"])
        .select_related("publicity")
        .order_by("-publicity__created_at", "-pk")
        .first()
    )


def upheld_answers(entry: PublicityEntry) -> list[str]:
    """The office's answers to the upheld objections against `entry` (why it was removed)."""
    return list(entry.objections.filter(upheld=True).order_by("submitted_at", "pk").values_list("answer", flat=True))


# Read side of the pages and the API.


def public_notices() -> QuerySet[Publicity]:
    """Every notice is public, current and past; the newest first."""
    return Publicity.objects.select_related("rule").annotate(entry_count=models.Count("entries", distinct=True))


def notices_for_office(user) -> QuerySet[Publicity]:
    if not can_manage(user):
        return Publicity.objects.none()
    return Publicity.objects.select_related("rule").annotate(
        entry_count=models.Count("entries", distinct=True),
        objection_count=models.Count("objections", distinct=True),
        unanswered_count=models.Count("objections", filter=models.Q(objections__upheld__isnull=True), distinct=True),
    )


def objections_for_office(user, publicity: Publicity) -> QuerySet[Objection]:
    if not can_manage(user):
        return Objection.objects.none()
    return publicity.objections.select_related("entry", "answered_by")


@dataclass(frozen=True)
class NoticeStatus:
    """A notice's state as every page and the API show it: computed here only (`notice_status`)."""

    code: str  # upcoming, open, expired (期满待结束), concluded
    label: str
    css: str  # the tag class

    def __str__(self) -> str:
        return self.label


def notice_status(publicity: Publicity, on: datetime.date | None = None) -> NoticeStatus:
    """The one computation of a notice's displayed state ``on`` (today), from its stored state and
    its dates: every page (public, office, the owner's) and the API read it from here."""
    on = on or timezone.localdate()
    if publicity.state == PublicityState.CONCLUDED:
        return NoticeStatus("concluded", _("公示已结束"), "tag-muted")
    if on < publicity.starts_on:
        return NoticeStatus("upcoming", _("即将公示"), "tag-info")
    if on > publicity.ends_on:
        return NoticeStatus("expired", _("公示期满，待结束"), "tag-warning")
    return NoticeStatus("open", _("公示中"), "tag-success")


def status_label(publicity: Publicity, on: datetime.date | None = None) -> str:
    return notice_status(publicity, on).label


# The contact for objections (异议受理), kept by the office and printed on every public notice.


def objection_contact() -> ObjectionContact | None:
    return ObjectionContact.objects.order_by("pk").first()


CONTACT_FIELDS = ["department", "phone", "address", "email", "hours"]


def update_objection_contact(*, by, data: dict, version: int | None) -> ObjectionContact:
    """Set where the public sends objections: a department, a phone (mobile or fixed line with its
    area code) and an address or an e-mail. Audited; a stale copy is refused."""
    _require_manager(by, _("只有市委人才办可以设置公示异议的联系方式。"))
    values = {name: (data.get(name) or "").strip() for name in CONTACT_FIELDS}
    errors: dict[str, list[str]] = {}
    if not values["department"]:
        errors["department"] = [_("请填写受理异议的部门。")]
    try:
        values["phone"] = validate_contact_phone(values["phone"])
    except ValidationError as error:
        errors["phone"] = error.message_dict["phone"]
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = [_("电子邮箱格式不正确。")]
    if not values["address"] and not values["email"] and "email" not in errors:
        errors["address"] = [_("请填写通信地址或电子邮箱（至少一项），以便书面反映。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = ObjectionContact.objects.select_for_update().order_by("pk").first()
        if contact is None:
            contact = ObjectionContact.objects.create(updated_by=by, **values)
            record(actor=by, action=AuditAction.CREATE, target=contact, changes=values)
            return contact
        if version is not None and contact.version != version:
            raise StaleEditError()
        changes = {k: [getattr(contact, k), v] for k, v in values.items() if getattr(contact, k) != v}
        if changes:
            for name, value in values.items():
                setattr(contact, name, value)
            contact.updated_by = by
            contact.version += 1
            contact.save()
            record(actor=by, action=AuditAction.UPDATE, target=contact, changes=changes)
    return contact
