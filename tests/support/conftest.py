import pytest

from tests import factories
from tests.support.factories import CertificationFactory


@pytest.fixture
def certification(unit, talent):
    """The conftest talent, certified at tier T by the conftest unit (in the conftest county)."""
    return CertificationFactory(unit=unit, talent=talent)


@pytest.fixture
def other_certification(other_unit, other_talent):
    return CertificationFactory(unit=other_unit, talent=other_talent)


@pytest.fixture
def bureau_staff(db):
    from tests.support.factories import education_bureau

    return factories.jurisdiction_user(education_bureau())
