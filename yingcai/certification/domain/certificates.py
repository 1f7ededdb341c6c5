"""公示 of approved applications, certification with a numbered certificate, and revocation."""

import datetime
import logging
import secrets
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.certification.domain import rules_keys
from yingcai.certification.domain.notices import notify_outcome
from yingcai.certification.enums import CertificationState, EvidenceCheck
from yingcai.certification.models import Certification, Evidence
from yingcai.certification.signals import certificate_issued, certificate_revoked
from yingcai.certification.workflow import CERTIFICATION_REVIEW
from yingcai.introductions.domain.dates import minimum_end
from yingcai.policy.domain import rule_in_force
from yingcai.workflows.engine import perform

log = logging.getLogger(__name__)

NUMBER_PREFIX = "PDS"


def start_publicity(*, by, certifications: Iterable[Certification], on: datetime.date | None = None):
    """One public notice (公示) for all the selected applications the office approved; each goes
    into publicity. The length in working days is the rule in force (第十三条)."""
    from yingcai.publicity.domain import EntrySpec, open_publicity
    from yingcai.publicity.enums import PublicityKind

    if not by.has_perm("certification.manage_publicity"):
        raise PermissionDenied(_("只有市委人才办可以发起认定公示。"))
    on = on or timezone.localdate()
    ids = sorted({c.pk for c in certifications})
    if not ids:
        raise ValidationError(_("请选择要公示的认定申请。"))
    with transaction.atomic():
        selected = list(
            Certification.objects.select_for_update(of=("self",))
            .filter(pk__in=ids)
            .select_related("talent", "unit", "tier")
            .order_by("tier_code", "unit__name", "pk")
        )
        wrong = [c for c in selected if c.state != CertificationState.OFFICE_APPROVED]
        if wrong or len(selected) != len(ids):
            names = "、".join(f"{c.talent.name}（{c.get_state_display()}）" for c in wrong)
            raise ValidationError(_("只有“待公示”的认定申请可以公示：%(names)s。") % {"names": names or "—"})
        entries = [
            EntrySpec(
                subject=c,
                name=c.talent.name,
                unit_name=c.unit.name,
                summary=_("拟认定为%(tier)s类人才（%(name)s）")
                % {"tier": c.tier_code, "name": c.tier.name if c.tier else c.tier_code},
            )
            for c in selected
        ]
        publicity = open_publicity(
            by=by,
            kind=PublicityKind.CERTIFICATION,
            title=_("平顶山市高层次人才拟认定人员名单公示（%(date)s）") % {"date": on.strftime("%Y年%m月%d日")},
            body=_(
                "根据《平顶山市科技创新领军人才引进培育工作细则》第十三条，经单位申报、县区（主管部门）审核、"
                "市委人才办审定，现将以下%(n)s名拟认定人员名单予以公示。公示期间如有异议，请通过本页面实名反映。"
            )
            % {"n": len(selected)},
            rule_key=rules_keys.PUBLICITY_WORKING_DAYS,
            entries=entries,
            on=on,
        )
        for certification in selected:
            perform(workflow=CERTIFICATION_REVIEW, obj=certification, transition="publicize", by=by)
            if getattr(publicity, "rule_id", None):
                certification.rules.add(publicity.rule_id)
    return publicity


def finish_publicity(*, by, publicity, on: datetime.date | None = None) -> dict[str, list[Certification]]:
    """Close the notice: those who passed are certified, those removed on an upheld objection are
    refused with the office's answer as the reason."""
    from yingcai.publicity.domain import conclude
    from yingcai.publicity.enums import EntryOutcome, PublicityState

    if not by.has_perm("certification.manage_publicity"):
        raise PermissionDenied(_("只有市委人才办可以结束认定公示。"))
    on = on or timezone.localdate()
    outcome: dict[str, list[Certification]] = {"certified": [], "rejected": []}
    with transaction.atomic():
        # A notice already concluded on the publicity pages is acted on all the same.
        if publicity.state != PublicityState.CONCLUDED:
            publicity = conclude(by=by, publicity=publicity, on=on)
        certification_type = ContentType.objects.get_for_model(Certification)
        entries = list(publicity.entries.filter(subject_type=certification_type).prefetch_related("objections"))
        by_id = Certification.objects.in_bulk([e.subject_id for e in entries])
        # Every certificate of the notice, or none: the office is told each document still open.
        _refuse_unverified(
            by_id[e.subject_id]
            for e in entries
            if e.outcome == EntryOutcome.PASSED
            and e.subject_id in by_id
            and by_id[e.subject_id].state == CertificationState.IN_PUBLICITY
        )
        for entry in entries:
            certification = by_id.get(entry.subject_id)
            if certification is None or certification.state != CertificationState.IN_PUBLICITY:
                continue
            if entry.outcome == EntryOutcome.PASSED:
                outcome["certified"].append(certify(by=by, certification=certification, on=on))
            elif entry.outcome == EntryOutcome.REMOVED:
                answers = [o.answer.strip() for o in entry.objections.all() if o.upheld and o.answer.strip()]
                reason = "；".join(answers) or _("公示期间异议成立")
                perform(
                    workflow=CERTIFICATION_REVIEW,
                    obj=certification,
                    transition="publicity_reject",
                    by=by,
                    reason=_("公示异议成立，不予认定：%(reason)s") % {"reason": reason},
                )
                outcome["rejected"].append(certification)
    return outcome


def unverified_evidence(certification: Certification) -> list[Evidence]:
    """The documents of the application not (yet) accepted by a reviewer: pending or rejected."""
    return [e for e in certification.evidence.all() if e.check_result != EvidenceCheck.ACCEPTED]


def issue_blocker(certification: Certification) -> str:
    """Why no certificate may be issued for `certification` now ("" when nothing stands in the way):
    every document must have been checked and accepted, and there must be at least one."""
    documents = list(certification.evidence.all())
    if not documents:
        return _("%(name)s的认定申请没有任何证明材料，不能颁发证书。") % {"name": certification.talent.name}
    open_ones = [e for e in documents if e.check_result != EvidenceCheck.ACCEPTED]
    if not open_ones:
        return ""
    names = "、".join(f"{e.original_name}（{e.get_check_result_display()}）" for e in open_ones)
    return _("%(name)s尚有%(n)s份证明材料未核验通过，不能颁发证书：%(files)s。请先核验全部材料。") % {
        "name": certification.talent.name,
        "n": len(open_ones),
        "files": names,
    }


def _refuse_unverified(certifications: Iterable[Certification]) -> None:
    blockers = [b for b in (issue_blocker(c) for c in certifications) if b]
    if blockers:
        raise ValidationError(blockers, code="unverified_evidence")


def certify(*, by, certification: Certification, on: datetime.date | None = None) -> Certification:
    """Certify after publicity: a unique number, the validity period from the rule in force, a
    random verification token; the unit and the talent are told, and the support the tier gives
    is granted (免申即享). Refused while any document is unverified."""
    on = on or timezone.localdate()
    with transaction.atomic():
        _refuse_unverified([certification])
        perform(workflow=CERTIFICATION_REVIEW, obj=certification, transition="certify", by=by)
        current = Certification.objects.select_for_update().select_related("talent", "unit").get(pk=certification.pk)
        rule = rule_in_force(rules_keys.VALIDITY_YEARS, on)
        current.certified_on = on
        current.valid_until = valid_until(on, rule.number)
        current.verification_token = secrets.token_urlsafe(24)
        _number(current)
        current.rules.add(rule)
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=current,
            changes={
                "certificate_number": [None, current.certificate_number],
                "certified_on": [None, on.isoformat()],
                "valid_until": [None, current.valid_until.isoformat()],
            },
            reason=_("颁发认定证书（%(rule)s）") % {"rule": rule.citation},
        )
        notify_outcome(
            current,
            title=_("%(name)s已被认定为%(tier)s类人才") % {"name": current.talent.name, "tier": current.tier_code},
            body=_("证书编号%(number)s，有效期%(start)s至%(end)s。相应支持政策和待遇将自动生成，请留意待遇确认通知。")
            % {"number": current.certificate_number, "start": on, "end": current.valid_until},
        )
        _grant_entitlements(by=by, certification=current)
    certification.refresh_from_db()
    return current


def revoke(*, by, certification: Certification, reason: str) -> Certification:
    """The office revokes a certification (fraud, departure …); future support stops."""
    if not by.has_perm("certification.revoke", certification):
        raise PermissionDenied(_("只有市委人才办可以撤销认定。"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤销认定的原因。")})
    with transaction.atomic():
        perform(workflow=CERTIFICATION_REVIEW, obj=certification, transition="revoke", by=by, reason=reason)
        current = Certification.objects.select_for_update().get(pk=certification.pk)
        current.revoked_reason = reason
        current.save(update_fields=["revoked_reason"])
        notify_outcome(
            current,
            title=_("%(name)s的人才认定（证书%(number)s）已被撤销")
            % {"name": current.talent.name, "number": current.certificate_number},
            body=reason,
        )
        _stop_entitlements(by=by, certification=current, reason=reason)
    certification.refresh_from_db()
    return certification


def valid_until(certified_on: datetime.date, years: int) -> datetime.date:
    """The last day of a validity of `years` years, both ends included: 2024-03-01 + 3 → 2027-02-28;
    from 29 February the period ends on 28 February."""
    return minimum_end(certified_on, years)


def certificate_status(certification: Certification, on: datetime.date) -> str:
    """valid, expired or revoked — what the public verification page says."""
    if certification.state == CertificationState.REVOKED:
        return "revoked"
    if certification.valid_until is not None and on > certification.valid_until:
        return "expired"
    return "valid"


def next_serial(prefix: str) -> int:
    """One more than the highest serial of the numbers starting with `prefix` (PDS-<year>-)."""
    taken = Certification.objects.filter(certificate_number__startswith=prefix).values_list(
        "certificate_number", flat=True
    )
    serials = (n.rsplit("-", 1)[1] for n in taken)
    return max((int(s) for s in serials if s.isdigit()), default=0) + 1


def _number(certification: Certification, attempts: int = 8) -> None:
    """PDS-<year>-<tier>-<serial>: the serial counts the year's certificates of every tier. Two
    offices certifying at once may compute the same serial: the unique index refuses the second,
    which takes the next one."""
    prefix = f"{NUMBER_PREFIX}-{certification.certified_on.year}-"
    for _attempt in range(attempts):
        certification.certificate_number = f"{prefix}{certification.tier_code}-{next_serial(prefix):04d}"
        try:
            with transaction.atomic():
                certification.save(
                    update_fields=["certificate_number", "certified_on", "valid_until", "verification_token"]
                )
            return
        except IntegrityError:
            log.info("certificate number %s taken meanwhile, retrying", certification.certificate_number)
    raise ValidationError(_("证书编号分配冲突，请稍后重试。"))


def _grant_entitlements(*, by, certification: Certification) -> None:
    """Tell the processes above (support's 免申即享 grant) that the certificate was issued."""
    certificate_issued.send(sender=Certification, by=by, certification=certification)


def _stop_entitlements(*, by, certification: Certification, reason: str) -> None:
    """Tell the processes above (support) that the certification was revoked."""
    certificate_revoked.send(sender=Certification, by=by, certification=certification, reason=reason)
