"""Projects, grants and spending for the projects tests.

The factories write records directly (a selected nomination, its project, grants and reports);
tests of opening, granting and reporting go through `yingcai.projects.domain.projects`.
"""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from tests.selection.factories import NominationFactory
from yingcai.projects.enums import SpendingCategory
from yingcai.projects.models import FundingGrant, Project, SpendingReport
from yingcai.selection.enums import NominationOutcome

D = Decimal


class SelectedNominationFactory(NominationFactory):
    """A nomination the round selected (入选): the only kind that gets a project."""

    outcome = NominationOutcome.SELECTED


class ProjectFactory(DjangoModelFactory):
    """A project of 300万元 over 2025–2027 for a selected nomination's talent and unit."""

    class Meta:
        model = Project

    nomination = factory.SubFactory(SelectedNominationFactory)
    talent = factory.SelfAttribute("nomination.talent")
    unit = factory.SelfAttribute("nomination.unit")
    name = factory.SelfAttribute("nomination.task_name")
    total_funding = D("300.00")
    start_year = 2025
    end_year = 2027


class GrantFactory(DjangoModelFactory):
    class Meta:
        model = FundingGrant

    project = factory.SubFactory(ProjectFactory)
    year = 2025
    amount = D("100.00")
    granted_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 3, 1))


class SpendingFactory(DjangoModelFactory):
    class Meta:
        model = SpendingReport

    project = factory.SubFactory(ProjectFactory)
    year = 2025
    category = SpendingCategory.EQUIPMENT
    amount = D("10.00")
    note = "测试仪器"
