from stdnum.cn import uscc

from tests import factories
from yingcai.registry.validators import validate_id_number


def test_factories_make_valid_numbers(db):
    unit = factories.UnitFactory()
    talents = [factories.TalentFactory(unit=unit) for _ in range(50)]
    assert uscc.is_valid(unit.credit_code)
    for talent in talents:
        validate_id_number(talent.id_number)  # raises on an invalid number
    assert list(talents[0].units.all()) == [unit]
