"""An expert's score sheet: every criterion 0–100, each with a comment (第十一条: the sheet asks
for contribution and ability in words, not only numbers)."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.selection.enums import ACTIVE_ASSIGNMENT_STATES, IN_REVIEW_STATES, AssignmentState
from yingcai.selection.models import Assignment, ScoreSheet
from yingcai.selection.workflow import EXPERT_TASK
from yingcai.workflows.engine import advance

SCORE_MIN = 0
SCORE_MAX = 100


def submit_scores(
    *,
    by,
    assignment: Assignment,
    scores: Mapping[str, int],
    comments: Mapping[str, str],
    overall_comment: str = "",
    on: datetime.date | None = None,
) -> ScoreSheet:
    """Save (or, while scoring is open, correct) the assigned expert's sheet."""
    if not by.has_perm("selection.score", assignment):
        raise PermissionDenied(_("只能为分配给本人的候选人评分。"))
    on = on or timezone.localdate()
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("nomination__round").get(pk=assignment.pk)
        round = assignment.nomination.round
        if assignment.state not in ACTIVE_ASSIGNMENT_STATES:
            raise ValidationError(_("该评审任务已回避或退出，不能评分。"))
        if assignment.nomination.state not in IN_REVIEW_STATES:
            raise ValidationError(_("该推荐已退回或撤回，不在评审中。"))
        if not round.scoring_open_on(on):
            raise ValidationError(
                _("不在评审期内（%(start)s至%(end)s）。") % {"start": round.scoring_opens, "end": round.scoring_closes}
            )
        clean_scores, clean_comments = _check(round.criteria.all(), scores, comments)
        sheet = ScoreSheet.objects.filter(assignment=assignment).first()
        before = {"scores": sheet.scores, "comments": sheet.comments} if sheet else {}
        sheet, _created = ScoreSheet.objects.update_or_create(
            assignment=assignment,
            defaults={
                "scores": clean_scores,
                "comments": clean_comments,
                "overall_comment": overall_comment.strip(),
                "submitted_at": timezone.now(),
            },
        )
        if assignment.state != AssignmentState.SCORED:
            advance(workflow=EXPERT_TASK, obj=assignment, transition="score", by=by)
            assignment.save(update_fields=["state"])
        record(
            actor=by,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            target=sheet,
            changes={"before": before, "scores": clean_scores, "comments": clean_comments},
        )
    return sheet


def _check(criteria, scores: Mapping[str, int], comments: Mapping[str, str]) -> tuple[dict, dict]:
    """Every problem, keyed by the criterion's code (the page and the API put each under its row);
    scores for criteria the round does not have go under ``__all__``."""
    errors: dict[str, list[str]] = {}
    clean_scores: dict[str, int] = {}
    clean_comments: dict[str, str] = {}
    codes = set()
    for criterion in criteria:
        codes.add(criterion.code)
        problems = errors.setdefault(criterion.code, [])
        score = scores.get(criterion.code)
        if score is None or score == "":
            problems.append(_("“%(name)s”未评分。") % {"name": criterion.name})
        else:
            try:
                value = int(score)
            except (TypeError, ValueError):
                value = None
            if isinstance(score, bool) or value is None or str(value) != str(score).strip():
                problems.append(_("“%(name)s”的得分须为整数。") % {"name": criterion.name})
            elif not SCORE_MIN <= value <= SCORE_MAX:
                problems.append(_("“%(name)s”的得分须在0至100之间。") % {"name": criterion.name})
            else:
                clean_scores[criterion.code] = value
        comment = (comments.get(criterion.code) or "").strip()
        if not comment:
            problems.append(
                _("请填写“%(name)s”的评语（第十一条：评价须说明创新能力和实际贡献，不只看数量）。")
                % {"name": criterion.name}
            )
        else:
            clean_comments[criterion.code] = comment
    unknown = sorted((set(scores) | set(comments)) - codes)
    if unknown:
        errors["__all__"] = [_("本批次没有指标%(codes)s。") % {"codes": "、".join(unknown)}]
    errors = {code: problems for code, problems in errors.items() if problems}
    if errors:
        raise ValidationError(errors)
    return clean_scores, clean_comments
