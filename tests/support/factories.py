"""Support items, certified certifications and entitlements for the support tests.

Rules and certifications are written directly (the tier code "T" is the tests' own, so the
example rules shipped by the policy migrations never mix in); entitlements are made through
`grant_entitlements`, the way the platform makes them.
"""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from tests import factories
from yingcai.certification.enums import CertificationBasis, CertificationState
from yingcai.certification.models import Certification
from yingcai.policy.enums import ConfirmField, SupportKind
from yingcai.policy.models import SupportItem
from yingcai.registry.enums import JurisdictionKind

TIER = "T"
CERTIFIED_ON = datetime.date(2025, 3, 3)
RULES_FROM = datetime.date(2024, 1, 1)


class SupportItemFactory(DjangoModelFactory):
    """A money item of tier T: 100 000 元 in 3 yearly instalments, nothing to confirm."""

    class Meta:
        model = SupportItem

    code = factory.Sequence(lambda n: f"T-item-{n}")
    tier_code = TIER
    version = 1
    kind = SupportKind.AWARD
    name = factory.Sequence(lambda n: f"生活补贴{n}")
    amount = Decimal("100000.00")
    instalments = 3
    interval_months = 12
    article = "第十三条"
    document = "平人才〔2024〕2号"
    effective_from = RULES_FROM


def bank_item(**kwargs) -> SupportItem:
    """Money paid to the talent's bank account: the account must be confirmed first."""
    values = {
        "kind": SupportKind.HOUSING,
        "name": "购房补贴",
        "amount": Decimal("300000.00"),
        "instalments": 3,
        "confirm_fields": [ConfirmField.BANK_ACCOUNT.value, ConfirmField.BANK_NAME.value],
        **kwargs,
    }
    return SupportItemFactory(**values)


def school_item(office=None, **kwargs) -> SupportItem:
    """A school place: the child's name and grade, then a decision by the education bureau."""
    office = office or education_bureau()
    values = {
        "kind": SupportKind.SCHOOL,
        "name": "子女入学",
        "amount": None,
        "instalments": 1,
        "needs_decision": True,
        "responsible_office": office,
        "decision_working_days": 5,
        "confirm_fields": [ConfirmField.CHILD_NAME.value, ConfirmField.CHILD_GRADE.value],
        **kwargs,
    }
    return SupportItemFactory(**values)


def service_item(**kwargs) -> SupportItem:
    values = {"kind": SupportKind.MEDICAL, "name": "医疗绿色通道", "amount": None, "instalments": 1, **kwargs}
    return SupportItemFactory(**values)


def education_bureau():
    return factories.JurisdictionFactory(name="测试市教育局", kind=JurisdictionKind.DEPARTMENT)


class CertificationFactory(DjangoModelFactory):
    """A certified talent of tier T, applied for by the talent's unit."""

    class Meta:
        model = Certification

    unit = factory.SubFactory(factories.UnitFactory)
    talent = factory.LazyAttribute(lambda o: factories.TalentFactory(unit=o.unit))
    tier_code = TIER
    basis = CertificationBasis.INTRODUCED
    state = CertificationState.CERTIFIED
    certified_on = CERTIFIED_ON
    valid_until = datetime.date(2030, 3, 2)
    certificate_number = factory.Sequence(lambda n: f"PDS-2025-T-{n:04d}")
    verification_token = factory.Sequence(lambda n: f"token-{n}")
