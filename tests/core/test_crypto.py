"""Personal data at rest: the columns hold Fernet tokens, never the clear values; lookups go
through the keyed hash."""

import hashlib
import hmac

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import connection

from tests import factories
from tests.publicity.factories import ObjectionFactory
from tests.support.factories import CertificationFactory
from tests.support.helpers import confirmed_bank_entitlement
from yingcai.core.crypto import blind_index, decrypt, encrypt
from yingcai.registry.domain.queries import talents_with_id_number, talents_with_id_numbers
from yingcai.registry.models import Talent


def raw(table: str, columns: list[str], pk: int) -> tuple:
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()


def test_talent_id_number_and_phone_are_stored_encrypted(talent, settings):
    id_number, phone, id_hash = raw("registry_talent", ["id_number", "phone", "id_number_hash"], talent.pk)
    for stored, clear in ((id_number, talent.id_number), (phone, talent.phone)):
        assert clear not in stored
        assert stored.startswith("gAAAAA")  # a Fernet token
        assert decrypt(stored) == clear
    assert talent.id_number[6:14] not in id_number  # not even the birth date's digits
    key = settings.FIELD_HASH_KEY.encode()
    assert id_hash == hmac.new(key, talent.id_number.encode(), hashlib.sha256).hexdigest()
    reloaded = Talent.objects.get(pk=talent.pk)
    assert (reloaded.id_number, reloaded.phone) == (talent.id_number, talent.phone)


def test_unit_contact_phone_and_objection_phone_are_stored_encrypted(db):
    unit = factories.UnitFactory(contact_phone="13912345678")
    objection = ObjectionFactory(phone="0375-2345678")
    (contact,) = raw("registry_unit", ["contact_phone"], unit.pk)
    (phone,) = raw("publicity_objection", ["phone"], objection.pk)
    assert "13912345678" not in contact and decrypt(contact) == "13912345678"
    assert "2345678" not in phone and decrypt(phone) == "0375-2345678"


def test_confirmed_bank_account_is_stored_encrypted(office, unit, talent, unit_staff):
    entitlement = confirmed_bank_entitlement(office, CertificationFactory(unit=unit, talent=talent), unit_staff)
    assert entitlement.confirmation["bank_account"] == "6222020200012345678"
    (stored,) = raw("support_entitlement", ["confirmation"], entitlement.pk)
    assert "6222020200012345678" not in stored and "2345678" not in stored
    assert "bank_account" not in stored  # the keys too: nobody learns what was confirmed
    assert "6222020200012345678" in decrypt(stored)


def test_lookup_by_hash_finds_the_row(talent, other_talent):
    number = talent.id_number
    assert list(talents_with_id_number(Talent.objects.all(), number)) == [talent]
    assert list(talents_with_id_number(Talent.objects.all(), f" {number[:-1]}{number[-1].lower()} ")) == [talent]
    assert not talents_with_id_number(Talent.objects.all(), number[:17]).exists()
    assert not talents_with_id_number(Talent.objects.all(), "").exists()
    assert not talents_with_id_number(Talent.objects.exclude(pk=talent.pk), number).exists()
    both = talents_with_id_numbers(Talent.objects.all(), [number, other_talent.id_number, "x"])
    assert set(both) == {talent, other_talent}


def test_hash_follows_an_edited_id_number(talent):
    new_number = factories.demo.id_number(factories.rng)
    old_number, talent.id_number = talent.id_number, new_number
    talent.save()
    assert list(talents_with_id_number(Talent.objects.all(), new_number)) == [talent]
    assert not talents_with_id_number(Talent.objects.all(), old_number).exists()


def test_bulk_create_encrypts_and_hashes(db):
    made = Talent.objects.bulk_create([factories.TalentFactory.build(), factories.TalentFactory.build()])
    for talent in made:
        id_number, id_hash = raw("registry_talent", ["id_number", "id_number_hash"], talent.pk)
        assert decrypt(id_number) == talent.id_number and id_hash == blind_index(talent.id_number)


def test_comparing_an_encrypted_column_is_refused_not_silently_empty(talent):
    with pytest.raises(FieldError, match="encrypted"):
        Talent.objects.filter(id_number=talent.id_number).exists()
    with pytest.raises(FieldError, match="encrypted"):
        Talent.objects.filter(phone__startswith="13").exists()
    assert Talent.objects.filter(phone__isnull=False).exists()


def test_each_encryption_is_different_and_a_wrong_key_is_a_clear_error(settings):
    assert encrypt("410402199001011234") != encrypt("410402199001011234")
    token = encrypt("13912345678")
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"):
        decrypt(token)


def test_the_hash_depends_on_the_key(settings):
    before = blind_index("410402199001011234")
    settings.FIELD_HASH_KEY = "another-hash-key-of-at-least-thirty-two-characters"
    assert blind_index("410402199001011234") != before
