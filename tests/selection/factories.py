"""Factories for the selection app: the expert pool, rounds with criteria, nominations."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from tests.factories import TalentFactory, UnitFactory, UserFactory
from yingcai.accounts.enums import Role
from yingcai.policy.domain import rule_in_force
from yingcai.registry.models import IndustryChain, IndustryCluster, KeyTechField
from yingcai.selection.domain import rules_keys
from yingcai.selection.enums import AggregationMethod, NomineeRole, TaskLevel
from yingcai.selection.models import Expert, Nomination, RoundCriterion, SelectionRound

D = datetime.date

# A round's calendar in the tests: nominating in March, scoring in April 2026.
NOMINATION_DAY = D(2026, 3, 15)
SCORING_DAY = D(2026, 4, 15)
AFTER_SCORING = D(2026, 5, 1)

STANDARD_CRITERIA = [
    {"code": "ability", "name": "创新能力", "weight": 30, "kind": "ability", "evidence": "代表性成果与技术路线"},
    {"code": "contribution", "name": "实际贡献", "weight": 30, "kind": "contribution", "evidence": "任务中承担的工作"},
    {"code": "achievement", "name": "成果与转化", "weight": 20, "kind": "achievement", "evidence": "转化合同、效益"},
    {"code": "papers", "name": "论文与奖项", "weight": 20, "kind": "count", "evidence": "代表性论文、奖项"},
]


def field(code: str = "F1") -> KeyTechField:
    return KeyTechField.objects.get_or_create(code=code, defaults={"name": f"测试领域{code}"})[0]


def chain(code: str = "T-L1") -> IndustryChain:
    cluster = IndustryCluster.objects.get_or_create(code="T-C1", defaults={"name": "测试集群"})[0]
    return IndustryChain.objects.get_or_create(code=code, defaults={"name": f"测试链{code}", "cluster": cluster})[0]


class ExpertFactory(DjangoModelFactory):
    class Meta:
        model = Expert
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, role=Role.EXPERT)
    name = factory.Sequence(lambda n: f"专家{n}")
    employer = None
    employer_name = factory.Sequence(lambda n: f"外地研究院{n}")
    title = "研究员"

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        """ExpertFactory(fields=[...]); by default the field "F1" every test nomination is in."""
        if create:
            self.fields.set(extracted if extracted is not None else [field()])

    @factory.post_generation
    def chains(self, create, extracted, **kwargs):
        if create and extracted:
            self.chains.set(extracted)


class RoundFactory(DjangoModelFactory):
    class Meta:
        model = SelectionRound
        skip_postgeneration_save = True

    year = 2026
    name = factory.Sequence(lambda n: f"2026年度科技创新领军人才遴选（测试{n}）")
    nomination_opens = D(2026, 3, 1)
    nomination_closes = D(2026, 3, 31)
    scoring_opens = D(2026, 4, 10)
    scoring_closes = D(2026, 4, 30)
    quota = 10
    experts_per_candidate = 2
    aggregation_method = AggregationMethod.MEAN

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        """RoundFactory(criteria=[dicts]); STANDARD_CRITERIA by default. Also keeps the rule versions."""
        if not create:
            return
        for i, item in enumerate(extracted if extracted is not None else STANDARD_CRITERIA):
            RoundCriterion.objects.create(
                round=self,
                position=i,
                code=item["code"],
                name=item["name"],
                weight=Decimal(str(item["weight"])),
                kind=item["kind"],
                evidence=item.get("evidence", ""),
            )
        self.rules.set(rule_in_force(key, self.nomination_opens) for key in rules_keys.ROUND_RULES)


class NominationFactory(DjangoModelFactory):
    class Meta:
        model = Nomination
        skip_postgeneration_save = True

    round = factory.SubFactory(RoundFactory)
    unit = factory.SubFactory(UnitFactory)
    talent = factory.LazyAttribute(lambda o: TalentFactory(unit=o.unit))
    task_name = factory.Sequence(lambda n: f"尼龙新材料关键技术攻关{n}")
    task_number = factory.Sequence(lambda n: f"221100{n:04d}")
    task_level = TaskLevel.PROVINCIAL
    task_funding = Decimal("500.00")
    nominee_role = NomineeRole.LEADER
    task_start = D(2025, 1, 1)
    task_end = D(2027, 12, 31)
    field = factory.LazyFunction(field)

    @factory.post_generation
    def co_applicants(self, create, extracted, **kwargs):
        if create and extracted:
            self.co_applicants.set(extracted)
