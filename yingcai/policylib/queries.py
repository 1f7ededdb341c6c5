"""The read side of the policy library: which policies a reader may see, search, and how a text
is laid out for reading. Object checks in rules.py agree with `visible_policies`."""

import re
from dataclasses import dataclass

from django.db.models import Count, DateField, Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate

from yingcai.policylib.enums import PolicyLevel
from yingcai.policylib.models import Policy
from yingcai.policylib.scopes import POLICY_SCOPE
from yingcai.registry.enums import TERRITORIAL_KINDS

_OPENING_BRACKETS = "[［【〔(（"
_CLOSING_BRACKETS = "]］】〕)）"
_BRACKETS = str.maketrans(_OPENING_BRACKETS + _CLOSING_BRACKETS, "〔" * 6 + "〕" * 6)


def normalize_document_number(text: str) -> str:
    """平人才[2024]2号 and 平人才（2024）2号 are 平人才〔2024〕2号: the year of a 发文字号 is in
    hexagonal brackets (GB/T 9704), whatever the typist's keyboard offered."""
    return re.sub(r"\s+", "", (text or "").translate(_BRACKETS))


def visible_policies(user) -> QuerySet[Policy]:
    """Published policies for everyone; drafts only for those who may edit them (scopes.py)."""
    return POLICY_SCOPE.visible_to(user)


def policies_for_list(queryset: QuerySet[Policy]) -> QuerySet[Policy]:
    """What a policy table shows, in one query. A policy whose text gives no date sorts by the day
    it entered the library, so it does not jump to either end of the list."""
    return (
        queryset.select_related("region")
        .annotate(attachment_count=Count("attachments"))
        .annotate(sort_date=Coalesce("issued_on", TruncDate("created_at"), output_field=DateField()))
    )


def search_policies(queryset: QuerySet[Policy], text: str) -> QuerySet[Policy]:
    """Match the title, the document number or anywhere in the full text."""
    text = (text or "").strip()
    if not text:
        return queryset
    number = normalize_document_number(text)
    return queryset.filter(
        Q(title__icontains=text)
        | Q(document_number__icontains=number)
        | Q(full_text__icontains=text)
        | Q(full_text__icontains=number)
    )


def level_q(level: str) -> Q:
    county = Q(region__kind__in=TERRITORIAL_KINDS)
    return county if level == PolicyLevel.COUNTY else ~county | Q(region__isnull=True)


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str  # "chapter" (第一章 …), "article" (第一条 …) or "text"
    anchor: str = ""  # an article's number, 第九条

    @property
    def body(self) -> str:
        """The paragraph after its article number, so the number can be set apart."""
        return self.text[len(self.anchor) :]


_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零〇\d]+章")
_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零〇\d]+条)")


def paragraphs(full_text: str) -> list[Paragraph]:
    """The text as the paragraphs of an official document: one per line, blank lines dropped.
    Chapters become headings; articles get an anchor (#第九条) that other pages can link to."""
    result = []
    for line in (full_text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if _CHAPTER.match(line):
            result.append(Paragraph(line, "chapter"))
        elif match := _ARTICLE.match(line):
            result.append(Paragraph(line, "article", match.group(1)))
        else:
            result.append(Paragraph(line, "text"))
    return result
