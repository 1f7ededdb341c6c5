"""The migrations that encrypt what is already stored, forwards and back, on the test database
(SQLite and PostgreSQL)."""

import datetime
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories
from tests.publicity.factories import ObjectionFactory, PublicityFactory
from tests.support.factories import CertificationFactory
from tests.support.helpers import confirmed_bank_entitlement
from yingcai.core.crypto import blind_index, decrypt
from yingcai.policy.models import PolicyRule
from yingcai.registry.domain.queries import talents_with_id_number
from yingcai.registry.models import Talent, Unit
from yingcai.support.models import Entitlement

BEFORE = [("registry", "0002_export_jobs"), ("publicity", "0001_initial"), ("support", "0002_newest_first_index")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def raw(sql: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_encrypted_and_hashed_and_the_way_back_decrypts():
    unit = factories.UnitFactory(contact_phone="13912345678")
    talent = factories.TalentFactory(unit=unit)
    office, unit_staff = factories.office_user(), factories.unit_user(unit)
    entitlement = confirmed_bank_entitlement(office, CertificationFactory(unit=unit, talent=talent), unit_staff)
    # Its own rule row: a transactional test may run after another one emptied the migrations' data.
    rule = PolicyRule.objects.create(
        key="test.publicity_days",
        version=1,
        label="公示期",
        value=5,
        article="第一条",
        document="测试",
        effective_from=datetime.date(2020, 1, 1),
    )
    objection = ObjectionFactory(phone="13700001111", publicity=PublicityFactory(rule=rule))
    try:
        migrate(BEFORE)  # back to clear columns: what an installation upgrading today has
        assert raw("SELECT id_number, phone FROM registry_talent WHERE id = %s", talent.pk) == (
            talent.id_number,
            talent.phone,
        )
        assert raw("SELECT contact_phone FROM registry_unit WHERE id = %s", unit.pk) == ("13912345678",)
        assert raw("SELECT phone FROM publicity_objection WHERE id = %s", objection.pk) == ("13700001111",)
        (confirmation,) = raw("SELECT confirmation FROM support_entitlement WHERE id = %s", entitlement.pk)
        confirmation = confirmation if isinstance(confirmation, dict) else json.loads(confirmation)
        assert confirmation["bank_account"] == "6222020200012345678"
    finally:
        migrate(None)

    id_number, phone, id_hash = raw(
        "SELECT id_number, phone, id_number_hash FROM registry_talent WHERE id = %s", talent.pk
    )
    assert talent.id_number not in id_number and decrypt(id_number) == talent.id_number
    assert talent.phone not in phone and decrypt(phone) == talent.phone
    assert id_hash == blind_index(talent.id_number)
    (contact,) = raw("SELECT contact_phone FROM registry_unit WHERE id = %s", unit.pk)
    assert decrypt(contact) == "13912345678"
    (objection_phone,) = raw("SELECT phone FROM publicity_objection WHERE id = %s", objection.pk)
    assert decrypt(objection_phone) == "13700001111"
    (stored,) = raw("SELECT confirmation FROM support_entitlement WHERE id = %s", entitlement.pk)
    assert "6222020200012345678" not in stored
    assert talents_with_id_number(Talent.objects.all(), talent.id_number).get() == talent
    assert Unit.objects.get(pk=unit.pk).contact_phone == "13912345678"
    assert Entitlement.objects.get(pk=entitlement.pk).confirmation["bank_account"] == "6222020200012345678"
