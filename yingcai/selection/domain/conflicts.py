"""Conflicts of interest (回避), from every record the platform holds: which units an expert is
linked to, which units a nomination stands for, and why each expert is kept off each nomination.

An expert is linked to a unit by
- the employer chosen from the registry (``Expert.employer``);
- an employer typed as text (``employer_name``) that names a registered unit: the same name (spaces
  and full-width/half-width brackets ignored) or its 统一社会信用代码;
- a current affiliation of the expert's own talent record (an expert who is also a talent here).

A nomination stands for its nominating unit and for the current units of its co-applicants. The
review engine (`yingcai.review.engine.assignment`) applies the rules from these sets; this module
also writes the reasons the office reads on the round page (回避情况).
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingcai.registry.domain.queries import current_affiliations
from yingcai.registry.models import Unit
from yingcai.selection.enums import IN_REVIEW_STATES, AssignmentState
from yingcai.selection.models import Assignment, Expert, Nomination, SelectionRound

CREDIT_CODE_RE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]"})


class LinkSource(StrEnum):
    EMPLOYER = "employer"
    TYPED_EMPLOYER = "typed_employer"
    TALENT_RECORD = "talent_record"


LINK_LABELS = {
    LinkSource.EMPLOYER: gettext_lazy("专家库登记的工作单位"),
    LinkSource.TYPED_EMPLOYER: gettext_lazy("专家填写的工作单位（与登记单位同名或同信用代码）"),
    LinkSource.TALENT_RECORD: gettext_lazy("专家本人人才档案的任职单位"),
}


@dataclass(frozen=True)
class UnitLink:
    unit_id: int
    unit_name: str
    source: LinkSource

    @property
    def label(self) -> str:
        return str(LINK_LABELS[self.source])


@dataclass(frozen=True)
class Exclusion:
    """One expert kept off one nomination, with every reason that applies."""

    expert: Expert
    nomination: Nomination
    reasons: tuple[str, ...]


def normalise_unit_name(name: str) -> str:
    return re.sub(r"\s+", "", (name or "").translate(_BRACKETS))


def match_registered_unit(text: str) -> Unit | None:
    """The registered unit a typed employer names: by its credit code (anywhere in the text) or by
    its exact name (spaces and bracket widths ignored). None when nothing or more than one matches."""
    text = (text or "").strip()
    if not text:
        return None
    unit_id = _lookup(_typed_index(), text)
    return Unit.objects.filter(pk=unit_id).first() if unit_id else None


def _lookup(index: dict[str, int], text: str) -> int | None:
    code = CREDIT_CODE_RE.search(text.upper())
    return (index.get(code.group(0)) if code else None) or index.get(normalise_unit_name(text))


def _typed_index() -> dict[str, int]:
    """Normalised name or credit code → unit id, only for keys that name one unit (names are not
    unique in the registry; only an unambiguous match links)."""
    index: dict[str, list[int]] = defaultdict(list)
    for pk, name, code in Unit.objects.values_list("pk", "name", "credit_code"):
        index[normalise_unit_name(name)].append(pk)
        index[code].append(pk)
    return {key: ids[0] for key, ids in index.items() if len(set(ids)) == 1}


def expert_unit_links(experts: Iterable[Expert]) -> dict[int, list[UnitLink]]:
    """Expert id → the units the expert is linked to, each with the record that links it."""
    experts = list(experts)
    links: dict[int, list[UnitLink]] = {e.pk: [] for e in experts}
    names = {}
    typed = [e for e in experts if e.employer_name.strip()]
    index = _typed_index() if typed else {}
    talent_of = {e.talent_id: e.pk for e in experts if e.talent_id}
    affiliations = (
        list(current_affiliations().filter(talent_id__in=talent_of).values_list("talent_id", "unit_id"))
        if talent_of
        else []
    )
    wanted = {e.employer_id for e in experts if e.employer_id} | {u for _t, u in affiliations}
    for e in typed:
        unit_id = _lookup(index, e.employer_name)
        if unit_id:
            wanted.add(unit_id)
            names[("typed", e.pk)] = unit_id
    unit_names = dict(Unit.objects.filter(pk__in=wanted).values_list("pk", "name"))
    for e in experts:
        seen = set()
        if e.employer_id:
            links[e.pk].append(UnitLink(e.employer_id, unit_names.get(e.employer_id, ""), LinkSource.EMPLOYER))
            seen.add(e.employer_id)
        typed_unit = names.get(("typed", e.pk))
        if typed_unit and typed_unit not in seen:
            links[e.pk].append(UnitLink(typed_unit, unit_names.get(typed_unit, ""), LinkSource.TYPED_EMPLOYER))
            seen.add(typed_unit)
    for talent_id, unit_id in affiliations:
        expert_id = talent_of[talent_id]
        if all(link.unit_id != unit_id for link in links[expert_id]):
            links[expert_id].append(UnitLink(unit_id, unit_names.get(unit_id, ""), LinkSource.TALENT_RECORD))
    return links


def co_applicant_units(nominations: Iterable[Nomination]) -> dict[int, dict[int, list[str]]]:
    """Nomination id → {unit id: names of the co-applicants working there now}."""
    nominations = list(nominations)
    through = Nomination.co_applicants.through
    pairs = list(
        through.objects.filter(nomination_id__in=[n.pk for n in nominations]).values_list(
            "nomination_id", "talent_id", "talent__name"
        )
    )
    units_of: dict[int, set[int]] = defaultdict(set)
    for talent_id, unit_id in (
        current_affiliations().filter(talent_id__in={t for _n, t, _name in pairs}).values_list("talent_id", "unit_id")
    ):
        units_of[talent_id].add(unit_id)
    result: dict[int, dict[int, list[str]]] = {n.pk: defaultdict(list) for n in nominations}
    for nomination_id, talent_id, name in pairs:
        for unit_id in units_of[talent_id]:
            result[nomination_id][unit_id].append(name)
    return {k: dict(v) for k, v in result.items()}


def _pair_reasons(
    expert: Expert,
    nomination: Nomination,
    links: list[UnitLink],
    co_units: dict[int, list[str]],
    co_people: set[int],
    declared: dict[tuple[int, int], str],
) -> list[str]:
    reasons = []
    for link in links:
        if link.unit_id == nomination.unit_id:
            reasons.append(
                _("%(source)s“%(unit)s”即推荐单位") % {"source": link.label, "unit": link.unit_name or nomination.unit}
            )
        if link.unit_id in co_units:
            reasons.append(
                _("%(source)s“%(unit)s”是共同申请人%(names)s的单位")
                % {"source": link.label, "unit": link.unit_name, "names": "、".join(co_units[link.unit_id])}
            )
    if expert.talent_id and expert.talent_id == nomination.talent_id:
        reasons.append(_("专家即被推荐人本人"))
    if expert.talent_id and expert.talent_id in co_people:
        reasons.append(_("专家是本推荐的共同申请人"))
    if (expert.pk, nomination.pk) in declared:
        reasons.append(_("专家声明回避：%(reason)s") % {"reason": declared[(expert.pk, nomination.pk)]})
    return reasons


def round_exclusions(*, by, round: SelectionRound) -> list[Exclusion]:
    """Every (expert of the pool, nomination under review) pair that a 回避 rule forbids, with all
    its reasons: what the office reads on the round page. The office only."""
    if not by.has_perm("selection.view_conflicts"):
        raise PermissionDenied(_("只有市委人才办可以查看回避情况。"))
    nominations = list(
        Nomination.objects.filter(round=round, state__in=IN_REVIEW_STATES)
        .select_related("talent", "unit")
        .prefetch_related("co_applicants")
        .order_by("pk")
    )
    declared = dict(
        ((e, n), why)
        for e, n, why in Assignment.objects.filter(
            nomination__round=round, state=AssignmentState.CONFLICT_DECLARED
        ).values_list("expert_id", "nomination_id", "conflict_reason")
    )
    experts = list(Expert.objects.filter(is_active=True) | Expert.objects.filter(pk__in=[e for e, _n in declared]))
    links = expert_unit_links(experts)
    co_units = co_applicant_units(nominations)
    found = []
    for nomination in nominations:
        co_people = {c.pk for c in nomination.co_applicants.all()}
        for expert in experts:
            reasons = _pair_reasons(
                expert, nomination, links[expert.pk], co_units.get(nomination.pk, {}), co_people, declared
            )
            if reasons:
                found.append(Exclusion(expert, nomination, tuple(reasons)))
    return found
