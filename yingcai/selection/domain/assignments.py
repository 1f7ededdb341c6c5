"""Assigning experts to a round's nominations, and replacing an expert who declares a conflict.

The rules (回避, field/chain match, load balance) are the engine's (`yingcai.review.engine.assignment`);
this module only feeds it from the database and stores what it decides.

People are compared by ``"talent:<id>"`` (an expert with a talent record, a nominee, a co-applicant)
or ``"expert:<id>"`` (an expert without one), so the two kinds of id never collide.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.review.engine import assignment as engine
from yingcai.selection.domain import conflicts
from yingcai.selection.enums import (
    ACTIVE_ASSIGNMENT_STATES,
    IN_REVIEW_STATES,
    AssignmentState,
    RoundState,
)
from yingcai.selection.models import Assignment, Expert, Nomination, SelectionRound
from yingcai.selection.workflow import EXPERT_TASK, ROUND_STAGES
from yingcai.workflows.engine import advance


@dataclass(frozen=True)
class AssignmentReport:
    assignments: tuple[Assignment, ...]
    shortfalls: tuple[engine.Shortfall, ...]  # candidate_id is the nomination id
    loads: dict[int, int]  # expert id → nominations assigned


@dataclass(frozen=True)
class ConflictOutcome:
    declared: Assignment
    replacement: Assignment | None  # None: nobody eligible, see ``reason``
    reason: str = ""


def _talent_key(talent_id: int) -> str:
    return f"talent:{talent_id}"


def _candidates(round: SelectionRound) -> list[engine.Candidate]:
    nominations = list(
        Nomination.objects.filter(round=round, state__in=IN_REVIEW_STATES)
        .select_related("field", "chain")
        .prefetch_related("co_applicants")
        .order_by("pk")
    )
    co_units = conflicts.co_applicant_units(nominations)
    return [
        engine.Candidate(
            id=n.pk,
            unit_id=n.unit_id,
            fields=frozenset({n.field.code}) if n.field else frozenset(),
            chain=n.chain.code if n.chain else None,
            person_id=_talent_key(n.talent_id),
            co_applicants=frozenset(_talent_key(c.pk) for c in n.co_applicants.all()),
            related_units=frozenset(co_units.get(n.pk, {})),
        )
        for n in nominations
    ]


def _experts(round: SelectionRound | None = None) -> list[engine.Expert]:
    """The active pool; with ``round``, without the experts withdrawn from that round."""
    pool = Expert.objects.filter(is_active=True)
    if round is not None:
        pool = pool.exclude(
            pk__in=Assignment.objects.filter(nomination__round=round, state=AssignmentState.WITHDRAWN).values(
                "expert_id"
            )
        )
    experts = list(pool.prefetch_related("fields", "chains").order_by("pk"))
    links = conflicts.expert_unit_links(experts)
    return [
        engine.Expert(
            id=e.pk,
            unit_id=e.employer_id,
            fields=frozenset(f.code for f in e.fields.all()),
            chains=frozenset(c.code for c in e.chains.all()),
            person_id=e.person_key,
            linked_units=frozenset(link.unit_id for link in links[e.pk]),
        )
        for e in experts
    ]


def _declared_conflicts(round: SelectionRound) -> frozenset[tuple[int, int]]:
    return frozenset(
        Assignment.objects.filter(nomination__round=round, state=AssignmentState.CONFLICT_DECLARED).values_list(
            "expert_id", "nomination_id"
        )
    )


def _current(round: SelectionRound, pool: list[engine.Expert]) -> dict[int, list[int]]:
    """Nomination → experts actively reviewing it, among ``pool`` (the engine counts loads over the
    pool; an expert deactivated since assignment no longer takes new work anyway)."""
    ids = {e.id for e in pool}
    current: dict[int, list[int]] = defaultdict(list)
    for nomination_id, expert_id in Assignment.objects.filter(
        nomination__round=round, state__in=ACTIVE_ASSIGNMENT_STATES
    ).values_list("nomination_id", "expert_id"):
        if expert_id in ids:
            current[nomination_id].append(expert_id)
    return current


def _max_per_expert(round: SelectionRound, candidates: list[engine.Candidate]) -> int:
    return round.max_per_expert or max(len(candidates), 1)


def assignment_blocker(round: SelectionRound, on: datetime.date) -> str:
    """Why experts cannot be assigned ``on`` by the round's own dates, or "" when they can:
    not while nominations may still come in (up to and including the closing day)."""
    if on <= round.nomination_closes:
        return _("推荐截止日期为%(date)s，推荐期结束后（%(next)s起）才能分配评审专家。") % {
            "date": round.nomination_closes,
            "next": round.nomination_closes + datetime.timedelta(days=1),
        }
    return ""


def assign_experts(*, by, round: SelectionRound, seed: int = 0, on: datetime.date | None = None) -> AssignmentReport:
    """Assign the round's ``experts_per_candidate`` experts to each nomination under review, once.
    Nominations short of experts keep those they got and are reported, never refused.

    "Under review" is ``IN_REVIEW_STATES``: accepted nominations *and* those still submitted. The
    formal check is the office's to finish first, and the round page warns while any nomination is
    still submitted; but refusing to assign would let one slow check hold up the whole round, and a
    submitted nomination is complete and eligible (第三条 was tested when it was made). Returned and
    withdrawn nominations get no experts. Once assigned, a nomination can no longer be returned.

    Not while nominations are still open ``on`` (today): the round's own dates decide.
    """
    if not by.has_perm("selection.assign_experts"):
        raise PermissionDenied(_("只有市委人才办可以分配评审专家。"))
    on = on or timezone.localdate()
    with transaction.atomic():
        round = SelectionRound.objects.select_for_update().get(pk=round.pk)
        blocker = assignment_blocker(round, on)
        if blocker:
            raise ValidationError(blocker, code="nominations_open")
        if round.state != RoundState.OPEN or Assignment.objects.filter(nomination__round=round).exists():
            raise ValidationError(_("本批次已分配评审专家；个别调整请通过回避替换。"))
        candidates = _candidates(round)
        if not candidates:
            raise ValidationError(_("本批次没有待评审的推荐。"))
        result = engine.assign_experts(
            candidates=candidates,
            experts=_experts(),
            per_candidate=round.experts_per_candidate,
            max_per_expert=_max_per_expert(round, candidates),
            conflicts=_declared_conflicts(round),
            seed=seed,
        )
        created = Assignment.objects.bulk_create(
            Assignment(nomination_id=candidate_id, expert_id=expert_id)
            for candidate_id, expert_ids in result.assignments.items()
            for expert_id in expert_ids
        )
        advance(workflow=ROUND_STAGES, obj=round, transition="assign_experts", by=by)
        round.save(update_fields=["state"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=round,
            changes={
                "state": [RoundState.OPEN, RoundState.EXPERTS_ASSIGNED],
                "assignments": {str(c): list(e) for c, e in result.assignments.items()},
                "shortfalls": {str(s.candidate_id): s.reason for s in result.shortfalls},
            },
        )
    return AssignmentReport(tuple(created), result.shortfalls, result.loads)


def declare_conflict(
    *, by, assignment: Assignment, reason: str, on: datetime.date | None = None, seed: int = 0
) -> ConflictOutcome:
    """The assigned expert declares a conflict (回避) before scoring; the engine picks a replacement
    by the same rules. Without an eligible expert the nomination stays short and the reason says why."""
    if not by.has_perm("selection.declare_conflict", assignment):
        raise PermissionDenied(_("只能对分配给本人的评审任务声明回避。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请说明回避理由。")})
    on = on or timezone.localdate()
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("nomination__round").get(pk=assignment.pk)
        round = assignment.nomination.round
        if assignment.state != AssignmentState.ASSIGNED:
            raise ValidationError(_("该评审任务已评分或已结束，不能再声明回避。"))
        if round.scoring_closed_on(on):
            raise ValidationError(_("评审已截止，不能再声明回避。"))
        if assignment.nomination.state not in IN_REVIEW_STATES:
            raise ValidationError(_("该推荐已退回或撤回，不在评审中。"))
        advance(workflow=EXPERT_TASK, obj=assignment, transition="declare_conflict", by=by)
        assignment.conflict_reason = reason.strip()
        assignment.save(update_fields=["state", "conflict_reason"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=assignment,
            changes={"state": [AssignmentState.ASSIGNED, AssignmentState.CONFLICT_DECLARED]},
            reason=assignment.conflict_reason,
        )
        pool = _experts(round)
        current = _current(round, pool)
        candidates = _candidates(round)
        replacement = engine.replace_expert(
            current,
            expert_id=assignment.expert_id,
            candidate_id=assignment.nomination_id,
            candidates=candidates,
            experts=pool,
            max_per_expert=_max_per_expert(round, candidates),
            conflicts=_declared_conflicts(round),
            seed=seed,
        )
        if replacement.replacement is None:
            return ConflictOutcome(assignment, None, replacement.reason)
        # A pair left earlier (withdrawn) comes back as assigned rather than as a second row.
        new, _created = Assignment.objects.update_or_create(
            nomination_id=assignment.nomination_id,
            expert_id=replacement.replacement,
            defaults={"state": AssignmentState.ASSIGNED, "conflict_reason": ""},
        )
        record(
            actor=by,
            action=AuditAction.CREATE,
            target=new,
            changes={"replaces": str(assignment.expert)},
            reason=_("替换声明回避的专家"),
        )
    return ConflictOutcome(assignment, new)


@dataclass(frozen=True)
class WithdrawalOutcome:
    withdrawn: tuple[Assignment, ...]  # the expert's assignments in the round, now withdrawn
    replacements: dict[int, Assignment]  # nomination id → the new assignment
    unreplaced: dict[int, str]  # nomination id → why nobody could replace the expert (or "" after close)


def withdraw_expert(
    *, by, round: SelectionRound, expert: Expert, reason: str, on: datetime.date | None = None, seed: int = 0
) -> WithdrawalOutcome:
    """The office takes an expert out of a round (退出评审): every active assignment of theirs in the
    round becomes withdrawn, so the results leave out all their sheets (the engine's
    ``withdrawn_experts``). While scoring is still open each nomination under review gets a
    replacement chosen by the same rules as for a declared conflict (the withdrawn expert never
    comes back in this round); after scoring closed nobody can score any more, so none is sought."""
    if not by.has_perm("selection.assign_experts"):
        raise PermissionDenied(_("只有市委人才办可以调整评审专家。"))
    if not reason.strip():
        raise ValidationError({"reason": _("请说明专家退出评审的原因。")})
    on = on or timezone.localdate()
    with transaction.atomic():
        round = SelectionRound.objects.select_for_update().get(pk=round.pk)
        if round.state != RoundState.EXPERTS_ASSIGNED:
            raise ValidationError(_("只有已分配专家、尚未确定拟入选名单的批次可以调整评审专家。"))
        leaving = list(
            Assignment.objects.select_for_update()
            .filter(nomination__round=round, expert=expert, state__in=ACTIVE_ASSIGNMENT_STATES)
            .select_related("nomination")
            .order_by("nomination_id")
        )
        if not leaving:
            raise ValidationError(_("该专家在本批次没有进行中的评审任务。"))
        for assignment in leaving:
            before = advance(workflow=EXPERT_TASK, obj=assignment, transition="withdraw_expert", by=by)
            assignment.save(update_fields=["state"])
            record(
                actor=by,
                action=AuditAction.UPDATE,
                target=assignment,
                changes={"state": [before, AssignmentState.WITHDRAWN]},
                reason=reason.strip(),
            )
        replacements: dict[int, Assignment] = {}
        unreplaced: dict[int, str] = {}
        in_review = {a.nomination_id for a in leaving if a.nomination.state in IN_REVIEW_STATES}
        if round.scoring_closed_on(on):
            unreplaced = dict.fromkeys(sorted(in_review), _("评审已截止，不再替换。"))
        elif in_review:
            pool = _experts(round)
            current = _current(round, pool)
            candidates = _candidates(round)
            for nomination_id in sorted(in_review):
                result = engine.replace_expert(
                    current,
                    expert_id=expert.pk,
                    candidate_id=nomination_id,
                    candidates=candidates,
                    experts=pool,
                    max_per_expert=_max_per_expert(round, candidates),
                    conflicts=_declared_conflicts(round),
                    seed=seed,
                )
                if result.replacement is None:
                    unreplaced[nomination_id] = result.reason
                    continue
                current = {c: list(e) for c, e in result.assignments.items()}
                new, _created = Assignment.objects.update_or_create(
                    nomination_id=nomination_id,
                    expert_id=result.replacement,
                    defaults={"state": AssignmentState.ASSIGNED, "conflict_reason": ""},
                )
                replacements[nomination_id] = new
                record(
                    actor=by,
                    action=AuditAction.CREATE,
                    target=new,
                    changes={"replaces": str(expert)},
                    reason=_("替换退出评审的专家"),
                )
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=round,
            changes={
                "withdrawn_expert": str(expert),
                "nominations": [a.nomination_id for a in leaving],
                "replacements": {str(n): a.expert_id for n, a in replacements.items()},
                "unreplaced": {str(n): why for n, why in unreplaced.items()},
            },
            reason=reason.strip(),
        )
    return WithdrawalOutcome(tuple(leaving), replacements, unreplaced)


def assign_late_nomination(*, by, nomination: Nomination, seed: int = 0) -> AssignmentReport:
    """Give a nomination that came back into review after the assignment (resubmitted after a
    correction) the round's ``experts_per_candidate`` experts, by the same rules and without moving
    anybody else's assignments. Called inside the resubmission; audited on the round."""
    round = SelectionRound.objects.select_for_update().get(pk=nomination.round_id)
    if round.state != RoundState.EXPERTS_ASSIGNED:
        raise ValidationError(_("本批次尚未分配评审专家或已结束评审。"))
    pool = _experts(round)
    current = _current(round, pool)
    candidates = _candidates(round)
    result = engine.add_experts(
        current,
        candidate_id=nomination.pk,
        per_candidate=round.experts_per_candidate,
        candidates=candidates,
        experts=pool,
        max_per_expert=_max_per_expert(round, candidates),
        conflicts=_declared_conflicts(round),
        seed=seed,
    )
    already = set(current.get(nomination.pk, ()))
    created = []
    for expert_id in result.assignments[nomination.pk]:
        if expert_id in already:
            continue
        new, _created = Assignment.objects.update_or_create(
            nomination_id=nomination.pk,
            expert_id=expert_id,
            defaults={"state": AssignmentState.ASSIGNED, "conflict_reason": ""},
        )
        created.append(new)
    record(
        actor=by,
        action=AuditAction.UPDATE,
        target=round,
        changes={
            "late_nomination": nomination.pk,
            "assignments": [a.expert_id for a in created],
            "shortfalls": {str(s.candidate_id): s.reason for s in result.shortfalls},
        },
        reason=_("退回修改后重新提交的推荐补充分配评审专家"),
    )
    return AssignmentReport(tuple(created), result.shortfalls, result.loads)
