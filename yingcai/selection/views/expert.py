"""The expert's pages (第十一条): the own review list, the scoring sheet of one candidate, declaring
a conflict of interest (回避), and — once scoring has closed — the other experts' sheets for the
candidates one reviewed.

An expert reaches only their own assignments: anything else is 404, and a user who is not an expert
gets 403. The candidate's personal data (ID number, phone) never reaches these pages.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.registry.views.common import require
from yingcai.review.engine.aggregation import weighted_total
from yingcai.selection.domain.assignments import declare_conflict
from yingcai.selection.domain.common import engine_criteria
from yingcai.selection.domain.queries import assignments_of, visible_scoresheets
from yingcai.selection.domain.scoring import SCORE_MAX, SCORE_MIN, submit_scores
from yingcai.selection.enums import ACTIVE_ASSIGNMENT_STATES, IN_REVIEW_STATES, AssignmentState
from yingcai.selection.models import Assignment, RoundCriterion, ScoreSheet, SelectionRound
from yingcai.selection.rules import is_expert
from yingcai.selection.views.materials import grouped

NAV = "my-reviews"  # the key of the 我的评审 entry in selection.navigation

# What the expert reads for each state of an assignment (the model's labels are the office's words).
EXPERT_STATE_LABELS = {
    AssignmentState.ASSIGNED: gettext_lazy("待评分"),
    AssignmentState.SCORED: gettext_lazy("已评分"),
    AssignmentState.CONFLICT_DECLARED: gettext_lazy("已回避"),
    AssignmentState.WITHDRAWN: gettext_lazy("已退出"),
}
EXPERT_STATE_TAGS = {
    AssignmentState.ASSIGNED: "tag-warning",
    AssignmentState.SCORED: "tag-success",
    AssignmentState.CONFLICT_DECLARED: "tag-muted",
    AssignmentState.WITHDRAWN: "tag-muted",
}
TOTAL_PLACES = Decimal("0.01")


def _require_expert(user) -> None:
    if not is_expert(user):
        raise PermissionDenied


def _window(round: SelectionRound, today: datetime.date) -> str:
    """Where the round's scoring stands today: not_yet, open or closed."""
    if round.scoring_closed_on(today):
        return "closed"
    return "open" if round.scoring_open_on(today) else "not_yet"


def _sheet_total(criteria: list, sheet: ScoreSheet | None) -> Decimal | None:
    """The sheet's weighted total as the engine computes it (Σ weight × score / 100), for display."""
    if sheet is None:
        return None
    try:
        total = weighted_total(criteria, {code: Decimal(value) for code, value in sheet.scores.items()})
    except ValueError:  # a sheet of criteria the round no longer has: nothing sensible to show
        return None
    return total.quantize(TOTAL_PLACES, rounding=ROUND_HALF_UP)


class ReviewItem:
    """One row of the expert's list: the assignment and what the expert may do with it today."""

    def __init__(self, assignment: Assignment, today: datetime.date):
        self.assignment = assignment
        self.nomination = assignment.nomination
        self.state_label = EXPERT_STATE_LABELS[assignment.state]
        self.state_tag = EXPERT_STATE_TAGS[assignment.state]
        self.active = assignment.state in ACTIVE_ASSIGNMENT_STATES
        self.in_review = self.nomination.state in IN_REVIEW_STATES
        self.window = _window(self.nomination.round, today)
        self.can_open = self.active
        self.can_declare = assignment.state == AssignmentState.ASSIGNED and self.window != "closed" and self.in_review


class RoundGroup:
    def __init__(self, round: SelectionRound, items: list[ReviewItem], today: datetime.date):
        self.round = round
        self.items = items
        self.window = _window(round, today)
        self.to_review = sum(1 for i in items if i.active)
        self.scored = sum(1 for i in items if i.assignment.state == AssignmentState.SCORED)


@login_required
def my_reviews(request: HttpRequest) -> HttpResponse:
    """The expert's own assignments grouped by round, newest round first. Nothing about other experts."""
    _require_expert(request.user)
    groups = _groups(request.user, timezone.localdate())
    return render(request, "selection/expert/my_reviews.html", {"groups": groups, "nav_active": NAV})


def _groups(user, today: datetime.date, *, round_id: int | None = None) -> list[RoundGroup]:
    assignments = assignments_of(user).select_related("nomination__unit", "nomination__field", "nomination__chain")
    if round_id is not None:
        assignments = assignments.filter(nomination__round_id=round_id)
    assignments = assignments.order_by(
        "-nomination__round__scoring_opens", "-nomination__round_id", "nomination__talent__name_pinyin", "pk"
    )
    return [
        RoundGroup(round, [ReviewItem(a, today) for a in items], today)
        for round, items in groupby(assignments, key=lambda a: a.nomination.round)
    ]


def _own_assignment(request: HttpRequest, pk: int) -> Assignment:
    """The expert's own assignment (404 for anyone else's). An assignment the expert left by
    declaring a conflict or withdrawing no longer opens the candidate: 404 as well."""
    _require_expert(request.user)
    assignments = assignments_of(request.user).select_related(
        "nomination__unit", "nomination__field", "nomination__chain", "nomination__round"
    )
    return get_object_or_404(assignments.filter(state__in=ACTIVE_ASSIGNMENT_STATES), pk=pk)


class ScoreSheetForm(forms.Form):
    """Every criterion: a whole score 0–100 and a comment (第十一条), then an overall comment.
    The domain checks the same again; the form only puts each refusal next to its criterion."""

    overall_comment = forms.CharField(
        label=gettext_lazy("总体评价"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("可概述候选人担纲领衔重大科技任务的实力、攻关能力和成果。"),
    )

    def __init__(self, *args, criteria: list[RoundCriterion], disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            name = criterion.name.replace("%", "%%")
            score_messages = {
                "required": _("请为“%(name)s”打分（0至100的整数）。") % {"name": name},
                "invalid": _("“%(name)s”的得分须为整数。") % {"name": name},
                "min_value": _("“%(name)s”的得分须在0至100之间。") % {"name": name},
                "max_value": _("“%(name)s”的得分须在0至100之间。") % {"name": name},
            }
            self.fields[f"score_{criterion.code}"] = forms.IntegerField(
                label=_("得分"),
                min_value=SCORE_MIN,
                max_value=SCORE_MAX,
                error_messages=score_messages,
                widget=forms.NumberInput(
                    attrs={
                        "min": SCORE_MIN,
                        "max": SCORE_MAX,
                        "step": 1,
                        "inputmode": "numeric",
                        "class": "score-input",
                        "data-weight": str(criterion.weight),
                    }
                ),
            )
            self.fields[f"comment_{criterion.code}"] = forms.CharField(
                label=_("评语"),
                error_messages={
                    "required": _("请填写“%(name)s”的评语（第十一条：评价须说明创新能力和实际贡献，不只看数量）。")
                    % {"name": name}
                },
                widget=forms.Textarea(
                    attrs={"rows": 3, "placeholder": _("请用文字说明候选人在此项上的实际贡献与能力，而非只列数量。")}
                ),
            )
        if disabled:
            for field in self.fields.values():
                field.disabled = True

    @classmethod
    def initial_from(cls, sheet: ScoreSheet | None) -> dict:
        if sheet is None:
            return {}
        initial = {"overall_comment": sheet.overall_comment}
        initial.update({f"score_{code}": value for code, value in sheet.scores.items()})
        initial.update({f"comment_{code}": text for code, text in sheet.comments.items()})
        return initial

    def rows(self):
        for criterion in self.criteria:
            yield criterion, self[f"score_{criterion.code}"], self[f"comment_{criterion.code}"]

    def domain_data(self) -> dict:
        data = self.cleaned_data
        return {
            "scores": {c.code: data[f"score_{c.code}"] for c in self.criteria},
            "comments": {c.code: data[f"comment_{c.code}"] for c in self.criteria},
            "overall_comment": data.get("overall_comment", ""),
        }


def _other_sheets(request: HttpRequest, assignment: Assignment, criteria: list, engine: list) -> list[dict]:
    """After scoring closed: the other sheets of this candidate the expert may read
    (``selection.view_scoresheet``), without the other experts' names."""
    sheets = (
        visible_scoresheets(request.user)
        .filter(assignment__nomination=assignment.nomination)
        .exclude(assignment=assignment)
        .select_related("assignment__nomination__round", "assignment__expert")
        .order_by("assignment__pk")
    )
    shown = []
    for sheet in sheets:
        if not request.user.has_perm("selection.view_scoresheet", sheet):
            continue
        shown.append(
            {
                "label": _("其他评审意见%(n)s") % {"n": len(shown) + 1},
                "withdrawn": sheet.assignment.state == AssignmentState.WITHDRAWN,
                "total": _sheet_total(engine, sheet),
                "rows": [(c, sheet.scores.get(c.code), sheet.comments.get(c.code, "")) for c in criteria],
                "overall_comment": sheet.overall_comment,
            }
        )
    return shown


@login_required
@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """The scoring page of one assignment: the candidate's nomination, the criteria with their
    weight and evidence, a score and comment per criterion. Corrections while scoring is open;
    read-only after the close, when the other experts' sheets of this candidate are shown."""
    assignment = _own_assignment(request, pk)
    require(request.user, "selection.view_nomination", assignment.nomination)
    nomination = assignment.nomination
    round = nomination.round
    today = timezone.localdate()
    window = _window(round, today)
    criteria = list(round.criteria.all())
    engine = engine_criteria(round) if criteria else []
    sheet = ScoreSheet.objects.filter(assignment=assignment).first()
    in_review = nomination.state in IN_REVIEW_STATES
    editable = window == "open" and in_review
    form = ScoreSheetForm(
        request.POST if request.method == "POST" else None,
        criteria=criteria,
        disabled=not editable,
        initial=ScoreSheetForm.initial_from(sheet),
    )
    if request.method == "POST":
        require(request.user, "selection.score", assignment)
        if editable and form.is_valid():
            try:
                sheet = submit_scores(by=request.user, assignment=assignment, **form.domain_data())
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    _("评分已保存，本表加权总分 %(total)s 分。评审截止前可以修改。")
                    % {"total": _sheet_total(engine, sheet)},
                )
                return redirect("selection:review-score", pk=assignment.pk)
        elif not editable:
            form.add_error(
                None,
                _("不在评审期内（%(start)s至%(end)s），评分表只读。")
                % {"start": round.scoring_opens, "end": round.scoring_closes},
            )
    talent = nomination.talent
    return render(
        request,
        "selection/expert/score.html",
        {
            "assignment": assignment,
            "nomination": nomination,
            "round": round,
            "talent": talent,
            "co_applicants": [c.name for c in nomination.co_applicants.all()],
            # The materials of this candidate only, while the assignment is active (_own_assignment).
            "materials": grouped(nomination) if request.user.has_perm("selection.view_materials", nomination) else None,
            "form": form,
            "sheet": sheet,
            "total": _sheet_total(engine, sheet),
            "window": window,
            "editable": editable,
            "in_review": in_review,
            "state_label": EXPERT_STATE_LABELS[assignment.state],
            "state_tag": EXPERT_STATE_TAGS[assignment.state],
            "can_declare": ReviewItem(assignment, today).can_declare,
            "other_sheets": _other_sheets(request, assignment, criteria, engine) if window == "closed" else None,
            "nav_active": NAV,
        },
    )


@login_required
@require_POST
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    """回避: the assigned expert declares a conflict with a reason; the engine finds a replacement.
    Through htmx the list's round is swapped for its new state, progress included (from the scoring
    page the browser goes back to the list, since the candidate is no longer reachable)."""
    assignment = _own_assignment(request, pk)
    reason = request.POST.get("reason", "")
    from_score_page = request.POST.get("from") == "score"
    try:
        declare_conflict(by=request.user, assignment=assignment, reason=reason)
    except ValidationError as error:
        message = "；".join(error.messages)
        if request.htmx:
            return render(
                request,
                "selection/expert/_conflict_form.html",
                {
                    "assignment": assignment,
                    "error": message,
                    "reason": reason,
                    "from_page": "score" if from_score_page else "list",
                },
            )
        messages.error(request, message)
        if from_score_page:
            return redirect("selection:review-score", pk=assignment.pk)
        return redirect("selection:my-reviews")
    done = _("已声明回避。该候选人将另行安排专家评审，您不再能查看其材料。")
    if request.htmx and not from_score_page:
        round_id = assignment.nomination.round_id
        (group,) = _groups(request.user, timezone.localdate(), round_id=round_id)
        response = render(
            request,
            "selection/expert/_round_group.html",
            {"group": group, "notice": done, "notice_for": assignment.pk},
        )
        # The form swapped itself on errors; on success the round's whole block changes.
        response["HX-Retarget"] = f"#round-{round_id}"
        response["HX-Reswap"] = "outerHTML"
        return response
    messages.success(request, done)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("selection:my-reviews")
        return response
    return redirect("selection:my-reviews")
