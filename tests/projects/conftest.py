import datetime
import zoneinfo

import pytest
import time_machine

from tests import factories
from tests.projects.factories import ProjectFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = datetime.date(2026, 11, 25)
NOW = datetime.datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _today():
    """The projects' years are fixed in the tests, so the clock is too: stopped at 10:00 on 25 November
    2026 (reported_at is stamped from it)."""
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def project(unit, talent):
    """300万元 over 2025–2027 for `talent` at `unit` (in `county`)."""
    return ProjectFactory(nomination__unit=unit, nomination__talent=talent)


@pytest.fixture
def other_project(other_unit, other_talent):
    return ProjectFactory(nomination__unit=other_unit, nomination__talent=other_talent)


@pytest.fixture
def other_unit_staff(other_unit):
    return factories.unit_user(other_unit)


@pytest.fixture
def other_county_staff(other_county):
    return factories.jurisdiction_user(other_county)


@pytest.fixture
def department(db):
    return factories.DepartmentFactory(name="市科技局测试")


@pytest.fixture
def department_staff(department):
    return factories.jurisdiction_user(department)
