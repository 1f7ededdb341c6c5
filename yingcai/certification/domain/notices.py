"""Telling the next reviewer, the unit and the talent about a certification's steps."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.accounts.recipients import reviewers_of_unit, talent_accounts, talent_office_staff, unit_staff
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.certification.enums import CertificationState as S
from yingcai.certification.models import Certification
from yingcai.notifications.domain import notify


def notify_review_step(certification, step) -> None:
    """Whoever acts next hears about it; the unit hears about every outcome."""
    url = reverse("certification:detail", args=[certification.pk])
    title = _("人才认定“%(name)s（%(tier)s类）”：%(action)s") % {
        "name": certification.talent.name,
        "tier": certification.tier_code,
        "action": step.transition_label,
    }
    next_reviewers = {
        S.SUBMITTED: reviewers_of_unit(certification.unit),
        S.COUNTY_APPROVED: talent_office_staff(),
    }.get(step.to_state)
    if step.transition == "withdraw":  # it was in the county's queue: it is no longer
        next_reviewers = reviewers_of_unit(certification.unit)
    if next_reviewers is not None:
        notify(users=next_reviewers, title=title, body=step.reason, url=url, kind="review")
    if step.to_state in (S.RETURNED, S.COUNTY_APPROVED, S.OFFICE_APPROVED, S.REJECTED):
        notify(users=unit_staff(certification.unit_id), title=title, body=step.reason, url=url, kind="review")


def notify_outcome(certification, *, title: str, body: str = "") -> None:
    """The unit and the talent both hear of a certificate issued or revoked."""
    url = reverse("certification:detail", args=[certification.pk])
    users = [*unit_staff(certification.unit_id), *talent_accounts(certification.talent_id)]
    notify(users=users, title=title, body=body, url=url, kind="certification")


EXPIRY_NOTICE_DAYS = 90


def remind_expiring_certificates(*, today: datetime.date) -> int:
    """Certificates whose validity ends within the next 90 days: the unit and the talent hear of it
    once, on the first run that finds it in that window (each reminder is kept in the audit log)."""
    reason = str(_("证书即将到期提醒"))
    expiring = list(
        Certification.objects.filter(
            state=S.CERTIFIED,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=EXPIRY_NOTICE_DAYS),
        ).select_related("talent")
    )
    told = set(
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Certification),
            object_id__in=[str(c.pk) for c in expiring],
            reason=reason,
        ).values_list("object_id", flat=True)
    )
    sent = 0
    for certification in expiring:
        if str(certification.pk) in told:
            continue
        notify_outcome(
            certification,
            title=_("人才认定证书%(number)s将于%(date)s到期")
            % {"number": certification.certificate_number, "date": certification.valid_until.isoformat()},
            body=_("如需继续享受认定待遇，请按规定提前申请复核或重新认定。"),
        )
        record(actor=None, action=AuditAction.UPDATE, target=certification, changes={}, reason=reason)
        sent += 1
    return sent
