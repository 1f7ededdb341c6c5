"""What the data migrations that encrypt existing columns share (yingcai/core/crypto.py).

They run between two schema migrations: the first turns the clear columns into plain text columns
(and adds the hash columns, nullable), `encrypt_columns` rewrites every row, and the last declares
the encrypted fields. `decrypt_columns` undoes it, so the migrations are reversible.
"""

from yingcai.core.crypto import blind_index, decrypt, encrypt

BATCH = 500


def _rewrite(model, fields: list[str], hashes: dict[str, str], convert) -> None:
    columns = [*fields, *hashes]
    batch = []
    for row in model.objects.only("pk", *columns).order_by("pk").iterator(chunk_size=BATCH):
        clear = {}
        for name in fields:
            value = getattr(row, name)
            clear[name], converted = convert(value)
            setattr(row, name, converted)
        for hash_name, source in hashes.items():
            plain = clear[source]
            setattr(row, hash_name, blind_index(plain) if plain else None)
        batch.append(row)
        if len(batch) >= BATCH:
            model.objects.bulk_update(batch, columns)
            batch = []
    if batch:
        model.objects.bulk_update(batch, columns)


def _encrypted(value):
    return value, (None if value is None else encrypt(value))


def _decrypted(value):
    if value is None:
        return None, None
    plain = decrypt(value)
    return plain, plain


def encrypt_columns(model, fields: list[str], hashes: dict[str, str] | None = None) -> None:
    """Encrypt `fields` of every row of the historical `model`, and set each hash field of `hashes`
    ({hash field: source field}) from its source's clear value."""
    _rewrite(model, fields, hashes or {}, _encrypted)


def decrypt_columns(model, fields: list[str]) -> None:
    """Back to clear text (the reverse migration)."""
    _rewrite(model, fields, {}, _decrypted)
