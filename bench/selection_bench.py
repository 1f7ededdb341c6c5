"""Benchmark of a selection round through the database (issue 5): expert assignment and results.

    .venv/bin/python bench/selection_bench.py [--candidates 500] [--experts 200] [--per-candidate 5]

Uses a scratch SQLite database in a temporary folder unless DATABASE_URL is set (then that database
is used as it is: point it at a scratch PostgreSQL database, never at production). Builds a round
with `candidates` nominations (spread over 40 units, 8 fields, 12 chains, 0–2 co-applicants) and an
expert pool of `experts`, then times the domain functions the office's buttons call:
`assign_experts` (read the pool and the nominations, run the engine, write every assignment),
one `declare_conflict` with its replacement, and `results` over all score sheets.
Target (issue 5): assigning 500 candidates from 200 experts in under a few seconds.
"""

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--experts", type=int, default=200)
    parser.add_argument("--per-candidate", type=int, default=5)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        os.environ["YINGCAI_VAR_DIR"] = tempfile.mkdtemp(prefix="yingcai-selection-bench-")
        from yingcai.core.keys import write_missing_key_files

        write_missing_key_files(os.environ["YINGCAI_VAR_DIR"])  # a scratch install: its own keys
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingcai.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from yingcai.accounts.enums import Role
    from yingcai.accounts.models import User
    from yingcai.policy.domain import load_policy_rules
    from yingcai.registry import demo
    from yingcai.registry.domain.names import pinyin_keys
    from yingcai.registry.domain.reference import load_reference_data
    from yingcai.registry.models import Affiliation, IndustryChain, Jurisdiction, KeyTechField, Talent, Unit
    from yingcai.registry.validators import id_number_facts
    from yingcai.selection.domain.assignments import assign_experts, declare_conflict
    from yingcai.selection.domain.results import results
    from yingcai.selection.domain.rounds import create_round
    from yingcai.selection.enums import NominationState, NomineeRole, TaskLevel
    from yingcai.selection.models import Assignment, Expert, Nomination, ScoreSheet

    call_command("migrate", verbosity=0)
    load_reference_data()
    load_policy_rules()
    print(f"database: {connection.vendor}")
    rng = random.Random(2026)
    tag = rng.randrange(10**6)
    office, _ = User.objects.get_or_create(username=f"bench-office-{tag}", defaults={"role": Role.TALENT_OFFICE})
    county = Jurisdiction.objects.filter(kind="county").first()
    fields = list(KeyTechField.objects.all())
    chains = list(IndustryChain.objects.all())
    used_codes: set[str] = set(Unit.objects.values_list("credit_code", flat=True))
    used_ids: set[str] = set(Talent.objects.values_list("id_number", flat=True))

    def unused(generate, used):
        while True:
            value = generate(rng)
            if value not in used:
                used.add(value)
                return value

    started = time.monotonic()
    with transaction.atomic():
        units = Unit.objects.bulk_create(
            Unit(
                name=f"遴选基准单位{tag}-{i}",
                credit_code=unused(demo.credit_code, used_codes),
                kind="enterprise",
                county=county,
            )
            for i in range(40)
        )
        people = []
        for _ in range(args.candidates + args.experts):
            number = unused(demo.id_number, used_ids)
            birth, gender = id_number_facts(number)
            name = demo.person_name(rng)
            pinyin, initials = pinyin_keys(name)
            people.append(
                Talent(
                    name=name,
                    name_pinyin=pinyin,
                    name_initials=initials,
                    id_number=number,
                    gender=gender,
                    birth_date=birth,
                    education="doctorate",
                    title="senior_full",
                )
            )
        people = Talent.objects.bulk_create(people)
        candidates, expert_people = people[: args.candidates], people[args.candidates :]
        Affiliation.objects.bulk_create(Affiliation(talent=t, unit=rng.choice(units)) for t in candidates)
        users = User.objects.bulk_create(
            User(username=f"bench-expert-{tag}-{i}", role=Role.EXPERT) for i in range(args.experts)
        )
        experts = Expert.objects.bulk_create(
            Expert(user=u, name=p.name, employer=rng.choice(units), talent=p)
            for u, p in zip(users, expert_people, strict=True)
        )
        for expert in experts:
            expert.fields.set(rng.sample(fields, k=min(len(fields), rng.choice((1, 2)))))
            if rng.random() < 0.6:
                expert.chains.set([rng.choice(chains)])
        today = datetime.date.today()
        round = create_round(
            by=office,
            data={
                "year": today.year,
                "name": f"基准测试批次{tag}",
                "nomination_opens": today - datetime.timedelta(days=60),
                "nomination_closes": today - datetime.timedelta(days=30),
                "scoring_opens": today - datetime.timedelta(days=20),
                "scoring_closes": today + datetime.timedelta(days=10),
                "quota": 50,
                "experts_per_candidate": args.per_candidate,
            },
            criteria=[
                {"code": "innovation", "name": "创新能力", "weight": 20, "kind": "ability"},
                {"code": "contribution", "name": "实际贡献", "weight": 20, "kind": "contribution"},
                {"code": "tackling", "name": "攻关能力", "weight": 20, "kind": "ability"},
                {"code": "results", "name": "成果与转化", "weight": 20, "kind": "achievement"},
                {"code": "fit", "name": "产业契合度", "weight": 10, "kind": "fit"},
                {"code": "team", "name": "团队建设", "weight": 10, "kind": "team"},
            ],
            on=today - datetime.timedelta(days=61),
        )
        unit_of = dict(Affiliation.objects.filter(talent__in=candidates).values_list("talent_id", "unit_id"))
        nominations = Nomination.objects.bulk_create(
            Nomination(
                round=round,
                talent=t,
                unit_id=unit_of[t.pk],
                task_name=f"重大科技专项{i}",
                task_number=f"ZX-{tag}-{i}",
                task_level=rng.choice((TaskLevel.PROVINCIAL, TaskLevel.MUNICIPAL)),
                task_funding=500,
                nominee_role=NomineeRole.LEADER,
                task_start=today - datetime.timedelta(days=400),
                task_end=today + datetime.timedelta(days=400),
                field=rng.choice(fields),
                chain=rng.choice(chains),
                state=NominationState.ACCEPTED,
            )
            for i, t in enumerate(candidates)
        )
        for nomination in nominations:
            co = rng.sample(candidates, k=rng.choice((0, 0, 1, 2)))
            nomination.co_applicants.set([c for c in co if c.pk != nomination.talent_id])
    print(f"set-up: {args.candidates} nominations, {args.experts} experts in {time.monotonic() - started:.1f}s")

    started = time.monotonic()
    report = assign_experts(by=office, round=round)
    took = time.monotonic() - started
    loads = sorted(report.loads.values())
    print(
        f"assign_experts: {len(report.assignments)} assignments in {took * 1000:.0f} ms "
        f"(load {loads[0]}–{loads[-1]}, {len(report.shortfalls)} short)"
    )

    assignment = Assignment.objects.select_related("expert__user").order_by("pk").first()
    started = time.monotonic()
    outcome = declare_conflict(by=assignment.expert.user, assignment=assignment, reason="基准测试：回避")
    print(
        f"declare_conflict + replacement: {(time.monotonic() - started) * 1000:.0f} ms "
        f"(replaced: {outcome.replacement is not None})"
    )

    codes = ["innovation", "contribution", "tackling", "results", "fit", "team"]
    now = django.utils.timezone.now()
    ScoreSheet.objects.bulk_create(
        ScoreSheet(
            assignment=a,
            scores={c: rng.randint(55, 98) for c in codes},
            comments={c: "基准测试评语" for c in codes},
            submitted_at=now,
        )
        for a in Assignment.objects.filter(nomination__round=round, state="assigned")
    )
    round.scoring_closes = today - datetime.timedelta(days=1)
    round.save(update_fields=["scoring_closes"])
    started = time.monotonic()
    outcome = results(by=office, round=round)
    print(
        f"results ({round.aggregation_method}): {len(outcome.candidates)} candidates in {(time.monotonic() - started) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    import django.utils.timezone  # noqa: F401

    main()
