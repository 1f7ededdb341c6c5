"""Which experts review which candidate.

Rules, in order of strength:

1. **Never** (回避): an expert linked to the candidate's unit (``unit_id`` or any of ``linked_units``:
   the caller decides what links an expert to a unit), linked to a co-applicant's unit
   (``related_units`` of the candidate), who is the candidate, was one of the candidate's
   co-applicants (by person id), or declared a conflict with the candidate.
2. **Match**: the expert's fields meet the candidate's fields, or the expert covers the candidate's
   industrial chain (7群12链). An expert who matches neither is not assigned.
3. **Load**: at most ``max_per_expert`` candidates each, and loads as even as the rules above allow
   (the lightest-loaded eligible expert is chosen first; a field match is preferred to a chain-only
   match only between experts of equal load).

The algorithm is a greedy by scarcity: candidates with the fewest eligible experts are served first,
each taking the ``per_candidate`` lightest-loaded eligible experts; then a rebalancing pass moves
assignments from the heaviest to lighter eligible experts while max − min load exceeds 1. Ties are
broken by a shuffle of the ids seeded with ``seed``, so the same input always gives the same
assignment. Eligibility is built from indexes (field, chain, unit, person), so the work is about
O(C·E) rather than O(C·E²): 500 candidates × 200 experts take milliseconds (bench/).

A candidate that can't get ``per_candidate`` eligible experts keeps those it got and is reported as
a `Shortfall` with the reason, never an exception: the talent office adds experts or lowers N.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

Id = Hashable


class Barrier(StrEnum):
    """Why an expert was not assigned to a candidate."""

    SAME_UNIT = "same_unit"
    CO_APPLICANT_UNIT = "co_applicant_unit"
    SELF = "self"
    CO_APPLICANT = "co_applicant"
    DECLARED = "declared_conflict"
    AT_CAP = "at_cap"


class Match(IntEnum):
    """Lower is better."""

    FIELD = 0
    CHAIN = 1


@dataclass(frozen=True)
class Expert:
    id: Id
    unit_id: Id | None
    fields: frozenset[str] = frozenset()
    chains: frozenset[str] = frozenset()
    person_id: Id | None = None  # the person behind the expert; defaults to ``id``
    linked_units: frozenset[Id] = frozenset()  # other units the expert is linked to (回避 like unit_id)

    @property
    def person(self) -> Id:
        return self.id if self.person_id is None else self.person_id

    @property
    def units(self) -> frozenset[Id]:
        return self.linked_units | ({self.unit_id} if self.unit_id is not None else frozenset())


@dataclass(frozen=True)
class Candidate:
    id: Id
    unit_id: Id | None
    fields: frozenset[str] = frozenset()
    chain: str | None = None
    person_id: Id | None = None  # the candidate as a person, in case they are also in the expert pool
    co_applicants: frozenset[Id] = frozenset()  # person ids
    related_units: frozenset[Id] = frozenset()  # the co-applicants' units (回避 as well)


@dataclass(frozen=True)
class Shortfall:
    candidate_id: Id
    needed: int
    assigned: int
    matching: int  # experts whose field or chain matches, before the 回避 rules and the cap
    barriers: Mapping[Barrier, int]  # matching experts set aside, by reason
    reason: str


@dataclass(frozen=True)
class AssignmentResult:
    assignments: dict[Id, tuple[Id, ...]]  # candidate → experts
    loads: dict[Id, int]  # every expert, 0 included
    shortfalls: tuple[Shortfall, ...] = ()

    def candidates_of(self, expert_id: Id) -> list[Id]:
        return [c for c, experts in self.assignments.items() if expert_id in experts]


@dataclass(frozen=True)
class Replacement:
    assignments: dict[Id, tuple[Id, ...]]
    removed: Id
    candidate_id: Id
    replacement: Id | None  # None: nobody eligible, see ``reason``
    conflicts: frozenset[tuple[Id, Id]]  # the declared conflicts, the new one included
    reason: str = ""


BARRIER_LABELS = {
    Barrier.SAME_UNIT: gettext_lazy("同单位"),
    Barrier.CO_APPLICANT_UNIT: gettext_lazy("共同申请人单位"),
    Barrier.SELF: gettext_lazy("本人"),
    Barrier.CO_APPLICANT: gettext_lazy("共同申请人"),
    Barrier.DECLARED: gettext_lazy("声明回避"),
    Barrier.AT_CAP: gettext_lazy("评审任务已满"),
}


def conflict_of(expert: Expert, candidate: Candidate, conflicts: Collection[tuple[Id, Id]]) -> Barrier | None:
    """The 回避 rule that forbids this pair, or None. Checked pair by pair (tests, the scoring page)."""
    if candidate.unit_id is not None and candidate.unit_id in expert.units:
        return Barrier.SAME_UNIT
    if expert.units & candidate.related_units:
        return Barrier.CO_APPLICANT_UNIT
    if candidate.person_id is not None and expert.person == candidate.person_id:
        return Barrier.SELF
    if expert.person in candidate.co_applicants:
        return Barrier.CO_APPLICANT
    if (expert.id, candidate.id) in conflicts:
        return Barrier.DECLARED
    return None


def match_of(expert: Expert, candidate: Candidate) -> Match | None:
    if expert.fields & candidate.fields:
        return Match.FIELD
    if candidate.chain is not None and candidate.chain in expert.chains:
        return Match.CHAIN
    return None


class _Pool:
    """Indexes over the experts, so a candidate's eligible experts are found without a scan."""

    def __init__(self, experts: Iterable[Expert], conflicts: Iterable[tuple[Id, Id]], seed: int) -> None:
        self.experts = {e.id: e for e in experts}
        self.by_field: dict[str, set[Id]] = defaultdict(set)
        self.by_chain: dict[str, set[Id]] = defaultdict(set)
        self.by_unit: dict[Id, set[Id]] = defaultdict(set)
        self.by_person: dict[Id, set[Id]] = defaultdict(set)
        for expert in self.experts.values():
            for name in expert.fields:
                self.by_field[name].add(expert.id)
            for name in expert.chains:
                self.by_chain[name].add(expert.id)
            for unit_id in expert.units:
                self.by_unit[unit_id].add(expert.id)
            self.by_person[expert.person].add(expert.id)
        self.declared: dict[Id, set[Id]] = defaultdict(set)  # candidate → experts
        for expert_id, candidate_id in conflicts:
            self.declared[candidate_id].add(expert_id)
        self.tiebreak = _shuffled_ranks(self.experts, seed)

    def eligible(self, candidate: Candidate) -> tuple[dict[Id, Match], Counter[Barrier]]:
        """Matching experts no 回避 rule forbids, with their match, and the count set aside per rule."""
        matching: dict[Id, Match] = {}
        for name in candidate.fields:
            for expert_id in self.by_field.get(name, ()):
                matching[expert_id] = Match.FIELD
        if candidate.chain is not None:
            for expert_id in self.by_chain.get(candidate.chain, ()):
                matching.setdefault(expert_id, Match.CHAIN)
        barred: Counter[Barrier] = Counter()
        # The same order as conflict_of, so each expert is counted under its first reason.
        rules = [
            (Barrier.SAME_UNIT, self.by_unit.get(candidate.unit_id, set()) if candidate.unit_id is not None else set()),
            (Barrier.CO_APPLICANT_UNIT, {e for u in candidate.related_units for e in self.by_unit.get(u, ())}),
            (
                Barrier.SELF,
                self.by_person.get(candidate.person_id, set()) if candidate.person_id is not None else set(),
            ),
            (Barrier.CO_APPLICANT, {e for p in candidate.co_applicants for e in self.by_person.get(p, ())}),
            (Barrier.DECLARED, self.declared.get(candidate.id, set())),
        ]
        for barrier, expert_ids in rules:
            for expert_id in expert_ids:
                if matching.pop(expert_id, None) is not None:
                    barred[barrier] += 1
        return matching, barred

    def preference(self, expert_id: Id, match: Match, loads: Mapping[Id, int]) -> tuple[int, int, int]:
        return (loads[expert_id], match, self.tiebreak[expert_id])


def assign_experts(
    *,
    candidates: Sequence[Candidate],
    experts: Sequence[Expert],
    per_candidate: int,
    max_per_expert: int,
    conflicts: Collection[tuple[Id, Id]] = frozenset(),
    seed: int = 0,
) -> AssignmentResult:
    """Assign ``per_candidate`` experts to every candidate; see the module docstring for the rules.

    ``conflicts``: declared conflicts as (expert id, candidate id) pairs.
    """
    pool = _Pool(experts, conflicts, seed)
    loads: dict[Id, int] = dict.fromkeys(pool.experts, 0)
    candidate_rank = _shuffled_ranks([c.id for c in candidates], seed + 1)
    eligible: dict[Id, dict[Id, Match]] = {}
    barred: dict[Id, Counter[Barrier]] = {}
    for candidate in candidates:
        eligible[candidate.id], barred[candidate.id] = pool.eligible(candidate)

    order = sorted(candidates, key=lambda c: (len(eligible[c.id]), candidate_rank[c.id]))
    assigned: dict[Id, list[Id]] = {}
    for candidate in order:
        options = eligible[candidate.id]
        open_experts = [e for e in options if loads[e] < max_per_expert]
        chosen = heapq.nsmallest(per_candidate, open_experts, key=lambda e: pool.preference(e, options[e], loads))
        for expert_id in chosen:
            loads[expert_id] += 1
        assigned[candidate.id] = chosen

    _rebalance(assigned, eligible, loads, pool, max_per_expert)
    # Rebalancing may have freed room on an expert a short candidate could use.
    for candidate in order:
        options = eligible[candidate.id]
        missing = per_candidate - len(assigned[candidate.id])
        if missing > 0:
            on_candidate = set(assigned[candidate.id])
            open_experts = [e for e in options if e not in on_candidate and loads[e] < max_per_expert]
            for expert_id in heapq.nsmallest(
                missing, open_experts, key=lambda e: pool.preference(e, options[e], loads)
            ):
                loads[expert_id] += 1
                assigned[candidate.id].append(expert_id)

    shortfalls = []
    for candidate in candidates:
        got = len(assigned[candidate.id])
        if got < per_candidate:
            counts = Counter(barred[candidate.id])
            at_cap = sum(1 for e in eligible[candidate.id] if e not in assigned[candidate.id])
            if at_cap:
                counts[Barrier.AT_CAP] = at_cap
            shortfalls.append(_shortfall(candidate, per_candidate, got, eligible[candidate.id], counts))
    ordered_assignments = {c.id: tuple(sorted(assigned[c.id])) for c in candidates}
    return AssignmentResult(ordered_assignments, loads, tuple(shortfalls))


def replace_expert(
    assignments: Mapping[Id, Sequence[Id]],
    *,
    expert_id: Id,
    candidate_id: Id,
    candidates: Sequence[Candidate],
    experts: Sequence[Expert],
    max_per_expert: int,
    conflicts: Collection[tuple[Id, Id]] = frozenset(),
    seed: int = 0,
) -> Replacement:
    """The expert declared a conflict with the candidate after assignment: take them off and put in
    the best eligible expert by the same rules (lightest load, then field before chain, then the
    seeded tie-break). Other candidates' assignments are untouched."""
    all_conflicts = frozenset(conflicts) | {(expert_id, candidate_id)}
    pool = _Pool(experts, all_conflicts, seed)
    candidate = next(c for c in candidates if c.id == candidate_id)
    new = {c: tuple(e for e in es if not (c == candidate_id and e == expert_id)) for c, es in assignments.items()}
    loads: dict[Id, int] = dict.fromkeys(pool.experts, 0)
    for experts_of_candidate in new.values():
        for e in experts_of_candidate:
            loads[e] += 1
    options, barred = pool.eligible(candidate)
    current = set(new.get(candidate_id, ()))
    free = [e for e in options if e not in current and loads[e] < max_per_expert]
    if not free:
        counts = Counter(barred)
        at_cap = sum(1 for e in options if e not in current)
        if at_cap:
            counts[Barrier.AT_CAP] = at_cap
        reason = _("没有可替换的专家：%(detail)s。") % {
            "detail": _barrier_text(len(options) + sum(barred.values()), counts)
        }
        return Replacement(new, expert_id, candidate_id, None, all_conflicts, reason)
    best = min(free, key=lambda e: pool.preference(e, options[e], loads))
    new[candidate_id] = (*new.get(candidate_id, ()), best)
    return Replacement(new, expert_id, candidate_id, best, all_conflicts)


def add_experts(
    assignments: Mapping[Id, Sequence[Id]],
    *,
    candidate_id: Id,
    per_candidate: int,
    candidates: Sequence[Candidate],
    experts: Sequence[Expert],
    max_per_expert: int,
    conflicts: Collection[tuple[Id, Id]] = frozenset(),
    seed: int = 0,
) -> AssignmentResult:
    """Give one candidate (one that came in after the assignment, e.g. resubmitted after a
    correction) experts up to ``per_candidate``, by the same rules as `assign_experts` and without
    touching the others' assignments. A shortfall is reported, never raised."""
    pool = _Pool(experts, conflicts, seed)
    candidate = next(c for c in candidates if c.id == candidate_id)
    new = {c: tuple(es) for c, es in assignments.items()}
    loads: dict[Id, int] = dict.fromkeys(pool.experts, 0)
    for experts_of_candidate in new.values():
        for e in experts_of_candidate:
            if e in loads:
                loads[e] += 1
    options, barred = pool.eligible(candidate)
    current = list(new.get(candidate_id, ()))
    free = [e for e in options if e not in current and loads[e] < max_per_expert]
    missing = max(per_candidate - len(current), 0)
    chosen = heapq.nsmallest(missing, free, key=lambda e: pool.preference(e, options[e], loads))
    for expert_id in chosen:
        loads[expert_id] += 1
    new[candidate_id] = tuple(sorted([*current, *chosen]))
    shortfalls: tuple[Shortfall, ...] = ()
    got = len(new[candidate_id])
    if got < per_candidate:
        counts = Counter(barred)
        at_cap = sum(1 for e in options if e not in new[candidate_id])
        if at_cap:
            counts[Barrier.AT_CAP] = at_cap
        shortfalls = (_shortfall(candidate, per_candidate, got, options, counts),)
    return AssignmentResult(new, loads, shortfalls)


def _rebalance(
    assigned: dict[Id, list[Id]],
    eligible: Mapping[Id, Mapping[Id, Match]],
    loads: dict[Id, int],
    pool: _Pool,
    max_per_expert: int,
) -> None:
    """Move single assignments from heavy to light experts while that narrows max − min load.

    Each move lowers Σ load², so the loop ends; a pass that finds no move ends it too.
    """
    holders: dict[Id, list[Id]] = defaultdict(list)
    for candidate_id, experts in assigned.items():
        for e in experts:
            holders[e].append(candidate_id)
    while True:
        low = min(loads.values(), default=0)
        high = max(loads.values(), default=0)
        if high - low <= 1:
            return
        moved = False
        heavy_first = sorted((e for e in loads if loads[e] >= low + 2), key=lambda e: (-loads[e], pool.tiebreak[e]))
        for heavy in heavy_first:
            for candidate_id in holders[heavy]:
                on_candidate = set(assigned[candidate_id])
                options = eligible[candidate_id]
                lighter = [
                    e
                    for e in options
                    if e not in on_candidate and loads[e] <= loads[heavy] - 2 and loads[e] < max_per_expert
                ]
                if not lighter:
                    continue
                light = min(lighter, key=lambda e: pool.preference(e, options[e], loads))
                assigned[candidate_id][assigned[candidate_id].index(heavy)] = light
                holders[heavy].remove(candidate_id)
                holders[light].append(candidate_id)
                loads[heavy] -= 1
                loads[light] += 1
                moved = True
                break
            if moved:
                break
        if not moved:
            return


def _shortfall(
    candidate: Candidate, needed: int, got: int, options: Mapping[Id, Match], counts: Counter[Barrier]
) -> Shortfall:
    matching = len(options) + sum(n for b, n in counts.items() if b != Barrier.AT_CAP)
    reason = _("需要%(needed)s位专家，只分配到%(got)s位：%(detail)s。") % {
        "needed": needed,
        "got": got,
        "detail": _barrier_text(matching, counts),
    }
    return Shortfall(candidate.id, needed, got, matching, dict(counts), reason)


def _barrier_text(matching: int, counts: Mapping[Barrier, int]) -> str:
    parts = [_("领域或产业链匹配的专家%(n)s位") % {"n": matching}]
    parts += [_("%(label)s%(n)s位") % {"label": BARRIER_LABELS[b], "n": counts[b]} for b in Barrier if counts.get(b)]
    return "，".join(parts)


def _shuffled_ranks(ids: Iterable[Id], seed: int) -> dict[Id, int]:
    """A seeded, input-order-independent tie-break: sort the ids, shuffle them with the seed."""
    ordered = sorted(ids)
    random.Random(seed).shuffle(ordered)  # noqa: S311 — a tie-break, not a secret
    return {identifier: rank for rank, identifier in enumerate(ordered)}


__all__ = [
    "AssignmentResult",
    "Barrier",
    "Candidate",
    "Expert",
    "Match",
    "Replacement",
    "Shortfall",
    "add_experts",
    "assign_experts",
    "conflict_of",
    "match_of",
    "replace_expert",
]
