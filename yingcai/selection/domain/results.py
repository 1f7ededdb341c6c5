"""Scores and ranking of a round once scoring has closed (第十一条), by the engine's aggregation."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.review.engine.aggregation import AggregationResult, ScoreSheet, aggregate
from yingcai.selection.domain import rules_keys
from yingcai.selection.domain.common import engine_criteria
from yingcai.selection.enums import (
    ACTIVE_ASSIGNMENT_STATES,
    IN_REVIEW_STATES,
    AssignmentState,
    NominationOutcome,
    RoundState,
)
from yingcai.selection.models import Assignment, Nomination, SelectionRound
from yingcai.selection.workflow import ROUND_STAGES
from yingcai.workflows.engine import advance


def results(*, by, round: SelectionRound, on: datetime.date | None = None) -> AggregationResult:
    """The engine's result (ids are nomination and expert ids). The office decides the shortlist.

    Counted: the sheets of active assignments (unscored ones are reported as not scored) and of
    withdrawn ones (reported as withdrawn); an expert who declared a conflict was never a reviewer
    of that nomination and is left out. Trimming uses the rule version kept on the round.
    """
    if not by.has_perm("selection.view_results"):
        raise PermissionDenied(_("只有市委人才办可以查看评审结果。"))
    on = on or timezone.localdate()
    if not round.scoring_closed_on(on):
        raise PermissionDenied(_("评审截止（%(date)s）后才能查看结果。") % {"date": round.scoring_closes})
    trim_rule = round.rules.filter(key=rules_keys.TRIM_MIN_SCORES).first()
    if trim_rule is None:
        raise ValidationError(_("本批次未记录计分规则版本。"))
    # A nomination withdrawn (or returned) after assignment is not judged: its sheets stay out.
    assignments = Assignment.objects.filter(
        nomination__round=round,
        nomination__state__in=IN_REVIEW_STATES,
        state__in=(*ACTIVE_ASSIGNMENT_STATES, AssignmentState.WITHDRAWN),
    ).select_related("scoresheet")
    sheets = []
    withdrawn = set()
    for assignment in assignments:
        sheet = getattr(assignment, "scoresheet", None)
        if assignment.state == AssignmentState.WITHDRAWN:
            withdrawn.add(assignment.expert_id)
        scores = {code: Decimal(value) for code, value in sheet.scores.items()} if sheet else None
        sheets.append(ScoreSheet(expert_id=assignment.expert_id, candidate_id=assignment.nomination_id, scores=scores))
    return aggregate(
        sheets,
        criteria=engine_criteria(round),
        method=round.aggregation_method,
        withdrawn_experts=withdrawn,
        candidate_ids=Nomination.objects.filter(round=round, state__in=IN_REVIEW_STATES).values_list("pk", flat=True),
        trim_min_scores=trim_rule.number,
        spread_limit=round.spread_limit,
    )


def in_rank_order(rank: int | None, quota: int) -> bool:
    """Whether a ranked nomination is within the top ``quota`` by rank (ties at the line included)."""
    return rank is not None and rank <= quota


def decide_shortlist(
    *, by, round: SelectionRound, nomination_ids, note: str = "", on: datetime.date | None = None
) -> list[Nomination]:
    """The talent office decides the shortlist (拟入选名单) once scoring has closed.

    At most ``round.quota`` nominations, each ranked (a nomination with no valid score can't be
    picked). Picking one ranked below the quota (rank > quota; candidates tied at the line count as
    within it) is the office's call but needs a note saying why. Every nomination under review keeps
    the result as it stood (``final_score``, ``final_rank``) and gets its outcome; the note is kept
    on the nominations that depart from the ranking (picked below the line, or left out above it).
    The round moves to SHORTLISTED. Returns the round's nominations under review, ranked.
    """
    if not by.has_perm("selection.decide_shortlist"):
        raise PermissionDenied(_("只有市委人才办可以确定拟入选名单。"))
    on = on or timezone.localdate()
    note = (note or "").strip()
    picked = {int(i) for i in nomination_ids}
    with transaction.atomic():
        round = SelectionRound.objects.select_for_update().get(pk=round.pk)
        if round.state != RoundState.EXPERTS_ASSIGNED:
            raise ValidationError(
                _("批次当前状态为“%(state)s”，不能确定拟入选名单。") % {"state": round.get_state_display()}
            )
        result = results(by=by, round=round, on=on)
        ranked = result.by_candidate()
        nominations = {
            n.pk: n
            for n in Nomination.objects.select_for_update()
            .filter(round=round, state__in=IN_REVIEW_STATES)
            .select_related("talent")
        }
        errors: list[str] = []
        unknown = picked - set(nominations)
        if unknown:
            errors.append(_("所选推荐不在本批次的评审名单中。"))
        if len(picked) > round.quota:
            errors.append(_("拟入选%(n)s人，超过本批次名额%(quota)s人。") % {"n": len(picked), "quota": round.quota})
        unscored = [nominations[i].talent.name for i in sorted(picked - unknown) if ranked[i].rank is None]
        if unscored:
            errors.append(_("%(names)s没有有效评分，不能列入拟入选名单。") % {"names": "、".join(unscored)})
        below = [
            nominations[i].talent.name
            for i in sorted(picked - unknown)
            if ranked[i].rank is not None and not in_rank_order(ranked[i].rank, round.quota)
        ]
        if below and not note:
            errors.append(
                _("%(names)s的排名在名额（%(quota)s名）之外，请在说明中写明列入拟入选名单的理由。")
                % {"names": "、".join(below), "quota": round.quota}
            )
        if errors:
            raise ValidationError(errors)
        for pk, nomination in nominations.items():
            candidate = ranked[pk]
            chosen = pk in picked
            departs = chosen != in_rank_order(candidate.rank, round.quota) and candidate.rank is not None
            nomination.final_score = candidate.score
            nomination.final_rank = candidate.rank
            nomination.outcome = NominationOutcome.SHORTLISTED if chosen else NominationOutcome.NOT_SHORTLISTED
            nomination.outcome_note = note if departs else ""
        Nomination.objects.bulk_update(nominations.values(), ["final_score", "final_rank", "outcome", "outcome_note"])
        for nomination in nominations.values():
            record(
                actor=by,
                action=AuditAction.UPDATE,
                target=nomination,
                changes={
                    "outcome": [NominationOutcome.PENDING, nomination.outcome],
                    "final_score": str(nomination.final_score) if nomination.final_score is not None else None,
                    "final_rank": nomination.final_rank,
                },
                reason=nomination.outcome_note,
            )
        before = advance(workflow=ROUND_STAGES, obj=round, transition="shortlist", by=by)
        round.save(update_fields=["state"])
        record(
            actor=by,
            action=AuditAction.UPDATE,
            target=round,
            changes={
                "state": [before, RoundState.SHORTLISTED],
                "method": str(result.method),
                "shortlisted": sorted(picked),
                "below_quota_line": below,
            },
            reason=note,
        )
    return sorted(nominations.values(), key=lambda n: (n.final_rank is None, n.final_rank or 0, n.pk))
