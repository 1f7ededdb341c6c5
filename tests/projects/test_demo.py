"""The demo projects: made from existing nominations only, two years of grants within the total,
spending by category, exactly one project over-spent; a second run adds nothing."""

import random

import pytest

from tests.projects.conftest import TODAY
from tests.projects.factories import SelectedNominationFactory
from tests.selection.factories import NominationFactory
from yingcai.projects import demo
from yingcai.projects.domain.projects import funding_status
from yingcai.projects.models import Project

pytestmark = pytest.mark.django_db


def test_no_nomination_no_project():
    assert demo.seed(rng=random.Random(1), today=TODAY) == 0
    assert not Project.objects.exists()


def test_demo_projects(office, unit_staff, unit):
    SelectedNominationFactory(unit=unit)
    SelectedNominationFactory()
    NominationFactory()
    assert demo.seed(rng=random.Random(7), today=TODAY) == 3
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
    assert demo.seed(rng=random.Random(7), today=TODAY) == 0
