from stdnum.cn import ric, uscc

from tests import factories


def test_factories_make_valid_numbers(db):
    unit = factories.UnitFactory()
    talent = factories.TalentFactory(unit=unit)
    assert uscc.is_valid(unit.credit_code)
    assert ric.is_valid(talent.id_number)
    assert list(talent.units.all()) == [unit]
