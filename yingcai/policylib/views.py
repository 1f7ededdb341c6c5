"""Pages of the policy library. The list, detail and downloads are public (公众); a policy the
reader may not see does not exist for them (404), so drafts are not given away."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.audit.domain import history_of
from yingcai.core.files import serve_file
from yingcai.core.lists import paginate
from yingcai.policylib import domain
from yingcai.policylib.interfaces.filters import PolicyFilter
from yingcai.policylib.interfaces.forms import AttachmentForm, DeleteForm, PolicyForm
from yingcai.policylib.models import Policy, PolicyAttachment
from yingcai.policylib.queries import paragraphs, policies_for_list, visible_policies
from yingcai.registry.views.common import add_domain_errors

POLICY_SORTS = {"issued": "sort_date", "updated": "updated_at"}


def _visible_policy(request: HttpRequest, pk: int) -> Policy:
    policy = get_object_or_404(Policy.objects.select_related("region", "created_by"), pk=pk)
    if not request.user.has_perm("policylib.view_policy", policy):
        raise Http404
    return policy


def _require(request: HttpRequest, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def policy_list(request: HttpRequest) -> HttpResponse:
    policy_filter = PolicyFilter(request.GET, queryset=visible_policies(request.user), request=request)
    listing = paginate(request, policies_for_list(policy_filter.qs), sortable=POLICY_SORTS, default="-issued")
    return render(
        request,
        "policylib/policy_list.html",
        {"filter": policy_filter, "listing": listing, "nav_active": "policy"},
    )


def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible_policy(request, pk))


def _render_detail(request: HttpRequest, policy: Policy, attachment_form: AttachmentForm | None = None):
    can_manage = request.user.has_perm("policylib.change_policy", policy)
    if can_manage and attachment_form is None:
        attachment_form = AttachmentForm()
    return render(
        request,
        "policylib/policy_detail.html",
        {
            "policy": policy,
            "paragraphs": paragraphs(policy.full_text),
            "attachments": policy.attachments.all(),
            "can_manage": can_manage,
            "attachment_form": attachment_form if can_manage else None,
            # Who changed what, and from where, is for those who manage the policy, not the public.
            "history": history_of(policy)[:50] if can_manage else None,
            "nav_active": "policy",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    _require(request, "policylib.add_policy")
    form = PolicyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            policy = domain.create_policy(by=request.user, data=form.domain_data())
        except ValidationError as error:
            add_domain_errors(request, form, error, "policylib:detail", "policylib.view_policy")
        else:
            messages.success(request, _("政策已保存为草稿，上传附件并核对无误后即可发布。"))
            return redirect("policylib:detail", pk=policy.pk)
    return render(request, "policylib/policy_form.html", {"form": form, "nav_active": "policy"})


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _visible_policy(request, pk)
    _require(request, "policylib.change_policy", policy)
    form = PolicyForm(request.POST or None, instance=policy, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_policy(
                by=request.user, policy=policy, data=form.domain_data(), version=form.cleaned_data.get("version")
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "policylib:detail", "policylib.view_policy")
        else:
            messages.success(request, _("政策已保存。"))
            return redirect("policylib:detail", pk=policy.pk)
    return render(request, "policylib/policy_form.html", {"form": form, "policy": policy, "nav_active": "policy"})


@login_required
@require_http_methods(["GET", "POST"])
def policy_delete(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _visible_policy(request, pk)
    _require(request, "policylib.delete_policy", policy)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        domain.delete_policy(by=request.user, policy=policy, reason=form.cleaned_data["reason"])
        messages.success(request, _("政策已删除。"))
        return redirect("policylib:list")
    return render(
        request, "policylib/policy_confirm_delete.html", {"form": form, "policy": policy, "nav_active": "policy"}
    )


@login_required
@require_POST
def policy_publish(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _visible_policy(request, pk)
    _require(request, "policylib.publish_policy", policy)
    try:
        domain.publish_policy(by=request.user, policy=policy)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("政策已发布，公众可以查看。"))
    return redirect("policylib:detail", pk=policy.pk)


@login_required
@require_POST
def policy_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _visible_policy(request, pk)
    _require(request, "policylib.publish_policy", policy)
    try:
        domain.unpublish_policy(by=request.user, policy=policy, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("政策已撤回，公众不再可见。"))
    return redirect("policylib:detail", pk=policy.pk)


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _visible_policy(request, pk)
    _require(request, "policylib.change_policy", policy)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            domain.add_attachment(
                by=request.user, policy=policy, file=form.cleaned_data["file"], name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("附件已上传。"))
            return redirect("policylib:detail", pk=policy.pk)
    return _render_detail(request, policy, attachment_form=form)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(PolicyAttachment.objects.select_related("policy"), pk=pk)
    if not request.user.has_perm("policylib.download_attachment", attachment):
        raise Http404
    _require(request, "policylib.change_attachment", attachment)
    domain.remove_attachment(by=request.user, attachment=attachment, reason=request.POST.get("reason", ""))
    messages.success(request, _("附件已删除。"))
    return redirect("policylib:detail", pk=attachment.policy_id)


def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """The only way a policy file leaves the server: media is not served, so a draft's file
    cannot be fetched by its path."""
    attachment = get_object_or_404(PolicyAttachment.objects.select_related("policy"), pk=pk)
    if not request.user.has_perm("policylib.download_attachment", attachment):
        raise Http404
    return serve_file(attachment.file, filename=attachment.name)
