"""The read side of the registry: what each user may see, as querysets.

Every list, export and API listing starts from these functions. Who sees which unit and talent is
declared once, in registry/scopes.py: these lists and the view permissions (rules.py) are both
built from it, and tests/accounts/test_scope_parity.py holds them to the same answers.
"""

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core.crypto import blind_index
from yingcai.registry.domain.masking import mask_id_number
from yingcai.registry.models import Talent, Unit
from yingcai.registry.scopes import TALENT_SCOPE, UNIT_SCOPE
from yingcai.registry.scopes import current_affiliations as current_affiliations  # the apps above read it here
from yingcai.registry.scopes import units_in_jurisdiction_q as units_in_jurisdiction_q
from yingcai.registry.validators import normalize_id_number

ID_NUMBER_LENGTH = 18


def visible_units(user) -> QuerySet[Unit]:
    return UNIT_SCOPE.visible_to(user)


def visible_talents(user) -> QuerySet[Talent]:
    return TALENT_SCOPE.visible_to(user)


def talents_for_list(queryset: QuerySet[Talent]) -> QuerySet[Talent]:
    """What a talent table shows in a fixed number of queries, whatever the page size."""
    return queryset.select_related("tech_field", "chain").prefetch_related(
        Prefetch(
            "affiliations",
            queryset=current_affiliations().select_related("unit", "unit__county"),
            to_attr="current_affiliations",
        )
    )


def units_for_list(queryset: QuerySet[Unit]) -> QuerySet[Unit]:
    return queryset.select_related("county", "department").prefetch_related("chains", "clusters", "tech_fields")


def talents_with_id_number(queryset: QuerySet[Talent], value: str) -> QuerySet[Talent]:
    """The talents of `queryset` whose ID number is exactly `value` (spaces and a lower-case x
    allowed). The only way to find a person by ID number: the column is encrypted, so the lookup
    goes through its keyed hash."""
    number = normalize_id_number(value)
    if not number:
        return queryset.none()
    return queryset.filter(id_number_hash=blind_index(number))


def talents_with_id_numbers(queryset: QuerySet[Talent], values: Iterable[str]) -> QuerySet[Talent]:
    """talents_with_id_number for many numbers in one query (imports)."""
    numbers = {normalize_id_number(v) for v in values} - {""}
    return queryset.filter(id_number_hash__in=sorted(blind_index(n) for n in numbers))


def looks_like_id_number(text: str) -> bool:
    """Digits, perhaps ending in X: a whole or partial ID number, never a name or its pinyin."""
    key = (text or "").strip().replace(" ", "")
    return key.isascii() and bool(key) and (key.isdigit() or (len(key) > 1 and key[:-1].isdigit() and key[-1] in "xX"))


def id_search_refusal(*, by, text: str) -> str | None:
    """Why `by` may not search for `text`, in Chinese; None when they may (or it is no ID number).
    Only those who may see the ID numbers of the talents they list search by them (the office, a
    unit's staff): a county or department, which sees masked numbers, could otherwise confirm a
    guessed number."""
    if not looks_like_id_number(text):
        return None
    if by is None or not by.has_perm("registry.search_id_number"):
        return _("您无权按公民身份号码查询人才，请按姓名、拼音或首字母查询。")
    return None


def search_talents(queryset: QuerySet[Talent], text: str, *, by) -> QuerySet[Talent]:
    """Match a name in characters, in full pinyin, or by pinyin initials (zs finds 张三); a whole ID
    number only for those who may search by it (`id_search_refusal`), among the talents whose
    number they may see, and written to the audit log with the number masked."""
    text = (text or "").strip()
    if not text:
        return queryset
    if looks_like_id_number(text):
        key = text.replace(" ", "").upper()
        # Only a whole number finds a person by ID: partial numbers would let a user probe them.
        if id_search_refusal(by=by, text=key) is not None or len(key) != ID_NUMBER_LENGTH:
            return queryset.none()
        found = talents_with_id_number(queryset.filter(pk__in=visible_talents(by).values("pk")), key)
        record(
            actor=by,
            action=AuditAction.SEARCH_ID_NUMBER,
            changes={"id_number": mask_id_number(key), "found": found.count()},
        )
        return found
    if text.isascii():
        key = text.lower().replace(" ", "")
        return queryset.filter(Q(name_initials__startswith=key) | Q(name_pinyin__startswith=key))
    return queryset.filter(name__contains=text)


def search_units(queryset: QuerySet[Unit], text: str) -> QuerySet[Unit]:
    text = (text or "").strip()
    if not text:
        return queryset
    return queryset.filter(Q(name__contains=text) | Q(credit_code=text.upper()))
