"""Pages of the applications: the list, applying and editing, the detail with its evidence, the review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yingcai.accounts.enums import Role
from yingcai.audit.domain import history_of, record
from yingcai.audit.models import AuditAction
from yingcai.certification.domain import applications
from yingcai.certification.domain.certificates import certificate_status, issue_blocker
from yingcai.certification.domain.queries import certifications_for_list, visible_certifications
from yingcai.certification.enums import CertificationBasis, CertificationState
from yingcai.certification.interfaces.filters import CertificationFilter
from yingcai.certification.interfaces.forms import (
    ApplicationForm,
    EvidenceCheckForm,
    EvidenceForm,
    ReviewForm,
    RevokeForm,
    full_time_introductions,
    split_honours,
    talents_at,
)
from yingcai.certification.models import Certification, Evidence
from yingcai.certification.workflow import CERTIFICATION_REVIEW, review_buttons
from yingcai.core.decisions import render_decision
from yingcai.core.files import serve_file
from yingcai.core.lists import paginate
from yingcai.policy.tiers import honours_in_force, tiers_in_force
from yingcai.registry.domain.queries import visible_talents, visible_units
from yingcai.registry.views.common import add_domain_errors, require
from yingcai.workflows.engine import steps_of

SORTS = {
    "talent": "talent__name_pinyin",
    "unit": "unit__name",
    "tier": "tier_code",
    "state": "state",
    "created": "created_at",
    "certified": "certified_on",
}
NAV = "certification"


def visible_certification(request: HttpRequest, pk: int, perm: str) -> Certification:
    """The record if it is in the user's scope (404 otherwise) and the user may `perm` it (403)."""
    certification = get_object_or_404(
        certifications_for_list(visible_certifications(request.user)).select_related(
            "unit__department", "introduction", "created_by"
        ),
        pk=pk,
    )
    require(request.user, perm, certification)
    return certification


@login_required
def certification_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "certification.list")
    found = CertificationFilter(request.GET, queryset=visible_certifications(request.user), request=request)
    listing = paginate(request, certifications_for_list(found.qs), sortable=SORTS, default="-created")
    return render(
        request,
        "certification/certification_list.html",
        {"filter": found, "listing": listing, "nav_active": NAV},
    )


def _form(request: HttpRequest, certification: Certification | None = None) -> ApplicationForm:
    today = timezone.localdate()
    initial = {k: request.GET[k] for k in ("unit", "talent") if request.GET.get(k, "").isdigit()}
    return ApplicationForm(
        request.POST or None,
        user=request.user,
        certification=certification,
        tiers=tiers_in_force(today),
        honours=honours_in_force(today),
        initial=initial,
    )


def _form_page(request: HttpRequest, form: ApplicationForm, certification: Certification | None) -> HttpResponse:
    return render(
        request,
        "certification/application_form.html",
        {
            "form": form,
            "certification": certification,
            "tiers": tiers_in_force(timezone.localdate()),
            "preview": _preview_of(request, form, certification),
            "nav_active": NAV,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def certification_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "certification.apply")
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data.get("unit") or request.user.unit
        try:
            certification = applications.apply(
                by=request.user, talent=form.cleaned_data["talent"], unit=unit, **form.domain_data()
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "certification:detail", "certification.view")
        else:
            messages.success(request, _("认定申请已保存为草稿。上传证明材料后请点击“提交审核”。"))
            return redirect("certification:detail", pk=certification.pk)
    return _form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def certification_edit(request: HttpRequest, pk: int) -> HttpResponse:
    certification = visible_certification(request, pk, "certification.edit")
    form = _form(request, certification)
    if request.method == "POST" and form.is_valid():
        try:
            applications.update_application(
                by=request.user,
                certification=certification,
                data=form.domain_data(),
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "certification:detail", "certification.view")
        else:
            messages.success(request, _("认定申请已保存。"))
            return redirect("certification:detail", pk=certification.pk)
    return _form_page(request, form, certification)


@login_required
@require_GET
def talent_options(request: HttpRequest) -> HttpResponse:
    """htmx: the talents of the chosen unit, as <option>s of the application form."""
    require(request.user, "certification.apply")
    unit_id = request.GET.get("unit", "")
    if request.user.role == Role.UNIT:
        unit_id = request.user.unit_id
    talents = talents_at(int(unit_id)) if str(unit_id).isdigit() else []
    field = ApplicationForm.base_fields["talent"]
    options = [(t.pk, field.label_from_instance(t)) for t in talents]
    return render(request, "certification/_options.html", {"options": options, "empty": _("该单位暂无在职人才")})


@login_required
@require_GET
def introduction_options(request: HttpRequest) -> HttpResponse:
    """htmx: the chosen talent's confirmed full-time introductions at the unit."""
    require(request.user, "certification.apply")
    unit_id = request.user.unit_id if request.user.role == Role.UNIT else request.GET.get("unit", "")
    talent_id = request.GET.get("talent", "")
    introductions = []
    if str(unit_id).isdigit() and talent_id.isdigit():
        unit = visible_units(request.user).filter(pk=unit_id).first()
        if unit is not None:
            introductions = full_time_introductions(int(talent_id), unit.pk)
    field = ApplicationForm.base_fields["introduction"]
    options = [(i.pk, field.label_from_instance(i)) for i in introductions]
    return render(
        request,
        "certification/_options.html",
        {"options": options, "empty": _("无已确认的全职引进记录（柔性引进不能申报）")},
    )


def _preview_of(request: HttpRequest, form: ApplicationForm, certification: Certification | None) -> dict | None:
    """The explanation for what is typed into the form, or None while it lacks a talent or a tier."""
    data = form.data if form.is_bound else {**form.initial}
    if certification is not None:
        talent, unit = certification.talent, certification.unit
    else:
        unit_id = request.user.unit_id if request.user.role == Role.UNIT else data.get("unit")
        unit = visible_units(request.user).filter(pk=unit_id).first() if str(unit_id or "").isdigit() else None
        talent_id = data.get("talent")
        talent = visible_talents(request.user).filter(pk=talent_id).first() if str(talent_id or "").isdigit() else None
    tier_code = data.get("tier_code") or ""
    basis = data.get("basis") or ""
    if talent is None or unit is None or not tier_code or basis not in CertificationBasis.values:
        return None
    introduction_id = data.get("introduction")
    introduction = (
        full_time_introductions(talent.pk, unit.pk).filter(pk=introduction_id).first()
        if str(introduction_id or "").isdigit()
        else None
    )
    if hasattr(data, "getlist"):
        honours = [*data.getlist("honours"), *split_honours(data.get("other_honours", ""))]
    else:
        honours = [*data.get("honours", []), *split_honours(data.get("other_honours", ""))]
    cultivated_on = (
        form.fields["cultivated_on"].to_python(data.get("cultivated_on")) if _valid_date(form, data) else None
    )
    return applications.preview(
        talent=talent,
        unit=unit,
        tier_code=tier_code,
        basis=basis,
        introduction=introduction,
        honours=honours,
        civil_servant=str(data.get("civil_servant", "")).lower() in ("on", "true", "1"),
        cultivation_note=data.get("cultivation_note", "") or "",
        cultivated_on=cultivated_on,
        certification=certification,
    )


def _valid_date(form: ApplicationForm, data) -> bool:
    try:
        form.fields["cultivated_on"].to_python(data.get("cultivated_on"))
    except ValidationError:
        return False
    return True


@login_required
@require_POST
def preview(request: HttpRequest) -> HttpResponse:
    """htmx: the live eligibility explanation while the application form is filled in."""
    certification = None
    pk = request.POST.get("certification", "")
    if pk.isdigit():
        certification = visible_certification(request, int(pk), "certification.edit")
    else:
        require(request.user, "certification.apply")
    form = _form(request, certification)
    return render(
        request,
        "certification/_eligibility.html",
        {"explanation": _preview_of(request, form, certification), "live": True},
    )


@login_required
def certification_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, visible_certification(request, pk, "certification.view"))


def render_detail(request: HttpRequest, certification: Certification, *, evidence_form: EvidenceForm | None = None):
    user = request.user
    today = timezone.localdate()
    editable = certification.state in applications.EDITABLE_STATES
    can_edit = editable and user.has_perm("certification.edit", certification)
    # The stored explanation is the one a decision used (read in today's language, whichever code
    # stored it); a draft shows today's check instead.
    explanation = render_decision(certification.eligibility) or None
    if editable or not explanation:
        explanation = applications.check_eligibility(certification, today)
    steps = [(step, CERTIFICATION_REVIEW.label_of(step.to_state)) for step in steps_of(certification)]
    certified = certification.certificate_number is not None
    return render(
        request,
        "certification/certification_detail.html",
        {
            "certification": certification,
            "explanation": explanation,
            "explanation_is_stored": bool(certification.eligibility) and not editable,
            "evidence": certification.evidence.select_related("uploaded_by", "checked_by"),
            "evidence_form": evidence_form if evidence_form is not None else (EvidenceForm() if can_edit else None),
            "can_edit": can_edit,
            "can_check": _can_check(user, certification),
            "check_form": EvidenceCheckForm(),
            "transitions": review_buttons(user, certification),
            "steps": steps,
            "certified": certified,
            "can_download": certified and user.has_perm("certification.download_certificate", certification),
            "can_revoke": certification.state == CertificationState.CERTIFIED
            and user.has_perm("certification.revoke", certification),
            "revoke_form": RevokeForm(),
            "status": certificate_status(certification, today) if certified else None,
            # On the way to its certificate: what must still be verified before one is issued.
            "issue_blocker": issue_blocker(certification)
            if certification.state
            in (CertificationState.COUNTY_APPROVED, CertificationState.OFFICE_APPROVED, CertificationState.IN_PUBLICITY)
            else "",
            "entry": _entry_of(certification),
            "history": history_of(certification)[:50] if user.role != Role.TALENT else None,
            "nav_active": NAV,
        },
    )


def _can_check(user, certification: Certification) -> bool:
    if not user.has_perm("certification.check_evidence", certification):
        return False
    return certification.state in applications.CHECK_STATES.get(user.role, ())


def _entry_of(certification: Certification):
    if certification.state not in (
        CertificationState.IN_PUBLICITY,
        CertificationState.CERTIFIED,
        CertificationState.REJECTED,
        CertificationState.REVOKED,
    ):
        return None
    from yingcai.publicity.domain import entry_of

    return entry_of(certification)


@login_required
@require_POST
def certification_review(request: HttpRequest, pk: int) -> HttpResponse:
    certification = visible_certification(request, pk, "certification.view")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        if "transition" in form.errors:
            return HttpResponseBadRequest(_("未知的审核操作。"))
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("certification:detail", pk=certification.pk)
    transition = CERTIFICATION_REVIEW.transition(form.cleaned_data["transition"])
    try:
        applications.review(
            by=request.user, certification=certification, transition=transition.name, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已完成“%(action)s”。") % {"action": transition.label})
    return redirect("certification:detail", pk=certification.pk)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    certification = visible_certification(request, pk, "certification.add_evidence")
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            applications.add_evidence(
                by=request.user,
                certification=certification,
                kind=form.cleaned_data["kind"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("file" if not hasattr(error, "error_dict") else None, message)
        else:
            messages.success(request, _("材料已上传。"))
            return redirect("certification:detail", pk=certification.pk)
    return render_detail(request, certification, evidence_form=form)


def _visible_evidence(request: HttpRequest, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("certification"), pk=pk)
    # Through the certification: out of scope is 404, as for the application itself.
    visible_certification(request, evidence.certification_id, "certification.view_evidence")
    return evidence


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _visible_evidence(request, pk)
    response = serve_file(evidence.file, filename=evidence.original_name, inline=True)
    # Certificates, contracts and ID copies are personal data: every opening is logged.
    record(
        actor=request.user,
        action=AuditAction.VIEW_PERSONAL_DATA,
        target=evidence.certification,
        changes={"evidence": evidence.original_name},
        reason=_("查看认定材料"),
    )
    return response


@login_required
@require_POST
def evidence_check(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _visible_evidence(request, pk)
    form = EvidenceCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择核验结果。"))
    else:
        try:
            applications.check_evidence(
                by=request.user, evidence=evidence, result=form.cleaned_data["result"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已记录核验结果。"))
    return redirect("certification:detail", pk=evidence.certification_id)


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _visible_evidence(request, pk)
    try:
        applications.remove_evidence(by=request.user, evidence=evidence, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("材料已删除。"))
    return redirect("certification:detail", pk=evidence.certification_id)
