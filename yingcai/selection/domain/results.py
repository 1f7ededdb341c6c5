"""Scores and ranking of a round once scoring has closed (第十一条), by the engine's aggregation."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.review.engine.aggregation import AggregationResult, ScoreSheet, aggregate
from yingcai.selection.domain import rules_keys
from yingcai.selection.domain.common import engine_criteria
from yingcai.selection.enums import ACTIVE_ASSIGNMENT_STATES, IN_REVIEW_STATES, AssignmentState
from yingcai.selection.models import Assignment, Nomination, SelectionRound


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
    assignments = Assignment.objects.filter(
        nomination__round=round, state__in=(*ACTIVE_ASSIGNMENT_STATES, AssignmentState.WITHDRAWN)
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
