"""The .xlsx exports of a round once scoring has closed (office only, audited): the score sheet
(one row per expert × candidate × criterion, with the comments) and the ranking."""

import datetime
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core.files import serve_content
from yingcai.core.xlsx import write_xlsx
from yingcai.review.engine.aggregation import AggregationResult
from yingcai.selection.domain.results import results
from yingcai.selection.enums import IN_REVIEW_STATES, AggregationMethod, AssignmentState
from yingcai.selection.models import Assignment, Nomination, SelectionRound

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(user, round: SelectionRound, on: datetime.date) -> None:
    if not user.has_perm("selection.export"):
        raise PermissionDenied(_("只有市委人才办可以导出评审结果。"))
    if not round.scoring_closed_on(on):
        raise PermissionDenied(_("评审截止（%(date)s）后才能导出。") % {"date": round.scoring_closes})


def score_sheet_rows(round: SelectionRound) -> Iterator[list]:
    """Every assignment of the round's nominations under review; a scored one gives a row per
    criterion, one without a sheet (conflict, withdrawal, not scored) a single marked row."""
    criteria = list(round.criteria.all())
    yield [
        _("候选人"),
        _("推荐单位"),
        _("评审专家"),
        _("专家工作单位"),
        _("评审状态"),
        _("是否计入"),
        _("指标"),
        _("权重（%）"),
        _("得分"),
        _("评语"),
        _("总体评价"),
        _("回避理由"),
    ]
    assignments = (
        Assignment.objects.filter(nomination__round=round, nomination__state__in=IN_REVIEW_STATES)
        .select_related("nomination__talent", "nomination__unit", "expert__employer", "scoresheet")
        .order_by("nomination_id", "expert__name", "expert_id")
    )
    for a in assignments:
        sheet = getattr(a, "scoresheet", None)
        counted = a.state == AssignmentState.SCORED and sheet is not None
        head = [
            a.nomination.talent.name,
            a.nomination.unit.name,
            a.expert.name,
            a.expert.employer.name if a.expert.employer else a.expert.employer_name,
            a.get_state_display(),
            _("是") if counted else _("否"),
        ]
        if sheet is None:
            yield [*head, "", None, None, "", "", a.conflict_reason]
            continue
        for c in criteria:
            yield [
                *head,
                c.name,
                float(c.weight),
                sheet.scores.get(c.code),
                sheet.comments.get(c.code, ""),
                sheet.overall_comment,
                a.conflict_reason,
            ]


def ranking_rows(round: SelectionRound, result: AggregationResult) -> Iterator[list]:
    yield [
        _("排名"),
        _("姓名"),
        _("推荐单位"),
        _("综合得分"),
        _("计分方法"),
        _("有效评分数"),
        _("中位数"),
        _("分差"),
        _("提示"),
        _("遴选结果"),
        _("结果说明"),
    ]
    nominations = Nomination.objects.filter(round=round).select_related("talent", "unit").in_bulk()
    method = AggregationMethod(result.method.value).label
    for c in result.candidates:
        n = nominations[c.candidate_id]
        yield [
            c.rank,
            n.talent.name,
            n.unit.name,
            float(c.score) if c.score is not None else None,
            str(method),
            c.score_count,
            float(c.median) if c.median is not None else None,
            float(c.spread) if c.spread is not None else None,
            "；".join(c.flag_reasons) or ("；".join(c.explanation.notes) if c.score is None else ""),
            n.get_outcome_display(),
            n.outcome_note,
        ]


def _response(user, round: SelectionRound, *, what: str, title: str, rows) -> FileResponse:
    buffer, count = write_xlsx(title, rows)
    record(actor=user, action=AuditAction.EXPORT, target=round, changes={"what": what, "rows": count})
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return serve_content(buffer, filename=f"{title}-{round.pk}-{stamp}.xlsx", content_type=XLSX)


def export_score_sheet(*, user, round: SelectionRound, on: datetime.date | None = None) -> FileResponse:
    _require(user, round, on or timezone.localdate())
    return _response(user, round, what="score_sheet", title=_("评分明细"), rows=score_sheet_rows(round))


def export_ranking(*, user, round: SelectionRound, on: datetime.date | None = None) -> FileResponse:
    on = on or timezone.localdate()
    _require(user, round, on)
    result = results(by=user, round=round, on=on)
    return _response(user, round, what="ranking", title=_("评审排名"), rows=ranking_rows(round, result))
