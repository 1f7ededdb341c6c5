"""Selection of leading talents over JSON (第三条, 第十一条): rounds, nominations and their formal
check, expert assignments and conflicts (回避), score sheets, the ranking and the shortlist.

The same domain functions, scopes and permissions as the pages: a record outside the caller's scope
is 404, a step the caller may not take is 403, a refusal by the rules is 422 with the article cited.
Experts reach only their own assignments and the nominations they review; nobody reads another
expert's scores before the round's scoring closes.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from yingcai.api.pagination import Pagination
from yingcai.api.schemas import ERRORS, LIST_ERRORS, READ_ERRORS
from yingcai.api.schemas_selection import (
    AssignmentOut,
    AssignmentReportOut,
    AvoidanceOut,
    ConflictOut,
    NominationDetailOut,
    NominationIn,
    NominationOut,
    NominationPatch,
    ReasonIn,
    ResultsOut,
    RoundDetailOut,
    RoundIn,
    RoundOut,
    RoundPatch,
    ScoreSheetIn,
    ScoreSheetOut,
    ShortlistIn,
    WithdrawalOut,
    WithdrawIn,
)
from yingcai.api.types import Id, Year
from yingcai.registry.domain.queries import current_affiliations, visible_talents, visible_units
from yingcai.registry.models import IndustryChain, KeyTechField, Talent
from yingcai.selection.domain import assignments as assignment_domain
from yingcai.selection.domain import nominations as nomination_domain
from yingcai.selection.domain import results as result_domain
from yingcai.selection.domain.conflicts import round_exclusions
from yingcai.selection.domain.queries import (
    assignments_of,
    visible_nominations,
    visible_rounds,
    visible_scoresheets,
)
from yingcai.selection.domain.rounds import ROUND_FIELDS, create_round, update_round
from yingcai.selection.domain.scoring import submit_scores
from yingcai.selection.enums import AggregationMethod, CriterionKind, NomineeRole, TaskLevel
from yingcai.selection.models import Assignment, Expert, Nomination, ScoreSheet, SelectionRound
from yingcai.selection.rules import is_expert

router = Router(tags=["遴选"])
NULLABLE = ("field_code", "chain_code")


# --- scopes ------------------------------------------------------------------------------------------------


def _visible_rounds(user) -> QuerySet[SelectionRound]:
    """The office and units see every round (``visible_rounds``: units nominate into them); an
    expert the rounds they review in; nobody else any."""
    if is_expert(user):
        return SelectionRound.objects.filter(pk__in=assignments_of(user).values("nomination__round_id"))
    return visible_rounds(user)


def _round(request: HttpRequest, pk: int) -> SelectionRound:
    return get_object_or_404(_visible_rounds(request.user), pk=pk)


def _nominations(user) -> QuerySet[Nomination]:
    return (
        visible_nominations(user)
        .select_related("round", "talent", "unit", "field", "chain", "rule")
        .prefetch_related("co_applicants")
    )


def _nomination(request: HttpRequest, pk: int) -> Nomination:
    return get_object_or_404(_nominations(request.user), pk=pk)


def _visible_assignments(user) -> QuerySet[Assignment]:
    """The office sees every assignment (it assigns them); an expert their own; nobody else any."""
    assignments = Assignment.objects.all() if user.has_perm("selection.assign_experts") else assignments_of(user)
    return assignments.select_related("nomination__round", "nomination__talent", "nomination__unit", "expert")


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    return get_object_or_404(_visible_assignments(request.user), pk=pk)


def _sheets(user) -> QuerySet[ScoreSheet]:
    return (
        visible_scoresheets(user)
        .select_related("assignment__expert", "assignment__nomination__round")
        .prefetch_related("assignment__nomination__round__criteria")
    )


def _reference(model, code: str | None, field: str):
    if not code:
        return None
    found = model.objects.filter(code=code).first()
    if found is None:
        raise ValidationError({field: [_("未知的编码：%(codes)s") % {"codes": code}]})
    return found


def _check_choices(data: dict[str, Any], choices: dict[str, type[models.TextChoices]]) -> None:
    """Refuse (422) a value outside a field's choices, naming the ones allowed."""
    errors = {}
    for name, enum in choices.items():
        value = data.get(name)
        if value is not None and value not in enum.values:
            errors[name] = [_("“%(value)s”无效，可选：%(values)s") % {"value": value, "values": "、".join(enum.values)}]
    if errors:
        raise ValidationError(errors)


def _nomination_data(payload: dict[str, Any], *, unit_id: Id) -> dict[str, Any]:
    """API names (codes and ids) to the model values the domain takes. Co-applicants are people of
    the nominating unit, as on the nomination page."""
    data = dict(payload)
    _check_choices(data, {"task_level": TaskLevel, "nominee_role": NomineeRole})
    if "field_code" in data:
        data["field"] = _reference(KeyTechField, data.pop("field_code"), "field")
    if "chain_code" in data:
        data["chain"] = _reference(IndustryChain, data.pop("chain_code"), "chain")
    if "co_applicant_ids" in data:
        ids = set(data.pop("co_applicant_ids") or [])
        at_unit = current_affiliations().filter(unit_id=unit_id).values("talent")
        talents = list(Talent.objects.filter(pk__in=ids).filter(pk__in=at_unit).order_by("pk"))
        if len(talents) != len(ids):
            raise ValidationError({"co_applicants": [_("共同申请人须为推荐单位在职的人才。")]})
        data["co_applicants"] = talents
    return data


# --- rounds ----------------------------------------------------------------------------------------------------


@router.get("/rounds", response={200: list[RoundOut], **LIST_ERRORS})
@paginate(Pagination)
def list_rounds(request: HttpRequest, year: Year | None = None, state: str = ""):
    """Rounds the caller may see: the office and units every round, an expert the rounds they review in."""
    rounds = _visible_rounds(request.user)
    if year is not None:
        rounds = rounds.filter(year=year)
    if state:
        rounds = rounds.filter(state=state)
    return rounds.order_by("-year", "-pk")


@router.post("/rounds", response={201: RoundDetailOut, **ERRORS})
def open_round(request: HttpRequest, payload: RoundIn):
    """Open a round with its criteria (talent office). No single criterion, and no count-type
    criteria together (论文、职称、奖项), may weigh more than the 第十一条 caps in force."""
    data = payload.dict()
    criteria = data.pop("criteria")
    _check_choices(data, {"aggregation_method": AggregationMethod})
    for criterion in criteria:
        _check_choices(criterion, {"kind": CriterionKind})
    round = create_round(by=request.user, data={k: v for k, v in data.items() if k in ROUND_FIELDS}, criteria=criteria)
    return 201, round


@router.get("/rounds/{round_id}", response={200: RoundDetailOut, **READ_ERRORS})
def get_round(request: HttpRequest, round_id: Id):
    return get_object_or_404(_visible_rounds(request.user).prefetch_related("criteria", "rules"), pk=round_id)


@router.patch("/rounds/{round_id}", response={200: RoundDetailOut, **ERRORS})
def change_round(request: HttpRequest, round_id: Id, payload: RoundPatch):
    """Change a published round's dates and quota with a reason (talent office): a date that has
    passed stays, no new date before today, the windows in order, the quota never below those
    already shortlisted; audited."""
    round = _round(request, round_id)
    data = payload.dict(exclude={"version", "reason"}, exclude_none=True)
    update_round(by=request.user, round=round, data=data, reason=payload.reason, version=payload.version)
    return get_round(request, round_id)


@router.get("/rounds/{round_id}/avoidances", response={200: list[AvoidanceOut], **READ_ERRORS})
def list_avoidances(request: HttpRequest, round_id: Id):
    """Every expert of the pool kept off a nomination under review (回避), with the reasons: the
    registered or typed employer, the expert's own talent record, co-applicants, declared conflicts."""
    return round_exclusions(by=request.user, round=_round(request, round_id))


@router.post("/rounds/{round_id}/assignments", response={201: AssignmentReportOut, **ERRORS})
def assign_experts(request: HttpRequest, round_id: Id):
    """Assign the round's experts per nomination (talent office), once: matching field or chain,
    balancing loads, never an expert linked to the candidate's or a co-applicant's unit, a
    co-applicant, or one who declared a conflict; only once nominations have closed. Nominations
    short of experts are reported with the reason, not refused."""
    report = assignment_domain.assign_experts(by=request.user, round=_round(request, round_id))
    return 201, report


@router.post("/rounds/{round_id}/withdraw-expert", response={200: WithdrawalOut, **ERRORS})
def withdraw_expert(request: HttpRequest, round_id: Id, payload: WithdrawIn):
    """Take an expert out of the round (talent office), with a reason: their sheets no longer count,
    and while scoring is open each of their nominations gets a replacement."""
    round = _round(request, round_id)
    expert = Expert.objects.filter(pk=payload.expert_id).first()
    if expert is None:
        raise ValidationError({"expert_id": [_("专家不存在。")]})
    return assignment_domain.withdraw_expert(by=request.user, round=round, expert=expert, reason=payload.reason)


@router.get("/rounds/{round_id}/results", response={200: ResultsOut, **READ_ERRORS})
def get_results(request: HttpRequest, round_id: Id):
    """The ranking (talent office, after scoring closed) by the round's method, with each
    nomination's counted, dropped and excluded scores, the tie rule that placed it and the spread
    flag. The office decides the shortlist from it."""
    round = _round(request, round_id)
    result = result_domain.results(by=request.user, round=round)
    nominations = {n.pk: n for n in Nomination.objects.filter(round=round).select_related("talent", "unit")}
    ranking = []
    for candidate in result.candidates:
        nomination = nominations[candidate.candidate_id]
        ranking.append(
            {
                "nomination_id": candidate.candidate_id,
                "talent": {"id": nomination.talent_id, "name": nomination.talent.name},
                "unit": {"id": nomination.unit_id, "name": nomination.unit.name},
                "rank": candidate.rank,
                "score": candidate.score,
                "median": candidate.median,
                "score_count": candidate.score_count,
                "spread": candidate.spread,
                "stdev": candidate.stdev,
                "flagged": candidate.flagged,
                "flag_reasons": list(candidate.flag_reasons),
                "decided_by": str(candidate.decided_by.value) if candidate.decided_by else None,
                "tied_with": list(candidate.tied_with),
                "explanation": candidate.explanation,
            }
        )
    return {
        "round_id": round.pk,
        "method": round.aggregation_method,
        "method_label": round.get_aggregation_method_display(),
        "quota": round.quota,
        "ranking": ranking,
        "excluded": list(result.excluded),
    }


@router.post("/rounds/{round_id}/shortlist", response={200: list[NominationOut], **ERRORS})
def decide_shortlist(request: HttpRequest, round_id: Id, payload: ShortlistIn):
    """The talent office decides the shortlist (拟入选名单) after scoring closed: at most the quota,
    only ranked nominations; one picked below the quota line needs a note saying why."""
    round = _round(request, round_id)
    decided = result_domain.decide_shortlist(
        by=request.user, round=round, nomination_ids=payload.nomination_ids, note=payload.note
    )
    order = {n.pk: i for i, n in enumerate(decided)}
    return sorted(_nominations(request.user).filter(pk__in=order), key=lambda n: order[n.pk])


# --- nominations ------------------------------------------------------------------------------------------


@router.get("/nominations", response={200: list[NominationOut], **LIST_ERRORS})
@paginate(Pagination)
def list_nominations(request: HttpRequest, round_id: Id | None = None, state: str = "", outcome: str = ""):
    """The nominations the caller may see: the office all, a unit its own, an expert those they
    review (not after declaring a conflict)."""
    nominations = _nominations(request.user)
    if round_id is not None:
        nominations = nominations.filter(round_id=round_id)
    if state:
        nominations = nominations.filter(state=state)
    if outcome:
        nominations = nominations.filter(outcome=outcome)
    return nominations.order_by("round_id", "pk")


@router.post("/nominations", response={201: NominationDetailOut, **ERRORS})
def nominate(request: HttpRequest, payload: NominationIn):
    """A unit nominates one of its talents (第三条); the office may nominate for any unit. A nominee
    who does not lead the task, or whose task is neither provincial nor municipal, is refused (422)
    with the reasons."""
    unit_id = payload.unit_id or request.user.unit_id
    if unit_id is None:
        raise ValidationError({"unit": [_("请指定推荐单位。")]})
    unit = visible_units(request.user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    data = _nomination_data(payload.dict(exclude={"unit_id"}), unit_id=unit.pk)
    round = _round(request, data.pop("round_id"))
    talent = visible_talents(request.user).filter(pk=data.pop("talent_id")).first()
    if talent is None:
        raise ValidationError({"talent": [_("人才不存在或不在您的管理范围内。")]})
    nomination = nomination_domain.nominate(by=request.user, round=round, talent=talent, unit=unit, **data)
    return 201, _nomination(request, nomination.pk)


@router.get("/nominations/{nomination_id}", response={200: NominationDetailOut, **READ_ERRORS})
def get_nomination(request: HttpRequest, nomination_id: Id):
    return _nomination(request, nomination_id)


@router.patch("/nominations/{nomination_id}", response={200: NominationDetailOut, **ERRORS})
def update_nomination(request: HttpRequest, nomination_id: Id, payload: NominationPatch):
    """Correct a submitted or returned nomination before experts are assigned. `version` is the one
    read: a stale copy is refused. The 第三条 test runs again."""
    nomination = _nomination(request, nomination_id)
    # null clears the field and the chain; for the other fields it means "unchanged".
    sent = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None or k in NULLABLE}
    data = _nomination_data(sent, unit_id=nomination.unit_id)
    version = data.pop("version")
    nomination_domain.update_nomination(by=request.user, nomination=nomination, data=data, version=version)
    return _nomination(request, nomination_id)


@router.post("/nominations/{nomination_id}/accept", response={200: NominationDetailOut, **ERRORS})
def accept_nomination(request: HttpRequest, nomination_id: Id, payload: ReasonIn):
    """形式审查通过 (talent office)."""
    nomination = _nomination(request, nomination_id)
    nomination_domain.accept_nomination(by=request.user, nomination=nomination, reason=payload.reason)
    return _nomination(request, nomination_id)


@router.post("/nominations/{nomination_id}/return", response={200: NominationDetailOut, **ERRORS})
def return_nomination(request: HttpRequest, nomination_id: Id, payload: ReasonIn):
    """退回修改 with a reason (talent office), before experts are assigned."""
    nomination = _nomination(request, nomination_id)
    nomination_domain.return_nomination(by=request.user, nomination=nomination, reason=payload.reason)
    return _nomination(request, nomination_id)


@router.post("/nominations/{nomination_id}/resubmit", response={200: NominationDetailOut, **ERRORS})
def resubmit_nomination(request: HttpRequest, nomination_id: Id):
    """The nominating unit resubmits a corrected nomination; the 第三条 test runs again."""
    nomination = _nomination(request, nomination_id)
    nomination_domain.resubmit_nomination(by=request.user, nomination=nomination)
    return _nomination(request, nomination_id)


@router.post("/nominations/{nomination_id}/withdraw", response={200: NominationDetailOut, **ERRORS})
def withdraw_nomination(request: HttpRequest, nomination_id: Id, payload: ReasonIn):
    """The nominating unit withdraws its nomination with a reason, before scoring opens."""
    nomination = _nomination(request, nomination_id)
    nomination_domain.withdraw_nomination(by=request.user, nomination=nomination, reason=payload.reason)
    return _nomination(request, nomination_id)


# --- assignments and conflicts -----------------------------------------------------------------------------


@router.get("/assignments", response={200: list[AssignmentOut], **LIST_ERRORS})
@paginate(Pagination)
def list_assignments(request: HttpRequest, round_id: Id | None = None, state: str = ""):
    """An expert's own review list (all states, declared conflicts included); the office every
    assignment. Other roles see none."""
    assignments = _visible_assignments(request.user)
    if round_id is not None:
        assignments = assignments.filter(nomination__round_id=round_id)
    if state:
        assignments = assignments.filter(state=state)
    return assignments.order_by("nomination__round_id", "nomination_id", "pk")


@router.get("/assignments/{assignment_id}", response={200: AssignmentOut, **READ_ERRORS})
def get_assignment(request: HttpRequest, assignment_id: Id):
    return _assignment(request, assignment_id)


@router.post("/assignments/{assignment_id}/conflict", response={200: ConflictOut, **ERRORS})
def declare_conflict(request: HttpRequest, assignment_id: Id, payload: ReasonIn):
    """The assigned expert declares a conflict of interest (回避) with a reason, before scoring the
    candidate and before the close. A replacement is chosen by the same rules; afterwards the
    candidate is out of the expert's reach."""
    outcome = assignment_domain.declare_conflict(
        by=request.user, assignment=_assignment(request, assignment_id), reason=payload.reason
    )
    declared = _visible_assignments(request.user).get(pk=outcome.declared.pk)
    return {"assignment": declared, "replaced": outcome.replacement is not None, "reason": outcome.reason}


# --- score sheets ---------------------------------------------------------------------------------------------


def _sheet_of(request: HttpRequest, assignment: Assignment) -> ScoreSheet:
    """The assignment's sheet if the caller may read it (``selection.view_scoresheet``), else 404."""
    sheet = _sheets(request.user).filter(assignment=assignment).first()
    if sheet is None or not request.user.has_perm("selection.view_scoresheet", sheet):
        raise Http404
    return sheet


@router.put("/assignments/{assignment_id}/scoresheet", response={200: ScoreSheetOut, **ERRORS})
def submit_scoresheet(request: HttpRequest, assignment_id: Id, payload: ScoreSheetIn):
    """The assigned expert scores every criterion 0–100 with a comment (第十一条), while scoring is
    open; saving again corrects the sheet. The weighted total returned is the server's."""
    assignment = _assignment(request, assignment_id)
    submit_scores(by=request.user, assignment=assignment, **payload.dict())
    return _sheet_of(request, assignment)


@router.get("/assignments/{assignment_id}/scoresheet", response={200: ScoreSheetOut, **READ_ERRORS})
def get_scoresheet(request: HttpRequest, assignment_id: Id):
    """One's own sheet at any time; the office's view of any sheet only after the close."""
    return _sheet_of(request, _assignment(request, assignment_id))


@router.get("/scoresheets", response={200: list[ScoreSheetOut], **LIST_ERRORS})
@paginate(Pagination)
def list_scoresheets(request: HttpRequest, round_id: Id | None = None, nomination_id: Id | None = None):
    """Sheets the caller may read: an expert their own, and after the round's scoring closed the
    other sheets of the nominations they review (without the other experts' names); the office
    every sheet after the close. Before the close nobody reads another expert's scores."""
    sheets = _sheets(request.user)
    if round_id is not None:
        sheets = sheets.filter(assignment__nomination__round_id=round_id)
    if nomination_id is not None:
        sheets = sheets.filter(assignment__nomination_id=nomination_id)
    return sheets.order_by("assignment__nomination_id", "assignment_id")
