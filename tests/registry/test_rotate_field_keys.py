"""manage.py rotate_field_keys: after it, the old encryption key and the old hash key can go."""

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from tests import factories
from tests.publicity.factories import ObjectionFactory
from tests.support.factories import CertificationFactory
from tests.support.helpers import confirmed_bank_entitlement
from yingcai.audit.models import AuditAction, AuditEntry
from yingcai.registry.domain.queries import talents_with_id_number
from yingcai.registry.models import Talent, Unit
from yingcai.support.models import Entitlement

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()
NEW_HASH_KEY = "the-new-hash-key-after-rotation-0123456789"


def stored_token(talent: Talent) -> bytes:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM registry_talent WHERE id = %s", [talent.pk])
        return cursor.fetchone()[0].encode()


@pytest.fixture
def old_keys(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]


def test_rotation_reencrypts_every_row_and_rehashes(old_keys, settings, office, unit, talent, unit_staff):
    other = factories.TalentFactory(unit=unit)
    entitlement = confirmed_bank_entitlement(office, CertificationFactory(unit=unit, talent=talent), unit_staff)
    objection = ObjectionFactory(phone="13700001111")
    unit.contact_phone = "13912345678"
    unit.save()
    Fernet(OLD).decrypt(stored_token(talent))

    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    settings.FIELD_HASH_KEY = NEW_HASH_KEY
    assert not talents_with_id_number(Talent.objects.all(), talent.id_number).exists()  # hashes still old
    out = StringIO()
    call_command("rotate_field_keys", batch_size=1, stdout=out)
    assert "registry.Talent: 2 rows" in out.getvalue()

    settings.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key is gone
    assert Fernet(NEW).decrypt(stored_token(talent)).decode() == talent.id_number
    for person in (talent, other):
        found = talents_with_id_number(Talent.objects.all(), person.id_number).get()
        assert (found.id_number, found.phone) == (person.id_number, person.phone)
    assert Unit.objects.get(pk=unit.pk).contact_phone == "13912345678"
    assert type(objection).objects.get(pk=objection.pk).phone == "13700001111"
    assert Entitlement.objects.get(pk=entitlement.pk).confirmation == entitlement.confirmation
    entry = AuditEntry.objects.filter(action=AuditAction.UPDATE, reason="rotate_field_keys").get()
    assert entry.changes["field_keys_rotated"]["registry.Talent"] == 2


def test_without_rotation_dropping_the_old_key_breaks_reading(old_keys, settings, talent):
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    with pytest.raises(ImproperlyConfigured, match="rotate_field_keys"):
        Talent.objects.get(pk=talent.pk)
