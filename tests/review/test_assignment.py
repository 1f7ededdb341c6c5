import random

import pytest

from yingcai.review.engine.assignment import (
    Barrier,
    Candidate,
    Expert,
    Match,
    assign_experts,
    conflict_of,
    match_of,
    replace_expert,
)

FIELDS = ["新材料", "人工智能", "生物医药", "尼龙化工", "储能", "装备制造"]
CHAINS = ["尼龙新材料链", "新能源储能链", "高端装备链", "生物医药链"]


def random_instance(rng, *, n_candidates, n_experts, n_units=25, conflict_rate=0.02):
    experts = [
        Expert(
            id=e,
            unit_id=rng.randrange(n_units),
            fields=frozenset(rng.sample(FIELDS, rng.randint(1, 2))),
            chains=frozenset(rng.sample(CHAINS, rng.randint(0, 1))),
            person_id=1000 + e,
        )
        for e in range(n_experts)
    ]
    candidates = [
        Candidate(
            id=c,
            unit_id=rng.randrange(n_units),
            fields=frozenset([rng.choice(FIELDS)]),
            chain=rng.choice([*CHAINS, None]),
            person_id=5000 + c,
            co_applicants=frozenset(1000 + rng.randrange(n_experts) for _ in range(rng.randint(0, 3))),
        )
        for c in range(n_candidates)
    ]
    conflicts = {(e.id, c.id) for c in candidates for e in experts if rng.random() < conflict_rate}
    return candidates, experts, conflicts


def check_rules(result, candidates, experts, conflicts, per_candidate, cap):
    experts_by_id = {e.id: e for e in experts}
    loads = {e.id: 0 for e in experts}
    short = set()
    for candidate in candidates:
        assigned = result.assignments[candidate.id]
        assert len(assigned) == len(set(assigned)) <= per_candidate
        for expert_id in assigned:
            expert = experts_by_id[expert_id]
            assert conflict_of(expert, candidate, conflicts) is None
            assert match_of(expert, candidate) is not None
            loads[expert_id] += 1
        if len(assigned) < per_candidate:
            short.add(candidate.id)
            # Short only because nobody else could come: every other eligible expert is full.
            for expert in experts:
                allowed = conflict_of(expert, candidate, conflicts) is None
                if expert.id not in assigned and allowed and match_of(expert, candidate) is not None:
                    assert result.loads[expert.id] == cap
    assert loads == result.loads
    assert max(loads.values()) <= cap
    assert {s.candidate_id for s in result.shortfalls} == short


@pytest.mark.parametrize("seed", range(12))
def test_random_instances_never_break_a_rule(seed):
    rng = random.Random(seed)
    candidates, experts, conflicts = random_instance(
        rng,
        n_candidates=rng.randint(5, 60),
        n_experts=rng.randint(5, 40),
        n_units=rng.randint(2, 10),
        conflict_rate=0.05,
    )
    per_candidate, cap = rng.randint(1, 5), rng.randint(1, 12)
    result = assign_experts(
        candidates=candidates, experts=experts, per_candidate=per_candidate, max_per_expert=cap, conflicts=conflicts
    )
    check_rules(result, candidates, experts, conflicts, per_candidate, cap)


def test_same_input_gives_the_same_assignment_whatever_the_order():
    candidates, experts, conflicts = random_instance(random.Random(7), n_candidates=80, n_experts=40)
    kwargs = {"per_candidate": 5, "max_per_expert": 12, "conflicts": conflicts, "seed": 3}
    first = assign_experts(candidates=candidates, experts=experts, **kwargs)
    again = assign_experts(candidates=candidates[::-1], experts=experts[::-1], **kwargs)
    assert first.assignments == again.assignments
    other_seed = assign_experts(candidates=candidates, experts=experts, **{**kwargs, "seed": 4})
    check_rules(other_seed, candidates, experts, conflicts, 5, 12)


def test_load_is_balanced_when_feasible():
    # 30 candidates × 3 = 90 assignments over 20 experts: loads of 4 and 5.
    experts = [Expert(e, unit_id=f"专家单位{e}", fields=frozenset({"新材料"})) for e in range(20)]
    candidates = [Candidate(c, unit_id=f"候选单位{c}", fields=frozenset({"新材料"})) for c in range(30)]
    result = assign_experts(candidates=candidates, experts=experts, per_candidate=3, max_per_expert=10)
    assert result.shortfalls == ()
    assert sorted(set(result.loads.values())) == [4, 5]


@pytest.mark.parametrize("seed", range(5))
def test_load_is_balanced_on_random_units_and_conflicts(seed):
    # One field for all, so balance is feasible; units and conflicts still constrain each pair.
    rng = random.Random(seed)
    experts = [Expert(e, unit_id=rng.randrange(8), fields=frozenset({"储能"})) for e in range(40)]
    candidates = [
        Candidate(c, unit_id=rng.randrange(8), fields=frozenset({"储能"}), co_applicants=frozenset({rng.randrange(40)}))
        for c in range(100)
    ]
    conflicts = {(rng.randrange(40), rng.randrange(100)) for _ in range(80)}
    result = assign_experts(
        candidates=candidates, experts=experts, per_candidate=5, max_per_expert=20, conflicts=conflicts, seed=seed
    )
    check_rules(result, candidates, experts, conflicts, 5, 20)
    assert result.shortfalls == ()
    assert max(result.loads.values()) - min(result.loads.values()) <= 1


def test_each_conflict_rule_is_applied():
    candidate = Candidate(
        "c", unit_id="平顶山学院", fields=frozenset({"新材料"}), person_id="p-c", co_applicants=frozenset({"p2"})
    )
    experts = [
        Expert(1, unit_id="平顶山学院", fields=frozenset({"新材料"}), person_id="p1"),  # same unit
        Expert(2, unit_id="河南城建学院", fields=frozenset({"新材料"}), person_id="p2"),  # co-applicant
        Expert(3, unit_id="中国平煤神马", fields=frozenset({"新材料"}), person_id="p3"),  # declares a conflict
        Expert(4, unit_id="平高集团", fields=frozenset({"新材料"}), person_id="p-c"),  # the candidate
        Expert(5, unit_id="平高集团", fields=frozenset({"储能"}), person_id="p5"),  # wrong field
        Expert(6, unit_id="平高集团", fields=frozenset({"储能"}), chains=frozenset({"尼龙新材料链"}), person_id="p6"),
        Expert(7, unit_id="许继", fields=frozenset({"新材料"}), person_id="p7"),
    ]
    conflicts = {(3, "c")}
    assert [conflict_of(e, candidate, conflicts) for e in experts[:4]] == [
        Barrier.SAME_UNIT,
        Barrier.CO_APPLICANT,
        Barrier.DECLARED,
        Barrier.SELF,
    ]
    assert match_of(experts[4], candidate) is None
    chained = Candidate("c", unit_id="x", fields=frozenset({"新材料"}), chain="尼龙新材料链")
    assert (match_of(experts[5], chained), match_of(experts[6], chained)) == (Match.CHAIN, Match.FIELD)

    result = assign_experts(
        candidates=[candidate], experts=experts, per_candidate=3, max_per_expert=5, conflicts=conflicts
    )
    assert result.assignments["c"] == (7,)
    [shortfall] = result.shortfalls
    assert (shortfall.needed, shortfall.assigned, shortfall.matching) == (3, 1, 5)
    assert shortfall.barriers == {Barrier.SAME_UNIT: 1, Barrier.CO_APPLICANT: 1, Barrier.DECLARED: 1, Barrier.SELF: 1}
    assert shortfall.reason == (
        "需要3位专家，只分配到1位：领域或产业链匹配的专家5位，同单位1位，本人1位，共同申请人1位，声明回避1位。"
    )


def test_cap_is_respected_and_the_short_candidate_reported():
    # 4 experts × cap 2 = 8 places for 5 candidates × 2 = 10 wanted: 2 places missing.
    experts = [Expert(e, unit_id=f"u{e}", fields=frozenset({"人工智能"})) for e in range(4)]
    candidates = [Candidate(c, unit_id="c", fields=frozenset({"人工智能"})) for c in range(5)]
    result = assign_experts(candidates=candidates, experts=experts, per_candidate=2, max_per_expert=2)
    assert set(result.loads.values()) == {2}
    assert sum(len(s) for s in result.assignments.values()) == 8
    missing = sum(s.needed - s.assigned for s in result.shortfalls)
    assert missing == 2
    assert all(Barrier.AT_CAP in s.barriers and "评审任务已满" in s.reason for s in result.shortfalls)


def test_field_match_preferred_to_chain_at_equal_load():
    candidate = Candidate("c", unit_id="u", fields=frozenset({"储能"}), chain="新能源储能链")
    experts = [
        Expert(1, unit_id="a", chains=frozenset({"新能源储能链"})),
        Expert(2, unit_id="b", fields=frozenset({"储能"})),
    ]
    for seed in range(5):
        result = assign_experts(candidates=[candidate], experts=experts, per_candidate=1, max_per_expert=1, seed=seed)
        assert result.assignments["c"] == (2,)


def test_replacement_follows_the_rules():
    candidates, experts, conflicts = random_instance(random.Random(11), n_candidates=60, n_experts=30)
    result = assign_experts(
        candidates=candidates, experts=experts, per_candidate=3, max_per_expert=8, conflicts=conflicts
    )
    by_id = {c.id: c for c in candidates}
    for candidate_id, assigned in list(result.assignments.items())[:20]:
        if not assigned:
            continue
        leaving = assigned[0]
        replaced = replace_expert(
            result.assignments,
            expert_id=leaving,
            candidate_id=candidate_id,
            candidates=candidates,
            experts=experts,
            max_per_expert=8,
            conflicts=conflicts,
        )
        assert (leaving, candidate_id) in replaced.conflicts
        new = replaced.assignments[candidate_id]
        assert leaving not in new
        assert {c: e for c, e in replaced.assignments.items() if c != candidate_id} == {
            c: e for c, e in result.assignments.items() if c != candidate_id
        }
        if replaced.replacement is None:
            assert replaced.reason.startswith("没有可替换的专家")
            continue
        assert len(new) == len(assigned) and len(set(new)) == len(new)
        newcomer = next(e for e in experts if e.id == replaced.replacement)
        assert conflict_of(newcomer, by_id[candidate_id], replaced.conflicts) is None
        assert match_of(newcomer, by_id[candidate_id]) is not None
        assert sum(replaced.replacement in es for es in replaced.assignments.values()) <= 8


def test_replacement_takes_the_lightest_and_reports_when_nobody_is_left():
    experts = [Expert(e, unit_id=f"u{e}", fields=frozenset({"生物医药"})) for e in range(4)]
    candidates = [Candidate(c, unit_id="c", fields=frozenset({"生物医药"})) for c in ("x", "y")]
    assignments = {"x": (0, 1), "y": (2, 3)}
    common = {"candidates": candidates, "experts": experts, "max_per_expert": 2}
    # Expert 0 leaves x: 1 is already on x; 2 and 3 have load 1 each; the seeded tie-break picks one.
    replaced = replace_expert(assignments, expert_id=0, candidate_id="x", **common)
    assert replaced.replacement in {2, 3}
    assert replaced.assignments["x"] == (1, replaced.replacement)
    # Cap 1: 2 and 3 are full, 0 has just declared a conflict: nobody.
    nobody = replace_expert(assignments, expert_id=0, candidate_id="x", **{**common, "max_per_expert": 1})
    assert nobody.replacement is None
    assert nobody.assignments["x"] == (1,)
    assert "声明回避1位" in nobody.reason and "评审任务已满2位" in nobody.reason


def test_linked_units_and_co_applicant_units_bar_like_the_employer():
    candidate = Candidate(id="c", unit_id="u1", fields=frozenset({"新材料"}), related_units=frozenset({"u9"}))
    via_talent_record = Expert(id=1, unit_id="u5", fields=frozenset({"新材料"}), linked_units=frozenset({"u1"}))
    at_partner = Expert(id=2, unit_id="u9", fields=frozenset({"新材料"}))
    free = Expert(id=3, unit_id="u7", fields=frozenset({"新材料"}))
    assert conflict_of(via_talent_record, candidate, ()) == Barrier.SAME_UNIT
    assert conflict_of(at_partner, candidate, ()) == Barrier.CO_APPLICANT_UNIT
    assert conflict_of(free, candidate, ()) is None
    result = assign_experts(
        candidates=[candidate], experts=[via_talent_record, at_partner, free], per_candidate=2, max_per_expert=5
    )
    assert result.assignments == {"c": (3,)}
    (shortfall,) = result.shortfalls
    assert shortfall.barriers == {Barrier.SAME_UNIT: 1, Barrier.CO_APPLICANT_UNIT: 1}


def test_add_experts_serves_a_late_candidate_from_the_lightest_loads_without_moving_others():
    from yingcai.review.engine.assignment import add_experts

    experts = [Expert(id=i, unit_id=f"u{i}", fields=frozenset({"储能"})) for i in range(1, 4)]
    candidates = [Candidate(id=c, unit_id="x", fields=frozenset({"储能"})) for c in ("a", "late")]
    result = add_experts(
        {"a": (1, 2)},
        candidate_id="late",
        per_candidate=2,
        candidates=candidates,
        experts=experts,
        max_per_expert=5,
    )
    assert result.assignments["a"] == (1, 2)
    assert 3 in result.assignments["late"] and len(result.assignments["late"]) == 2
    assert not result.shortfalls
    capped = add_experts(
        {"a": (1, 2)}, candidate_id="late", per_candidate=3, candidates=candidates, experts=experts, max_per_expert=1
    )
    assert capped.assignments["late"] == (3,)
    assert capped.shortfalls[0].barriers[Barrier.AT_CAP] == 2
