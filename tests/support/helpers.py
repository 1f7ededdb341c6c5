"""Entitlements in a given state, made the way the platform makes them."""

from tests.support.factories import CertificationFactory, SupportItemFactory, bank_item
from yingcai.support.domain.entitlements import confirm, grant_entitlements
from yingcai.support.models import Entitlement

BANK = {"bank_account": "6222 0202 0001 2345 678", "bank_name": "中国工商银行平顶山分行"}


def granted(office, certification=None, item=None, **cert_kwargs) -> Entitlement:
    item = item or SupportItemFactory()
    certification = certification or CertificationFactory(**cert_kwargs)
    return next(e for e in grant_entitlements(by=office, certification=certification) if e.item_id == item.pk)


def confirmed_bank_entitlement(office, certification, by) -> Entitlement:
    entitlement = granted(office, certification, bank_item())
    confirm(by=by, entitlement=entitlement, data=BANK)
    entitlement.refresh_from_db()
    return entitlement
