"""Who may see, confirm, decide, pay and stop support (第十三条). Checked on every path."""

import rules
from django.core.exceptions import ObjectDoesNotExist

from yingcai.registry.rules import (
    is_jurisdiction_staff,
    is_talent_office,
    is_unit_staff,
    talent_works_at_users_unit,
)
from yingcai.support.scopes import ENTITLEMENT_SCOPE


@rules.predicate
def is_certifying_unit(user, entitlement) -> bool:
    return entitlement is not None and is_unit_staff(user) and entitlement.certification.unit_id == user.unit_id


@rules.predicate
def is_responsible_office(user, entitlement) -> bool:
    """The department that decides the entitlement (the education bureau for a school place)."""
    if entitlement is None or not is_jurisdiction_staff(user):
        return False
    task = task_of(entitlement)
    return task is not None and task.office_id == user.jurisdiction_id


@rules.predicate
def is_the_entitled_talent(user, entitlement) -> bool:
    return entitlement is not None and user.is_authenticated and user.talent_id == entitlement.talent_id


@rules.predicate
def is_task_office(user, task) -> bool:
    return task is not None and is_jurisdiction_staff(user) and task.office_id == user.jurisdiction_id


@rules.predicate
def talent_certified_by_users_unit(user, talent) -> bool:
    if talent is None or not is_unit_staff(user):
        return False
    from yingcai.certification.models import Certification

    return Certification.objects.filter(talent=talent, unit_id=user.unit_id).exists()


def task_of(entitlement):
    """The entitlement's decision task, or None (the reverse one-to-one raises when missing)."""
    try:
        return entitlement.task
    except ObjectDoesNotExist:
        return None


def payment_of(instalment):
    """The instalment's payment in force: the positive line not reversed, or None (also after a
    reversal, until the correct payment is registered). Reads `instalment.payments`, prefetched by
    the lists."""
    lines = list(instalment.payments.all())
    reversed_ids = {p.reverses_id for p in lines if p.reverses_id is not None}
    live = [p for p in lines if p.reverses_id is None and p.pk not in reversed_ids]
    return max(live, key=lambda p: p.attempt) if live else None


def reversed_payments_of(instalment) -> list:
    """The instalment's payments that were reversed, each with its reversal line, oldest first."""
    lines = list(instalment.payments.all())
    reversals = {p.reverses_id: p for p in lines if p.reverses_id is not None}
    return [(p, reversals[p.pk]) for p in sorted(lines, key=lambda p: p.attempt) if p.pk in reversals]


# Who sees which entitlement is declared once, in scopes.py (the lists read the same rule).
can_view_entitlement = ENTITLEMENT_SCOPE.predicate
# The talent tells the platform what it cannot know; the unit may type it in on their behalf.
can_confirm = is_the_entitled_talent | is_certifying_unit
# Confirmed personal data in clear: the talent, the talent office, and the office deciding it.
can_see_confirmation = is_the_entitled_talent | is_talent_office | is_responsible_office

rules.add_perm("support.list", is_talent_office | is_jurisdiction_staff | is_unit_staff)
rules.add_perm("support.view", can_view_entitlement)
rules.add_perm("support.confirm", can_confirm)
rules.add_perm("support.see_confirmation", can_see_confirmation)
rules.add_perm("support.grant", is_talent_office)
rules.add_perm("support.list_tasks", is_talent_office | is_jurisdiction_staff)
rules.add_perm("support.decide", is_talent_office | is_task_office)
rules.add_perm("support.pay", is_talent_office)
# Correcting a payment (冲正) is the office's, as registering it is.
rules.add_perm("support.reverse_payment", is_talent_office)
rules.add_perm("support.totals", is_talent_office | is_jurisdiction_staff)
# Registering that a talent left the city: the office, or the unit the talent works at.
rules.add_perm("support.stop", is_talent_office | talent_works_at_users_unit | talent_certified_by_users_unit)
