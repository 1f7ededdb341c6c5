"""Introductions, working periods and channels for the introductions tests.

The factories write records as they stand after review (confirmed by default) and bypass the domain
functions; tests of declaring and reviewing go through `yingcai.introductions.domain`.
"""

import datetime

import factory
from factory.django import DjangoModelFactory

from tests import factories
from yingcai.introductions.domain import rules_keys
from yingcai.introductions.domain.dates import minimum_end
from yingcai.introductions.enums import (
    ChannelKind,
    IntroductionManner,
    IntroductionMode,
    IntroductionState,
    ServiceForm,
)
from yingcai.introductions.models import Channel, Introduction, WorkPeriod
from yingcai.policy.domain import rule_in_force

CONTRACT_FILE = "introductions/contracts/2024/劳动合同.pdf"


class ChannelFactory(DjangoModelFactory):
    class Meta:
        model = Channel

    kind = ChannelKind.EVENT
    name = factory.Sequence(lambda n: f"鹰城招才引智活动{n}")
    held_on = datetime.date(2024, 5, 18)


def _talent_of(unit):
    return factories.TalentFactory(unit=unit)


class IntroductionFactory(DjangoModelFactory):
    """A confirmed full-time introduction: personnel transferred, a contract of exactly 3 years."""

    class Meta:
        model = Introduction

    unit = factory.SubFactory(factories.UnitFactory)
    # The talent is a current member of the declaring unit, as declare_introduction requires.
    talent = factory.LazyAttribute(lambda o: _talent_of(o.unit))
    mode = IntroductionMode.FULL_TIME
    manner = IntroductionManner.INDIVIDUAL
    introduced_on = datetime.date(2024, 3, 1)
    state = IntroductionState.CONFIRMED
    personnel_transferred_on = factory.SelfAttribute("introduced_on")
    transferred_from = "郑州大学"
    contract_start = factory.SelfAttribute("introduced_on")
    contract_end = factory.LazyAttribute(lambda o: minimum_end(o.contract_start, 3) if o.contract_start else None)
    contract_file = CONTRACT_FILE
    contract_rule = factory.LazyAttribute(
        lambda o: rule_in_force(rules_keys.FULL_TIME_MIN_CONTRACT_YEARS, o.contract_start) if o.contract_start else None
    )
    decision_note = "合同期限3年，符合3年以上的要求"


class FlexibleIntroductionFactory(IntroductionFactory):
    """A confirmed flexible introduction: no transfer, an agreement of three calendar years."""

    mode = IntroductionMode.FLEXIBLE
    introduced_on = datetime.date(2024, 1, 1)
    personnel_transferred_on = None
    transferred_from = ""
    contract_start = None
    contract_end = None
    contract_file = ""
    contract_rule = None
    decision_note = ""
    service_forms = factory.LazyFunction(lambda: [ServiceForm.PROJECT.value, ServiceForm.CONSULTING.value])
    agreement_start = factory.SelfAttribute("introduced_on")
    agreement_end = factory.LazyAttribute(lambda o: minimum_end(o.agreement_start, 3))


class WorkPeriodFactory(DjangoModelFactory):
    class Meta:
        model = WorkPeriod

    introduction = factory.SubFactory(FlexibleIntroductionFactory)
    start = datetime.date(2024, 3, 1)
    end = datetime.date(2024, 3, 31)
    description = "产线工艺攻关"


def work(introduction, start: datetime.date, end: datetime.date) -> WorkPeriod:
    """A working period of `introduction`, both ends included."""
    return WorkPeriodFactory(introduction=introduction, start=start, end=end)
