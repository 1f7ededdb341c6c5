"""Shapes of selection over JSON (第三条, 第十一条): rounds with their criteria, nominations with the
task, expert assignments, score sheets and the ranking with its explanation.

No shape here carries a talent's ID number or phone: experts read nominations too.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from ninja import Field, Schema

from yingcai.accounts.enums import Role
from yingcai.api.schemas import DecisionOut, Ref, TransitionOut
from yingcai.api.schemas_introductions import RuleRef
from yingcai.api.types import (
    Code,
    Count,
    Date,
    Id,
    Ids,
    InputSchema,
    Money,
    Percent,
    Text,
    Version,
    Year,
)
from yingcai.review.engine import aggregation
from yingcai.selection.domain.common import engine_criteria
from yingcai.selection.enums import AssignmentState
from yingcai.selection.workflow import NOMINATION_CHECK
from yingcai.workflows.engine import steps_of

TOTAL_PLACES = Decimal("0.01")


def _caller(context) -> Any:
    return context["request"].user if context and "request" in context else None


# --- rounds ---------------------------------------------------------------------------------------------


class CriterionOut(Schema):
    code: str
    name: str
    weight: Decimal
    kind: str
    kind_label: str
    evidence: str

    @staticmethod
    def resolve_kind_label(criterion) -> str:
        return criterion.get_kind_display()


class CriterionIn(InputSchema):
    code: Code | None = None  # generated (c1, c2 …) when left out
    name: str
    weight: Percent
    kind: Code
    evidence: Text = ""


class RoundOut(Schema):
    id: int
    year: int
    name: str
    nomination_opens: datetime.date
    nomination_closes: datetime.date
    scoring_opens: datetime.date
    scoring_closes: datetime.date
    quota: int
    experts_per_candidate: int
    max_per_expert: int | None
    aggregation_method: str
    aggregation_method_label: str
    spread_limit: Decimal | None
    state: str
    state_label: str
    version: int
    created_at: datetime.datetime

    @staticmethod
    def resolve_aggregation_method_label(round) -> str:
        return round.get_aggregation_method_display()

    @staticmethod
    def resolve_state_label(round) -> str:
        return round.get_state_display()


class RoundPatch(InputSchema):
    """A published round's dates and quota to change (extend a deadline), with the reason; a field
    left out stays as it is. `version` is the one read: a stale copy is refused."""

    version: Version
    reason: Text
    nomination_opens: Date | None = None
    nomination_closes: Date | None = None
    scoring_opens: Date | None = None
    scoring_closes: Date | None = None
    quota: Count | None = None


class AvoidanceOut(Schema):
    """One expert kept off one nomination (回避), with every reason (talent office only)."""

    expert_id: int
    expert_name: str
    nomination_id: int
    nominee_name: str
    reasons: list[str]

    @staticmethod
    def resolve_expert_id(exclusion) -> int:
        return exclusion.expert.pk

    @staticmethod
    def resolve_expert_name(exclusion) -> str:
        return exclusion.expert.name

    @staticmethod
    def resolve_nomination_id(exclusion) -> int:
        return exclusion.nomination.pk

    @staticmethod
    def resolve_nominee_name(exclusion) -> str:
        return exclusion.nomination.talent.name


class RoundDetailOut(RoundOut):
    """A round with its criteria (第十一条) and the rule versions it was set up with (第十四条)."""

    criteria: list[CriterionOut]
    rules: list[RuleRef]

    @staticmethod
    def resolve_criteria(round) -> list:
        return list(round.criteria.all())

    @staticmethod
    def resolve_rules(round) -> list:
        return list(round.rules.all())


class RoundIn(InputSchema):
    """A new round. Criteria weights are percentages summing to 100; the caps of 第十一条 are the
    rules in force today."""

    year: Year
    name: str
    nomination_opens: Date
    nomination_closes: Date
    scoring_opens: Date
    scoring_closes: Date
    quota: Count
    experts_per_candidate: Count = 5
    max_per_expert: Count | None = None
    aggregation_method: Code = "trimmed_mean"
    spread_limit: Percent | None = None
    criteria: Annotated[list[CriterionIn], Field(max_length=100)]


# --- nominations ---------------------------------------------------------------------------------------


class NominationOut(Schema):
    id: int
    round: Ref
    talent: Ref
    unit: Ref
    task_name: str
    task_number: str
    task_level: str
    task_level_label: str
    task_funding: Decimal
    nominee_role: str
    nominee_role_label: str
    task_start: datetime.date
    task_end: datetime.date
    co_applicants: list[Ref]
    field_code: str | None
    chain_code: str | None
    state: str
    state_label: str
    eligibility_note: str
    rule: RuleRef | None
    outcome: str
    outcome_label: str
    final_score: Decimal | None
    final_rank: int | None
    outcome_note: str
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_round(nomination) -> dict:
        return {"id": nomination.round_id, "name": nomination.round.name}

    @staticmethod
    def resolve_talent(nomination) -> dict:
        return {"id": nomination.talent_id, "name": nomination.talent.name}

    @staticmethod
    def resolve_unit(nomination) -> dict:
        return {"id": nomination.unit_id, "name": nomination.unit.name}

    @staticmethod
    def resolve_task_level_label(nomination) -> str:
        return nomination.get_task_level_display()

    @staticmethod
    def resolve_nominee_role_label(nomination) -> str:
        return nomination.get_nominee_role_display()

    @staticmethod
    def resolve_co_applicants(nomination) -> list[dict]:
        return [{"id": t.pk, "name": t.name} for t in nomination.co_applicants.all()]

    @staticmethod
    def resolve_field_code(nomination) -> str | None:
        return nomination.field.code if nomination.field else None

    @staticmethod
    def resolve_chain_code(nomination) -> str | None:
        return nomination.chain.code if nomination.chain else None

    @staticmethod
    def resolve_state_label(nomination) -> str:
        return nomination.get_state_display()

    @staticmethod
    def resolve_outcome_label(nomination) -> str:
        return nomination.get_outcome_display()


class CheckStepOut(Schema):
    transition: str
    transition_label: str
    from_state: str
    to_state: str
    actor_name: str
    reason: str
    at: datetime.datetime


class NominationDetailOut(NominationOut):
    """One nomination with its formal check (形式审查) so far and what the caller may do next."""

    check_steps: list[CheckStepOut]
    available_actions: list[TransitionOut]

    @staticmethod
    def resolve_check_steps(nomination) -> list:
        return list(steps_of(nomination))

    @staticmethod
    def resolve_available_actions(nomination, context) -> list[dict]:
        return [
            {"name": t.name, "label": str(t.label), "needs_reason": t.needs_reason}
            for t in NOMINATION_CHECK.available(_caller(context), nomination)
        ]


class NominationIn(InputSchema):
    """A nomination (第三条): the nominee leads (担纲领衔) a provincial or municipal major S&T task.
    A unit nominates its own talents in its own name (``unit_id`` may be left out)."""

    round_id: Id
    talent_id: Id
    unit_id: Id | None = None
    task_name: str
    task_number: str
    task_level: Code
    task_funding: Money
    nominee_role: Code
    task_start: Date
    task_end: Date
    co_applicant_ids: Ids = []
    field_code: Code | None = None
    chain_code: Code | None = None


class NominationPatch(InputSchema):
    """The fields to change: a field left out or null stays as it is, except the field and chain,
    which null clears."""

    version: Version
    task_name: str | None = None
    task_number: str | None = None
    task_level: Code | None = None
    task_funding: Money | None = None
    nominee_role: Code | None = None
    task_start: Date | None = None
    task_end: Date | None = None
    co_applicant_ids: Ids | None = None
    field_code: Code | None = None
    chain_code: Code | None = None


class ReasonIn(InputSchema):
    reason: Text = ""


# --- assignments --------------------------------------------------------------------------------------------


class AssignmentOut(Schema):
    id: int
    round: Ref
    nomination_id: int
    talent: Ref
    unit: Ref
    task_name: str
    expert: Ref
    state: str
    state_label: str
    conflict_reason: str
    assigned_at: datetime.datetime

    @staticmethod
    def resolve_round(assignment) -> dict:
        round = assignment.nomination.round
        return {"id": round.pk, "name": round.name}

    @staticmethod
    def resolve_talent(assignment) -> dict:
        return {"id": assignment.nomination.talent_id, "name": assignment.nomination.talent.name}

    @staticmethod
    def resolve_unit(assignment) -> dict:
        return {"id": assignment.nomination.unit_id, "name": assignment.nomination.unit.name}

    @staticmethod
    def resolve_task_name(assignment) -> str:
        return assignment.nomination.task_name

    @staticmethod
    def resolve_expert(assignment) -> dict:
        return {"id": assignment.expert_id, "name": assignment.expert.name}

    @staticmethod
    def resolve_state_label(assignment) -> str:
        return assignment.get_state_display()


class ShortfallOut(Schema):
    nomination_id: int
    needed: int
    assigned: int
    matching: int
    reason: str

    @staticmethod
    def resolve_nomination_id(shortfall) -> int:
        return shortfall.candidate_id


class LoadOut(Schema):
    expert_id: int
    nominations: int


class AssignmentReportOut(Schema):
    """What the engine did: assignments made, the nominations short of experts and why, each
    expert's load."""

    assigned: int
    shortfalls: list[ShortfallOut]
    loads: list[LoadOut]

    @staticmethod
    def resolve_assigned(report) -> int:
        return len(report.assignments)

    @staticmethod
    def resolve_loads(report) -> list[dict]:
        return [{"expert_id": e, "nominations": n} for e, n in sorted(report.loads.items())]


class ConflictOut(Schema):
    """The declared assignment; whether a replacement was found (who it is, only for the office)."""

    assignment: AssignmentOut
    replaced: bool
    reason: str


class WithdrawIn(InputSchema):
    expert_id: Id
    reason: Text


class WithdrawalOut(Schema):
    withdrawn_nomination_ids: list[int]
    replacements: dict[int, int]  # nomination id → the replacing expert's id
    unreplaced: dict[int, str]  # nomination id → why nobody could replace the expert

    @staticmethod
    def resolve_withdrawn_nomination_ids(outcome) -> list[int]:
        return [a.nomination_id for a in outcome.withdrawn]

    @staticmethod
    def resolve_replacements(outcome) -> dict[int, int]:
        return {n: a.expert_id for n, a in outcome.replacements.items()}


# --- score sheets ------------------------------------------------------------------------------------------


class ScoreSheetIn(InputSchema):
    """Every criterion of the round: a whole score 0–100 and a comment (第十一条). Values are
    checked by the domain, which names the criterion in each refusal."""

    scores: Annotated[dict[Code, Any], Field(max_length=100)]
    comments: Annotated[dict[Code, Text], Field(max_length=100)]
    overall_comment: Text = ""


class ScoreSheetOut(Schema):
    """One expert's sheet. Another expert's name is shown only to the talent office; experts see
    the other sheets of their candidates (after the close) without names."""

    id: int
    assignment_id: int
    nomination_id: int
    expert: Ref | None
    own: bool
    expert_withdrawn: bool
    scores: dict[str, int]
    comments: dict[str, str]
    overall_comment: str
    weighted_total: Decimal | None
    submitted_at: datetime.datetime

    @staticmethod
    def resolve_nomination_id(sheet) -> int:
        return sheet.assignment.nomination_id

    @staticmethod
    def resolve_own(sheet, context) -> bool:
        user = _caller(context)
        return user is not None and sheet.assignment.expert.user_id == user.pk

    @staticmethod
    def resolve_expert(sheet, context) -> dict | None:
        user = _caller(context)
        if user is not None and (user.role == Role.TALENT_OFFICE or sheet.assignment.expert.user_id == user.pk):
            return {"id": sheet.assignment.expert_id, "name": sheet.assignment.expert.name}
        return None

    @staticmethod
    def resolve_expert_withdrawn(sheet) -> bool:
        return sheet.assignment.state == AssignmentState.WITHDRAWN

    @staticmethod
    def resolve_weighted_total(sheet) -> Decimal | None:
        """Σ weight × score / 100, the engine's weighted total (review.engine.aggregation)."""
        scores = {code: Decimal(value) for code, value in sheet.scores.items()}
        try:
            total = aggregation.weighted_total(engine_criteria(sheet.assignment.nomination.round), scores)
        except ValueError:  # a sheet that does not match the round's criteria
            return None
        return total.quantize(TOTAL_PLACES, rounding=ROUND_HALF_UP)


# --- results and shortlist -------------------------------------------------------------------------------


class CountedScoreOut(Schema):
    expert_id: int
    total: Decimal
    value: Decimal


class DroppedScoreOut(Schema):
    expert_id: int
    total: Decimal
    why: str


class ExclusionOut(Schema):
    expert_id: int
    nomination_id: int
    reason: str
    message: str

    @staticmethod
    def resolve_nomination_id(exclusion) -> int:
        return exclusion.candidate_id

    @staticmethod
    def resolve_reason(exclusion) -> str:
        return str(exclusion.reason.value)


class ExplanationOut(Schema):
    method: str
    counted: list[CountedScoreOut]
    dropped: list[DroppedScoreOut]
    excluded: list[ExclusionOut]
    neutral_experts: list[int]
    notes: list[str]
    # The same as the platform's one decision shape: one condition per sheet, passed when it counts.
    decision: DecisionOut

    @staticmethod
    def resolve_method(explanation) -> str:
        return str(explanation.method.value)

    @staticmethod
    def resolve_decision(explanation):
        return explanation.decision


class RankedOut(Schema):
    """One nomination in the ranking: its score, the tie rule that placed it below the one above,
    the spread flag and the explanation (which scores counted, which were dropped or left out)."""

    nomination_id: int
    talent: Ref
    unit: Ref
    rank: int | None
    score: Decimal | None
    median: Decimal | None
    score_count: int
    spread: Decimal | None
    stdev: Decimal | None
    flagged: bool
    flag_reasons: list[str]
    decided_by: str | None
    tied_with: list[int]
    explanation: ExplanationOut


class ResultsOut(Schema):
    round_id: int
    method: str
    method_label: str
    quota: int
    ranking: list[RankedOut]
    excluded: list[ExclusionOut]


class ShortlistIn(InputSchema):
    nomination_ids: Ids
    note: Text = ""
