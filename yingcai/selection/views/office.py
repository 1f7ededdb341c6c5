"""Pages of the selection rounds: the list, opening a round, the round page with the assignment,
the scoring progress, the results and the shortlist, and the exports."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yingcai.core.forms import add_form_errors
from yingcai.core.lists import paginate
from yingcai.policy.domain import rule_in_force
from yingcai.publicity.domain import publicity_of
from yingcai.registry.views.common import require
from yingcai.selection.domain import rules_keys
from yingcai.selection.domain.assignments import assign_experts, assignment_blocker, withdraw_expert
from yingcai.selection.domain.conflicts import round_exclusions
from yingcai.selection.domain.queries import round_progress, visible_nominations, visible_rounds
from yingcai.selection.domain.results import decide_shortlist, in_rank_order, results
from yingcai.selection.domain.rounds import create_round, update_round
from yingcai.selection.enums import NominationState, RoundState
from yingcai.selection.interfaces import exporters
from yingcai.selection.interfaces.forms import (
    RoundEditForm,
    RoundForm,
    ShortlistForm,
    WithdrawExpertForm,
    criteria_formset,
    kept_criteria,
)
from yingcai.selection.models import Expert, Nomination, SelectionRound

NAV = "selection-rounds"
ROUND_SORTS = {"year": "year", "name": "name", "nomination": "nomination_opens", "state": "state"}
# The steps a round goes through, for the progress strip.
STEPS = [
    (RoundState.OPEN, gettext_lazy("推荐与形式审查")),
    (RoundState.EXPERTS_ASSIGNED, gettext_lazy("专家评审")),
    (RoundState.SHORTLISTED, gettext_lazy("确定拟入选名单")),
    (RoundState.IN_PUBLICITY, gettext_lazy("公示")),
    (RoundState.APPROVED, gettext_lazy("批准")),
]


def _round(request: HttpRequest, pk: int) -> SelectionRound:
    return get_object_or_404(visible_rounds(request.user), pk=pk)


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "selection.view_rounds")
    rounds = visible_rounds(request.user).annotate(
        nomination_count=Count("nominations", filter=~Q(nominations__state=NominationState.WITHDRAWN), distinct=True)
    )
    listing = paginate(request, rounds, sortable=ROUND_SORTS, default="-year")
    return render(
        request,
        "selection/round_list.html",
        {"listing": listing, "today": timezone.localdate(), "nav_active": NAV},
    )


def _caps(on):
    return {key: rule_in_force(key, on) for key in rules_keys.ROUND_RULES}


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "selection.manage_round")
    form = RoundForm(request.POST or None, initial={"year": timezone.localdate().year})
    formset = criteria_formset(request.POST if request.method == "POST" else None)
    criterion_errors: list[str] = []
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        criteria = kept_criteria(formset)
        try:
            round = create_round(by=request.user, data=form.domain_data(), criteria=criteria)
        except ValidationError as error:
            criterion_errors = _errors_per_criterion(formset, error.messages)
        else:
            messages.success(request, _("遴选批次已发布。"))
            return redirect("selection:round-detail", pk=round.pk)
    return render(
        request,
        "selection/round_form.html",
        {
            "form": form,
            "formset": formset,
            "criterion_errors": criterion_errors,
            "caps": _caps(timezone.localdate()),
            "nav_active": NAV,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the dates and the quota of a published round (extend a deadline), with a reason."""
    round = _round(request, pk)
    require(request.user, "selection.manage_round")
    form = RoundEditForm(request.POST or None, instance=round)
    if request.method == "POST" and form.is_valid():
        try:
            update_round(
                by=request.user,
                round=round,
                data=form.domain_data(),
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data.get("version"),
                on=timezone.localdate(),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("批次日期和名额已修改。"))
            return redirect("selection:round-detail", pk=round.pk)
    round.refresh_from_db()
    return render(request, "selection/round_edit.html", {"round": round, "form": form, "nav_active": NAV})


def _errors_per_criterion(formset, errors: list[str]) -> list[str]:
    """Put each refusal of ``create_round`` that names a criterion on that criterion's row (as
    ``form.rule_errors``); return the others (the sum of the weights, the count criteria together)."""
    general = []
    for message in errors:
        rows = [
            f
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE") and f"“{f.cleaned_data['name']}”" in message
        ]
        for form in rows:
            form.rule_errors = [*getattr(form, "rule_errors", []), message]
        if not rows:
            general.append(message)
    return general


def _steps(round: SelectionRound) -> list[tuple[str, str]]:
    order = [s for s, _label in STEPS]
    now = order.index(round.state)
    return [(label, "done" if i < now else "now" if i == now else "") for i, (_state, label) in enumerate(STEPS)]


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_round(request, _round(request, pk))


def render_round(request, round: SelectionRound, *, withdraw_form=None, shortlist_form=None) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    is_office = user.has_perm("selection.manage_round")
    nominations = list(
        visible_nominations(user).filter(round=round).select_related("talent", "unit", "field").order_by("pk")
    )
    counts = {state: 0 for state in NominationState.values}
    for n in nominations:
        counts[n.state] += 1
    context = {
        "round": round,
        "criteria": list(round.criteria.all()),
        "steps": _steps(round),
        "nominations": nominations,
        "counts": [(NominationState(s).label, c, s) for s, c in counts.items()],
        "is_office": is_office,
        "can_edit_round": user.has_perm("selection.manage_round") and round.state != RoundState.APPROVED,
        "can_nominate": user.has_perm("selection.nominate") and not is_office and round.nomination_open_on(today),
        "scoring_closed": round.scoring_closed_on(today),
        "today": today,
        "nav_active": NAV,
    }
    if is_office:
        progress = round_progress(round)
        context.update(
            progress=progress,
            still_submitted=counts[NominationState.SUBMITTED],
            can_assign=round.state == RoundState.OPEN,
            assign_blocker=assignment_blocker(round, today),
            exclusions=round_exclusions(by=user, round=round) if user.has_perm("selection.view_conflicts") else [],
            can_withdraw_expert=round.state == RoundState.EXPERTS_ASSIGNED,
            withdraw_form=withdraw_form or WithdrawExpertForm(round=round),
            short=[
                (n, progress.short_of(n.pk, round.experts_per_candidate))
                for n in nominations
                if n.state in (NominationState.SUBMITTED, NominationState.ACCEPTED)
                and round.state != RoundState.OPEN
                and progress.short_of(n.pk, round.experts_per_candidate)
            ],
            publicity=publicity_of(round),
        )
        for n in nominations:
            n.expert_count = progress.experts_of.get(n.pk, 0)
            n.sheet_count = progress.sheets_of.get(n.pk, 0)
        if context["scoring_closed"] and round.state != RoundState.OPEN:
            context.update(_results_context(request, round, nominations, shortlist_form))
    return render(request, "selection/round_detail.html", context)


def _results_context(request, round: SelectionRound, nominations, shortlist_form) -> dict:
    result = results(by=request.user, round=round)
    by_id = {n.pk: n for n in nominations}
    rows = [(c, by_id[c.candidate_id]) for c in result.candidates if c.candidate_id in by_id]
    ranked = [(c, n) for c, n in rows if c.score is not None]
    deciding = round.state == RoundState.EXPERTS_ASSIGNED
    if deciding and shortlist_form is None:
        top = [c.candidate_id for c, _n in ranked if in_rank_order(c.rank, round.quota)][: round.quota]
        shortlist_form = ShortlistForm(
            choices=[(n.pk, n.talent.name) for _c, n in ranked], initial={"nominations": top}
        )
    chart = {
        "labels": [n.talent.name for _c, n in ranked],
        "values": [float(c.score) for c, _n in ranked],
    }
    chosen = set()
    if shortlist_form is not None:
        value = shortlist_form["nominations"].value() or []
        chosen = {int(v) for v in value if str(v).isdigit()}
    names = dict(Expert.objects.filter(assignments__nomination__round=round).values_list("pk", "name").distinct())
    trim = round.rules.filter(key=rules_keys.TRIM_MIN_SCORES).first()
    return {
        "result": result,
        "result_rows": [
            (c, n, c.candidate_id in chosen, in_rank_order(c.rank, round.quota), _explain(c, names, trim))
            for c, n in rows
        ],
        "chart": chart,
        "shortlist_form": shortlist_form if deciding else None,
        "method_label": round.get_aggregation_method_display(),
    }


def _explain(candidate, names: dict, trim_rule) -> list[str]:
    """The engine's explanation in sentences, naming the experts (the engine only knows ids)."""
    explanation = candidate.explanation
    lines = []
    for d in explanation.dropped:
        label = _("去掉最高分") if d.why == "highest" else _("去掉最低分")
        lines.append(
            _("%(what)s：%(name)s，%(total)s")
            % {"what": label, "name": names.get(d.expert_id, d.expert_id), "total": d.total.quantize(Decimal("0.0001"))}
        )
    for e in explanation.excluded:
        lines.append(_("%(name)s：%(message)s") % {"name": names.get(e.expert_id, e.expert_id), "message": e.message})
    for expert_id in explanation.neutral_experts:
        lines.append(
            _("%(name)s：只评了一位候选人或给分全部相同，无法标准化，按0（平均水平）计。")
            % {"name": names.get(expert_id, expert_id)}
        )
    if candidate.score is None:
        lines.append(_("没有有效评分，不参加排名。"))
    elif explanation.method == "trimmed_mean" and not explanation.dropped and trim_rule is not None:
        lines.append(
            _("有效评分%(n)s个，不足%(min)s个，未去掉最高分和最低分（%(rule)s）。")
            % {"n": candidate.score_count, "min": trim_rule.number, "rule": trim_rule.citation}
        )
    return lines


@login_required
@require_POST
def round_assign(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    require(request.user, "selection.assign_experts")
    try:
        report = assign_experts(by=request.user, round=round, on=timezone.localdate())
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(
            request, _("已为%(n)s项推荐分配评审专家。") % {"n": len({a.nomination_id for a in report.assignments})}
        )
        for shortfall in report.shortfalls:
            messages.warning(request, shortfall.reason)
    return redirect("selection:round-detail", pk=round.pk)


@login_required
@require_POST
def round_withdraw_expert(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    require(request.user, "selection.assign_experts")
    form = WithdrawExpertForm(request.POST, round=round)
    if form.is_valid():
        try:
            outcome = withdraw_expert(
                by=request.user, round=round, expert=form.cleaned_data["expert"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("专家%(name)s已退出本批次评审，%(n)s项评审任务已替换。")
                % {"name": form.cleaned_data["expert"].name, "n": len(outcome.replacements)},
            )
            for why in set(outcome.unreplaced.values()):
                messages.warning(request, why)
            return redirect("selection:round-detail", pk=round.pk)
    return render_round(request, round, withdraw_form=form)


@login_required
@require_POST
def round_shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    require(request.user, "selection.decide_shortlist")
    if not round.scoring_closed_on(timezone.localdate()):
        raise PermissionDenied
    ids = Nomination.objects.filter(round=round).values_list("pk", "talent__name")
    form = ShortlistForm(request.POST, choices=list(ids))
    if form.is_valid():
        try:
            decide_shortlist(
                by=request.user,
                round=round,
                nomination_ids=form.cleaned_data["nominations"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("拟入选名单已确定。"))
            return redirect("selection:round-detail", pk=round.pk)
    round.refresh_from_db()
    return render_round(request, round, shortlist_form=form)


@login_required
@require_GET
def export_scores(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    return exporters.export_score_sheet(user=request.user, round=round)


@login_required
@require_GET
def export_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    round = _round(request, pk)
    return exporters.export_ranking(user=request.user, round=round)
