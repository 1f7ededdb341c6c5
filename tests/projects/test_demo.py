"""The demo projects: only SELECTED nominations have one (opened by `open_project`), each funded year
by year through `grant_funding` within the total, with spending by category; exactly one project is
over-spent; a second run adds nothing."""

import random

import pytest

from tests.projects.conftest import TODAY
from tests.projects.factories import SelectedNominationFactory
from tests.selection.factories import NominationFactory
from yingcai.projects import demo
from yingcai.projects.domain.projects import funding_status, open_project
from yingcai.projects.models import FundingGrant, Project, SpendingReport

pytestmark = pytest.mark.django_db


def test_no_selected_nomination_no_project(office):
    NominationFactory()
    assert demo.seed(rng=random.Random(1), today=TODAY) == 0
    assert not Project.objects.exists()


def test_no_office_no_project():
    SelectedNominationFactory(round__year=2025)
    assert demo.seed(rng=random.Random(1), today=TODAY) == 0
    assert not Project.objects.exists()


def test_demo_projects(office, unit_staff, unit):
    own = SelectedNominationFactory(unit=unit, round__year=2025)
    opened = open_project(by=office, nomination=SelectedNominationFactory(round__year=2025))  # as approval does
    not_selected = NominationFactory(round__year=2025)
    assert demo.seed(rng=random.Random(7), today=TODAY) == 2
    assert not Project.objects.filter(nomination=not_selected).exists()
    assert set(Project.objects.values_list("pk", flat=True)) == {opened.pk, own.project.pk}
    over = []
    for project in Project.objects.all():
        status = funding_status(project)
        assert (project.start_year, project.end_year) == (2025, 2027)
        assert [y.granted > 0 for y in status.years] == [True, True, False]
        assert status.granted <= project.total_funding
        assert status.years[0].spent > 0 and status.years[1].spent > 0
        assert not status.years[0].over_spent
        if status.over_spent:
            over.append(project)
            assert project.over_spent_since is not None
    assert len(over) == 1
    # the unit with a login reported its own spending through the domain
    assert set(SpendingReport.objects.filter(project=own.project).values_list("reported_by", flat=True)) == {
        unit_staff.pk
    }
    counts = (Project.objects.count(), FundingGrant.objects.count(), SpendingReport.objects.count())
    assert demo.seed(rng=random.Random(7), today=TODAY) == 0
    assert (Project.objects.count(), FundingGrant.objects.count(), SpendingReport.objects.count()) == counts
