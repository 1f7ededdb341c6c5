"""Telling the next reviewer, the unit and the talent about a certification's steps."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.accounts.enums import Role
from yingcai.certification.enums import CertificationState as S
from yingcai.notifications.domain import notify


def unit_staff(unit_id: int):
    return get_user_model().objects.filter(role=Role.UNIT, unit_id=unit_id, is_active=True)


def talent_accounts(talent_id: int):
    return get_user_model().objects.filter(role=Role.TALENT, talent_id=talent_id, is_active=True)


def jurisdiction_staff(unit):
    ids = [j for j in (unit.county_id, unit.department_id) if j]
    return get_user_model().objects.filter(role=Role.JURISDICTION, jurisdiction_id__in=ids, is_active=True)


def office_staff():
    return get_user_model().objects.filter(role=Role.TALENT_OFFICE, is_active=True)


def notify_review_step(certification, step) -> None:
    """Whoever acts next hears about it; the unit hears about every outcome."""
    url = reverse("certification:detail", args=[certification.pk])
    title = _("人才认定“%(name)s（%(tier)s类）”：%(action)s") % {
        "name": certification.talent.name,
        "tier": certification.tier_code,
        "action": step.transition_label,
    }
    next_reviewers = {
        S.SUBMITTED: jurisdiction_staff(certification.unit),
        S.COUNTY_APPROVED: office_staff(),
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
