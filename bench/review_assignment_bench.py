"""Benchmark of the expert-review engine (issue 5): assignment and aggregation, no database.

    .venv/bin/python bench/review_assignment_bench.py [--candidates 500] [--experts 200] [--per-candidate 5]

Random but seeded: experts and candidates spread over 40 units, 1–2 of 8 fields and 0–1 of 12
chains each, 0–3 co-applicants per candidate drawn from the pool, ~2% of (expert, candidate) pairs
declared conflicts. Times assigning N experts to each candidate (and one replacement), then
aggregating the resulting score sheets (6 criteria) by each method. Target: well under a few seconds.
"""

import argparse
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingcai.settings")

import django  # noqa: E402

django.setup()

from yingcai.review.engine.aggregation import AggregationMethod, ScoreSheet, aggregate  # noqa: E402
from yingcai.review.engine.assignment import Candidate, Expert, assign_experts, replace_expert  # noqa: E402
from yingcai.review.engine.criteria import Criterion, CriterionKind  # noqa: E402

FIELDS = ["新材料", "人工智能", "生物医药", "尼龙化工", "储能", "装备制造", "电子信息", "现代农业"]
CHAINS = [f"产业链{i}" for i in range(1, 13)]
CRITERIA = [
    Criterion("innovation", "创新能力", Decimal(20), CriterionKind.ABILITY),
    Criterion("contribution", "实际贡献", Decimal(20), CriterionKind.CONTRIBUTION),
    Criterion("tackling", "攻关能力", Decimal(20), CriterionKind.ABILITY),
    Criterion("results", "成果与转化", Decimal(20), CriterionKind.ACHIEVEMENT),
    Criterion("fit", "产业契合度", Decimal(10), CriterionKind.FIT),
    Criterion("team", "团队建设", Decimal(10), CriterionKind.TEAM),
]


def instance(rng: random.Random, n_candidates: int, n_experts: int):
    experts = [
        Expert(
            id=e,
            unit_id=rng.randrange(40),
            fields=frozenset(rng.sample(FIELDS, rng.randint(1, 2))),
            chains=frozenset(rng.sample(CHAINS, rng.randint(0, 1))),
            person_id=100_000 + e,
        )
        for e in range(n_experts)
    ]
    candidates = [
        Candidate(
            id=c,
            unit_id=rng.randrange(40),
            fields=frozenset([rng.choice(FIELDS)]),
            chain=rng.choice(CHAINS),
            person_id=200_000 + c,
            co_applicants=frozenset(100_000 + rng.randrange(n_experts) for _ in range(rng.randint(0, 3))),
        )
        for c in range(n_candidates)
    ]
    conflicts = {(e.id, c.id) for c in candidates for e in experts if rng.random() < 0.02}
    return candidates, experts, conflicts


def timed(label: str, function, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<44} {best * 1000:8.1f} ms (best of {repeat})")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--experts", type=int, default=200)
    parser.add_argument("--per-candidate", type=int, default=5)
    parser.add_argument("--cap", type=int, default=15)
    args = parser.parse_args()
    rng = random.Random(2026)
    candidates, experts, conflicts = instance(rng, args.candidates, args.experts)
    print(
        f"{len(candidates)} candidates, {len(experts)} experts, N = {args.per_candidate}, cap {args.cap}, "
        f"{len(conflicts)} declared conflicts"
    )

    result = timed(
        "assign experts",
        lambda: assign_experts(
            candidates=candidates,
            experts=experts,
            per_candidate=args.per_candidate,
            max_per_expert=args.cap,
            conflicts=conflicts,
            seed=1,
        ),
    )
    loads = result.loads.values()
    placed = sum(len(e) for e in result.assignments.values())
    print(f"  {placed} assignments, load {min(loads)}–{max(loads)}, {len(result.shortfalls)} candidates short")

    victim = next(c for c, es in result.assignments.items() if es)
    timed(
        "replace one expert (declared conflict)",
        lambda: replace_expert(
            result.assignments,
            expert_id=result.assignments[victim][0],
            candidate_id=victim,
            candidates=candidates,
            experts=experts,
            max_per_expert=args.cap,
            conflicts=conflicts,
        ),
    )

    sheets = [
        ScoreSheet(expert_id, candidate_id, {c.code: Decimal(rng.randint(40, 100)) for c in CRITERIA})
        for candidate_id, expert_ids in result.assignments.items()
        for expert_id in expert_ids
    ]
    withdrawn = {experts[0].id}
    for method in AggregationMethod:
        timed(
            f"aggregate {len(sheets)} sheets, {method.value}",
            lambda method=method: aggregate(
                sheets,
                criteria=CRITERIA,
                method=method,
                withdrawn_experts=withdrawn,
                spread_limit=Decimal(20),
                stdev_limit=Decimal(10),
            ),
        )


if __name__ == "__main__":
    main()
