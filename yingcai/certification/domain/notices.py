"""Telling the next reviewer, the unit and the talent about a certification's steps."""

from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.accounts.recipients import reviewers_of_unit, talent_accounts, talent_office_staff, unit_staff
from yingcai.certification.enums import CertificationState as S
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
    if next_reviewers is not None:
        notify(users=next_reviewers, title=title, body=step.reason, url=url, kind="review")
    if step.to_state in (S.RETURNED, S.COUNTY_APPROVED, S.OFFICE_APPROVED, S.REJECTED):
        notify(users=unit_staff(certification.unit_id), title=title, body=step.reason, url=url, kind="review")


def notify_outcome(certification, *, title: str, body: str = "") -> None:
    """The unit and the talent both hear of a certificate issued or revoked."""
    url = reverse("certification:detail", args=[certification.pk])
    users = [*unit_staff(certification.unit_id), *talent_accounts(certification.talent_id)]
    notify(users=users, title=title, body=body, url=url, kind="certification")
