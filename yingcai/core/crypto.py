"""Personal data at rest: model fields stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256), and
keyed hashes (HMAC-SHA256) of them for exact lookups and unique checks.

Keys come from settings (see yingcai/core/keys.py): FIELD_ENCRYPTION_KEYS, a list whose first key
encrypts and all of which decrypt (so keys rotate: `manage.py rotate_field_keys`), and
FIELD_HASH_KEY. An encrypted column holds nothing a query can compare, so its fields refuse every
lookup but `isnull`: find rows through the HashField beside it.
"""

import hashlib
import hmac
import json
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(text: str) -> str:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS)).decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeEncodeError):
        raise ImproperlyConfigured(
            "A value in the database cannot be decrypted with FIELD_ENCRYPTION_KEYS: a key it was encrypted "
            "with is missing (keep the old key in the list until `manage.py rotate_field_keys` has run)."
        ) from None


def blind_index(value: str) -> str:
    """The keyed hash of `value` (hex): equal values give equal hashes, and without FIELD_HASH_KEY
    no one can compute one to test a guess."""
    return hmac.new(settings.FIELD_HASH_KEY.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()


class EncryptedMixin:
    """A field kept as a Fernet token in a text column and read back in clear."""

    def get_internal_type(self) -> str:
        return "TextField"

    def to_plain(self, value: Any) -> str:
        return str(value)

    def from_plain(self, text: str) -> Any:
        return text

    def from_db_value(self, value, expression, connection):
        return None if value is None else self.from_plain(decrypt(value))

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(self.to_plain(value))

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise FieldError(
            f"{self.model.__name__}.{self.name} is encrypted: it cannot be compared in a query "
            f"({lookup_name}); look it up through its hash."
        )

    def get_transform(self, lookup_name):
        return None


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A CharField (max_length and validators apply to the clear text) stored encrypted."""


class EncryptedTextField(EncryptedMixin, models.TextField):
    """A TextField stored encrypted (e.g. a list's filters, which may hold an ID number searched for)."""


class EncryptedJSONField(EncryptedMixin, models.Field):
    """A JSON value (dict, list, str, number) stored encrypted."""

    def to_plain(self, value: Any) -> str:
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)

    def from_plain(self, text: str) -> Any:
        return json.loads(text)

    def value_to_string(self, obj):
        return self.value_from_object(obj)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": forms.JSONField, **kwargs})


class HashField(models.CharField):
    """The keyed hash of another field's clear value, set on every save (and bulk_create) from that
    field: a unique constraint on it refuses duplicates, a filter on it finds a row. Blank → NULL."""

    def __init__(self, *args, source: str, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("editable", False), ("blank", True)):
            if kwargs.get(key, default) == default:
                kwargs.pop(key, None)
        return name, path, args, kwargs

    def value_for(self, instance: models.Model) -> str | None:
        plain = getattr(instance, self.source)
        return blind_index(str(plain)) if plain not in (None, "") else None

    def pre_save(self, model_instance, add):
        value = self.value_for(model_instance)
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]


def hash_fields(model: type[models.Model]) -> list[HashField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, HashField)]


def reencrypt_all(model: type[models.Model], *, batch_size: int = 500) -> int:
    """Rewrite every row's encrypted fields with the first of FIELD_ENCRYPTION_KEYS and its hashes
    with FIELD_HASH_KEY (key rotation); returns the number of rows. Each batch is one transaction."""
    encrypted, hashes = encrypted_fields(model), hash_fields(model)
    names = [f.attname for f in [*encrypted, *hashes]]
    if not names:
        return 0
    load = {*names, *(h.source for h in hashes)}
    rows, last = 0, None
    manager = model._base_manager
    while True:
        with transaction.atomic():
            batch = manager.order_by("pk").select_for_update().only(*load)
            if last is not None:
                batch = batch.filter(pk__gt=last)
            objects = list(batch[:batch_size])
            if not objects:
                return rows
            for obj in objects:
                for field in hashes:
                    setattr(obj, field.attname, field.value_for(obj))
            manager.bulk_update(objects, names)
        rows += len(objects)
        last = objects[-1].pk
