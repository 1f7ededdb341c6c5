"""From score sheets to one score per candidate, a ranking, and the reasons for both.

Each expert scores every criterion 0–100; the sheet's **weighted total** is Σ weight × score / 100
(weights are percentages summing to 100, see `criteria`), so it is on 0–100 too.

A candidate's score is then, as the round chooses:

- ``mean``: the plain mean of the counted totals;
- ``trimmed_mean``: with at least ``trim_min_scores`` totals (5 unless the rules say otherwise), one
  highest and one lowest are dropped and the rest averaged; with fewer, the plain mean (the
  explanation says so);
- ``standardised``: every expert's totals are turned into z-scores over all candidates that expert
  validly scored (population standard deviation), so a harsh or lenient expert weighs like any
  other; the candidate's score is the mean of its z-scores, optionally mapped to ``centre +
  spread × z`` (e.g. 75 + 10 × z) so it reads like a mark. An expert who validly scored a single
  candidate, or gave every candidate the same total, tells nothing about relative standing: their
  z is **0** (neutral, still counted) and the explanation names them.

Sheets that are not counted are excluded and reported, never silently dropped: a sheet of a
withdrawn expert (withdrawn experts are also left out of every standardisation), a sheet assigned
but not scored (``scores=None``), a sheet with criteria left blank.

Scores and medians are rounded to ``places`` (0.0001) and compared at that precision. Ranking:
higher score first; tie-break 1, higher median of the counted values (totals, or z / mapped z when
standardised, before any trimming); tie-break 2, more counted scores; candidates still equal share
the same rank (1, 2, 2, 4) and are listed by candidate id. The talent office decides the shortlist
from the ranking; the engine never cuts it.

Spread: a candidate is flagged for discussion when max − min of its counted totals exceeds
``spread_limit`` or their population standard deviation exceeds ``stdev_limit`` (strictly: equal
to the limit is not flagged). Both are on the raw totals, whatever the method.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from yingcai.core.decisions import Condition, Decision, Text

from .criteria import WEIGHT_TOTAL, Criterion

Id = Hashable
PLACES = Decimal("0.0001")
SCORE_MIN = Decimal(0)
SCORE_MAX = Decimal(100)


class AggregationMethod(StrEnum):
    MEAN = "mean"
    TRIMMED_MEAN = "trimmed_mean"
    STANDARDISED = "standardised"


class ExclusionReason(StrEnum):
    WITHDRAWN = "withdrawn"
    NOT_SCORED = "not_scored"
    INCOMPLETE = "incomplete"


class TieRule(StrEnum):
    """What put a candidate below the one ranked just above it."""

    SCORE = "score"
    MEDIAN = "median"
    SCORE_COUNT = "score_count"
    TIE = "tie"  # nothing did: same rank


@dataclass(frozen=True)
class ScoreSheet:
    """One expert's sheet for one candidate; ``scores=None`` while assigned but not scored."""

    expert_id: Id
    candidate_id: Id
    scores: Mapping[str, Decimal] | None = None


@dataclass(frozen=True)
class StandardScale:
    """Maps a z-score back to a mark: ``centre + spread × z``."""

    centre: Decimal = Decimal(75)
    spread: Decimal = Decimal(10)


@dataclass(frozen=True)
class Exclusion:
    expert_id: Id
    candidate_id: Id
    reason: ExclusionReason
    message: str


@dataclass(frozen=True)
class CountedScore:
    expert_id: Id
    total: Decimal  # weighted total of the sheet, 0–100
    value: Decimal  # what enters the score: the total, or the z-score (mapped when a scale is set)


@dataclass(frozen=True)
class DroppedScore:
    expert_id: Id
    total: Decimal
    why: str  # "highest" | "lowest"


@dataclass(frozen=True)
class Explanation:
    method: AggregationMethod
    counted: tuple[CountedScore, ...]
    dropped: tuple[DroppedScore, ...] = ()
    excluded: tuple[Exclusion, ...] = ()
    neutral_experts: tuple[Id, ...] = ()  # standardised: experts whose z was set to 0, see module doc
    notes: tuple[str, ...] = ()  # the same, in sentences for the page

    @property
    def decision(self) -> Decision:
        """Which sheets the score counts, as the platform's one decision type (core.decisions): one
        condition per sheet (labelled by expert id), passed when its total enters the score; the
        verdict is whether the candidate is ranked at all."""
        dropped = {d.expert_id: d for d in self.dropped}
        conditions = []
        for score in self.counted:
            values = {"total": f"{score.total.quantize(PLACES)}"}
            if score.expert_id in dropped:
                why = (
                    gettext_noop("去掉最高分")
                    if dropped[score.expert_id].why == "highest"
                    else gettext_noop("去掉最低分")
                )
                detail = Text(gettext_noop("总分%(total)s，%(why)s，不计入得分。"), {**values, "why": Text(why)})
            elif score.expert_id in self.neutral_experts:
                detail = Text(gettext_noop("总分%(total)s，无法标准化，按0（平均水平）计入得分。"), values)
            else:
                detail = Text(gettext_noop("总分%(total)s，计入得分。"), values)
            label = Text(gettext_noop("专家%(expert)s"), {"expert": str(score.expert_id)})
            conditions.append(Condition.of("counted", label, score.expert_id not in dropped, detail, ""))
        for exclusion in self.excluded:
            label = Text(gettext_noop("专家%(expert)s"), {"expert": str(exclusion.expert_id)})
            conditions.append(
                Condition(exclusion.reason.value, label.render(), False, exclusion.message, "", label_text=label)
            )
        return Decision(bool(self.counted), tuple(conditions))


@dataclass(frozen=True)
class CandidateResult:
    candidate_id: Id
    score: Decimal | None  # None: no counted score, not ranked
    median: Decimal | None
    score_count: int
    spread: Decimal | None  # max − min of counted totals
    stdev: Decimal | None  # population standard deviation of counted totals
    flagged: bool
    flag_reasons: tuple[str, ...]
    explanation: Explanation
    rank: int | None = None
    decided_by: TieRule | None = None  # None for the first, and for unranked candidates
    tied_with: tuple[Id, ...] = ()


@dataclass(frozen=True)
class AggregationResult:
    method: AggregationMethod
    candidates: tuple[CandidateResult, ...]  # ranking order, unranked candidates last
    excluded: tuple[Exclusion, ...] = field(default=())

    def by_candidate(self) -> dict[Id, CandidateResult]:
        return {c.candidate_id: c for c in self.candidates}


def weighted_total(criteria: Sequence[Criterion], scores: Mapping[str, Decimal]) -> Decimal:
    """Σ weight × score / 100 over every criterion. Raises ValueError on a criterion left blank,
    an unknown criterion or a score outside 0–100 (the scoring form refuses those first)."""
    codes = {c.code for c in criteria}
    unknown = set(scores) - codes
    if unknown:
        raise ValueError(f"unknown criteria: {sorted(unknown)}")
    missing = codes - set(scores)
    if missing:
        raise ValueError(f"criteria not scored: {sorted(missing)}")
    total = Decimal(0)
    for criterion in criteria:
        score = Decimal(scores[criterion.code])
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise ValueError(f"score {score} of {criterion.code} outside {SCORE_MIN}–{SCORE_MAX}")
        total += criterion.weight * score
    return total / WEIGHT_TOTAL


def aggregate(
    sheets: Iterable[ScoreSheet],
    *,
    criteria: Sequence[Criterion],
    method: AggregationMethod | str,
    withdrawn_experts: Collection[Id] = (),
    candidate_ids: Iterable[Id] = (),
    trim_min_scores: int = 5,
    spread_limit: Decimal | None = None,
    stdev_limit: Decimal | None = None,
    scale: StandardScale | None = None,
    places: Decimal = PLACES,
) -> AggregationResult:
    """Score and rank every candidate that has a sheet (plus ``candidate_ids`` without any).

    See the module docstring for the methods, the exclusions, the spread flag and the tie rules.
    """
    method = AggregationMethod(method)
    withdrawn = set(withdrawn_experts)
    codes = {c.code for c in criteria}
    totals: dict[Id, dict[Id, Decimal]] = defaultdict(dict)  # candidate → expert → total
    excluded: dict[Id, list[Exclusion]] = defaultdict(list)
    seen: set[tuple[Id, Id]] = set()
    for sheet in sheets:
        key = (sheet.expert_id, sheet.candidate_id)
        if key in seen:
            raise ValueError(f"two sheets of expert {sheet.expert_id!r} for candidate {sheet.candidate_id!r}")
        seen.add(key)
        totals[sheet.candidate_id]  # every candidate with a sheet is listed, even with none counted
        exclusion = _exclusion(sheet, withdrawn, codes)
        if exclusion is not None:
            excluded[sheet.candidate_id].append(exclusion)
        else:
            assert sheet.scores is not None
            totals[sheet.candidate_id][sheet.expert_id] = weighted_total(criteria, sheet.scores)
    for candidate_id in candidate_ids:
        totals[candidate_id]

    values, neutral = _values(totals, method, scale)
    results = []
    for candidate_id, by_expert in totals.items():
        results.append(
            _candidate_result(
                candidate_id,
                by_expert,
                values.get(candidate_id, {}),
                method=method,
                excluded=tuple(excluded[candidate_id]),
                neutral=neutral,
                trim_min_scores=trim_min_scores,
                spread_limit=spread_limit,
                stdev_limit=stdev_limit,
                places=places,
            )
        )
    ranked = _rank([r for r in results if r.score is not None])
    unranked = sorted((r for r in results if r.score is None), key=lambda r: r.candidate_id)
    all_excluded = tuple(e for r in results for e in r.explanation.excluded)
    return AggregationResult(method=method, candidates=(*ranked, *unranked), excluded=all_excluded)


def _exclusion(sheet: ScoreSheet, withdrawn: set[Id], codes: set[str]) -> Exclusion | None:
    def make(reason: ExclusionReason, message: str) -> Exclusion:
        return Exclusion(sheet.expert_id, sheet.candidate_id, reason, message)

    if sheet.expert_id in withdrawn:
        return make(ExclusionReason.WITHDRAWN, _("专家已退出评审，其评分不计入。"))
    if sheet.scores is None:
        return make(ExclusionReason.NOT_SCORED, _("专家已分配但未评分，不计入。"))
    blank = codes - set(sheet.scores)
    if blank:
        return make(
            ExclusionReason.INCOMPLETE, _("评分表缺少指标%(codes)s，不计入。") % {"codes": "、".join(sorted(blank))}
        )
    return None


def _values(
    totals: Mapping[Id, Mapping[Id, Decimal]], method: AggregationMethod, scale: StandardScale | None
) -> tuple[dict[Id, dict[Id, Decimal]], dict[Id, str]]:
    """What enters each candidate's score per expert, and the experts set to neutral with why."""
    if method != AggregationMethod.STANDARDISED:
        return {c: dict(by_expert) for c, by_expert in totals.items()}, {}
    by_expert: dict[Id, dict[Id, Decimal]] = defaultdict(dict)
    for candidate_id, expert_totals in totals.items():
        for expert_id, total in expert_totals.items():
            by_expert[expert_id][candidate_id] = total
    values: dict[Id, dict[Id, Decimal]] = defaultdict(dict)
    neutral: dict[Id, str] = {}
    for expert_id, candidate_totals in by_expert.items():
        mean, sd = _mean_sd(list(candidate_totals.values()))
        if len(candidate_totals) < 2:
            neutral[expert_id] = _("专家%(expert)s只评了一位候选人，无法标准化，按0（平均水平）计。") % {
                "expert": expert_id
            }
        elif sd == 0:
            neutral[expert_id] = _("专家%(expert)s给所有候选人的总分相同，无法标准化，按0（平均水平）计。") % {
                "expert": expert_id
            }
        for candidate_id, total in candidate_totals.items():
            z = Decimal(0) if expert_id in neutral else (total - mean) / sd
            values[candidate_id][expert_id] = z if scale is None else scale.centre + scale.spread * z
    return values, neutral


def _candidate_result(
    candidate_id: Id,
    totals: Mapping[Id, Decimal],
    values: Mapping[Id, Decimal],
    *,
    method: AggregationMethod,
    excluded: tuple[Exclusion, ...],
    neutral: Mapping[Id, str],
    trim_min_scores: int,
    spread_limit: Decimal | None,
    stdev_limit: Decimal | None,
    places: Decimal,
) -> CandidateResult:
    counted = tuple(CountedScore(e, totals[e], values[e]) for e in sorted(totals))
    notes: list[str] = [e.message for e in excluded]
    neutral_here = tuple(e for e in sorted(totals) if e in neutral)
    notes += [neutral[e] for e in neutral_here]
    if not counted:
        notes.append(_("没有有效评分，不参加排名。"))
        explanation = Explanation(method, (), (), excluded, (), tuple(notes))
        return CandidateResult(candidate_id, None, None, 0, None, None, False, (), explanation)

    kept = list(counted)
    dropped: tuple[DroppedScore, ...] = ()
    if method == AggregationMethod.TRIMMED_MEAN:
        if len(counted) >= trim_min_scores:
            # Equal totals: which expert's is dropped doesn't change the score; the id makes it stable.
            ordered = sorted(counted, key=lambda s: (s.total, s.expert_id))
            low, high = ordered[0], ordered[-1]
            dropped = (
                DroppedScore(high.expert_id, high.total, "highest"),
                DroppedScore(low.expert_id, low.total, "lowest"),
            )
            kept = [s for s in counted if s.expert_id not in (low.expert_id, high.expert_id)]
            notes.append(
                _("去掉一个最高分（专家%(high)s，%(high_total)s）和一个最低分（专家%(low)s，%(low_total)s）。")
                % {
                    "high": high.expert_id,
                    "high_total": _q(high.total, places),
                    "low": low.expert_id,
                    "low_total": _q(low.total, places),
                }
            )
        else:
            notes.append(
                _("有效评分%(n)s个，不足%(min)s个，不去掉最高分和最低分，取平均。")
                % {"n": len(counted), "min": trim_min_scores}
            )

    score = _q(sum((s.value for s in kept), Decimal(0)) / len(kept), places)
    median = _q(_median([s.value for s in counted]), places)
    raw = [s.total for s in counted]
    spread = max(raw) - min(raw)
    stdev = _mean_sd(raw)[1]
    flag_reasons: list[str] = []
    if spread_limit is not None and spread > spread_limit:
        flag_reasons.append(
            _("最高分与最低分相差%(spread)s，超过%(limit)s，提请讨论。")
            % {"spread": _q(spread, places), "limit": spread_limit}
        )
    if stdev_limit is not None and stdev > stdev_limit:
        flag_reasons.append(
            _("评分标准差%(sd)s，超过%(limit)s，提请讨论。") % {"sd": _q(stdev, places), "limit": stdev_limit}
        )
    explanation = Explanation(method, counted, dropped, excluded, neutral_here, tuple(notes))
    return CandidateResult(
        candidate_id,
        score,
        median,
        len(counted),
        spread,
        stdev,
        bool(flag_reasons),
        tuple(flag_reasons),
        explanation,
    )


def _rank(results: list[CandidateResult]) -> list[CandidateResult]:
    ordered = sorted(results, key=lambda r: (-r.score, -r.median, -r.score_count, r.candidate_id))  # type: ignore[operator]
    ranks: list[int] = []
    rules: list[TieRule | None] = []
    for i, result in enumerate(ordered):
        if i == 0:
            ranks.append(1)
            rules.append(None)
            continue
        above = ordered[i - 1]
        if result.score != above.score:
            rule = TieRule.SCORE
        elif result.median != above.median:
            rule = TieRule.MEDIAN
        elif result.score_count != above.score_count:
            rule = TieRule.SCORE_COUNT
        else:
            rule = TieRule.TIE
        ranks.append(ranks[-1] if rule == TieRule.TIE else i + 1)
        rules.append(rule)
    by_rank: dict[int, list[Id]] = defaultdict(list)
    for rank, result in zip(ranks, ordered, strict=True):
        by_rank[rank].append(result.candidate_id)
    return [
        replace(
            result,
            rank=rank,
            decided_by=rule,
            tied_with=tuple(c for c in by_rank[rank] if c != result.candidate_id),
        )
        for result, rank, rule in zip(ordered, ranks, rules, strict=True)
    ]


def _mean_sd(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """Mean and population standard deviation (÷ n: the experts' scores are the whole population)."""
    n = len(values)
    mean = sum(values, Decimal(0)) / n
    variance = sum(((v - mean) ** 2 for v in values), Decimal(0)) / n
    return mean, variance.sqrt()


def _median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _q(value: Decimal, places: Decimal) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)
