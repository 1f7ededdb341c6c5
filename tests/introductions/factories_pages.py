"""Records the page tests start from, written straight to the database (the pages under test go
through the domain)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests import factories
from yingcai.introductions.enums import ChannelKind, IntroductionManner, IntroductionMode, IntroductionState
from yingcai.introductions.models import Channel, Introduction


class PageChannelFactory(DjangoModelFactory):
    class Meta:
        model = Channel

    kind = ChannelKind.EVENT
    name = factory.Sequence(lambda n: f"鹰城英才对接会{n}")


class PageFlexibleIntroductionFactory(DjangoModelFactory):
    """A confirmed flexible introduction whose agreement covers last year, this year and next."""

    class Meta:
        model = Introduction

    unit = factory.SubFactory(factories.UnitFactory)
    talent = factory.LazyAttribute(lambda o: factories.TalentFactory(unit=o.unit))
    mode = IntroductionMode.FLEXIBLE
    manner = IntroductionManner.INDIVIDUAL
    state = IntroductionState.CONFIRMED
    service_forms = factory.LazyFunction(lambda: ["project"])
    agreement_start = factory.LazyFunction(lambda: datetime.date(timezone.localdate().year - 1, 1, 1))
    agreement_end = factory.LazyFunction(lambda: datetime.date(timezone.localdate().year + 1, 12, 31))
    introduced_on = factory.SelfAttribute("agreement_start")
