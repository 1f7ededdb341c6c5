"""Notices for the publicity tests: through the domain on fixed dates, or straight in the database
around today for the pages (which read today's date)."""

import datetime

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests.factories import TalentFactory, UnitFactory
from yingcai.policy.domain import rule_in_force
from yingcai.publicity.domain import EntrySpec, open_publicity
from yingcai.publicity.enums import PublicityKind
from yingcai.publicity.models import Objection, Publicity, PublicityEntry

D = datetime.date
RULE_KEY = "selection.publicity_working_days"


def specs(n: int) -> list[EntrySpec]:
    result = []
    for i in range(n):
        unit = UnitFactory()
        talent = TalentFactory(unit=unit)
        result.append(EntrySpec(subject=talent, name=talent.name, unit_name=unit.name, summary=f"测试公示内容{i}"))
    return result


def open_notice(office, *, on: datetime.date, entries: int = 2, starts_on=None, owner=None, rule_key=RULE_KEY):
    return open_publicity(
        by=office,
        kind=PublicityKind.SELECTION,
        title="2026年度领军人才拟入选人选公示（测试）",
        body="现予以公示。",
        rule_key=rule_key,
        entries=specs(entries),
        owner=owner,
        starts_on=starts_on,
        on=on,
    )


class PublicityFactory(DjangoModelFactory):
    """Open today: started two days ago, ends in five days (the pages use the real date)."""

    class Meta:
        model = Publicity

    kind = PublicityKind.SELECTION
    title = factory.Sequence(lambda n: f"测试公示{n}")
    body = "现予以公示。"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=2))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=5))
    working_days = 5
    rule = factory.LazyFunction(lambda: rule_in_force(RULE_KEY, D(2026, 1, 1)))


class EntryFactory(DjangoModelFactory):
    class Meta:
        model = PublicityEntry
        exclude = ("talent",)

    publicity = factory.SubFactory(PublicityFactory)
    talent = factory.LazyFunction(lambda: TalentFactory(unit=UnitFactory()))
    subject_type = factory.LazyFunction(lambda: ContentType.objects.get_by_natural_key("registry", "talent"))
    subject_id = factory.LazyAttribute(lambda o: o.talent.pk)
    name = factory.LazyAttribute(lambda o: o.talent.name)
    unit_name = factory.Sequence(lambda n: f"平顶山测试单位{n}")
    summary = factory.Sequence(lambda n: f"担纲领衔省级重大科技任务{n}")
    position = factory.Sequence(lambda n: n + 1)


class ObjectionFactory(DjangoModelFactory):
    class Meta:
        model = Objection

    publicity = factory.LazyAttribute(lambda o: o.entry.publicity if o.entry else PublicityFactory())
    entry = None
    name = "张反映"
    phone = "13912345678"
    content = "该同志并非任务负责人。"
