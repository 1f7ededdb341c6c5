"""Pages of the nomination materials: the unit's page to maintain them (the office reads it too),
and the two ways a file is served — downloaded, or shown inline in the document viewer of the
scoring page. Both are checked per object (``selection.view_materials``: out of scope is 404, as
for the nomination itself) and logged when anyone but the nominating unit opens them."""

from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from yingcai.core.files import serve_file
from yingcai.core.forms import add_form_errors
from yingcai.registry.views.common import require
from yingcai.selection.domain import materials as domain
from yingcai.selection.domain.queries import visible_nominations
from yingcai.selection.enums import MaterialKind
from yingcai.selection.interfaces.material_forms import AchievementForm, DocumentForm, StatementsForm
from yingcai.selection.models import Nomination, NominationMaterial

NAV = "selection-nominations"
# The one response framed by the platform's own page: the PDF may be shown in a frame of the same
# origin (the rest of the platform keeps frame-ancestors 'none' and X-Frame-Options DENY), and
# Chromium's PDF viewer is a plugin that object-src 'none' would block.
INLINE_POLICY = {"frame-ancestors": ["'self'"], "object-src": ["'self'"]}


def _nomination(request: HttpRequest, pk: int) -> Nomination:
    nomination = get_object_or_404(
        visible_nominations(request.user).select_related("round", "talent", "unit"),
        pk=pk,
    )
    require(request.user, "selection.view_materials", nomination)
    return nomination


def _material(request: HttpRequest, pk: int) -> NominationMaterial:
    material = get_object_or_404(NominationMaterial.objects.select_related("nomination"), pk=pk)
    # Through the nomination: one the user cannot see is 404, as is the nomination itself.
    _nomination(request, material.nomination_id)
    return material


def grouped(nomination: Nomination) -> dict:
    """The materials by kind, in the order the experts read them."""
    items = list(domain.materials_of(nomination))
    cv_files = [m for m in items if m.kind == MaterialKind.CV]
    achievements = [m for m in items if m.kind == MaterialKind.ACHIEVEMENT]
    task_documents = [m for m in items if m.kind == MaterialKind.TASK_DOCUMENT]
    return {
        "cv_files": cv_files,
        "achievements": achievements,
        "task_documents": task_documents,
        # What the viewer opens with: the CV, else the first PDF in reading order.
        "first_pdf": next((m for m in (*cv_files, *achievements, *task_documents) if m.is_pdf), None),
        "count": len(items),
    }


def _render(request, nomination, *, document_form=None, achievement_form=None, statements_form=None, status=200):
    editable = domain.can_edit_materials(request.user, nomination)
    if editable:
        document_form = document_form or DocumentForm()
        achievement_form = achievement_form or AchievementForm()
        statements_form = statements_form or StatementsForm(
            initial={
                "cv_text": nomination.cv_text,
                "recommendation": nomination.recommendation,
                "version": nomination.version,
            }
        )
    return render(
        request,
        "selection/materials/page.html",
        {
            "nomination": nomination,
            "materials": grouped(nomination),
            "editable": editable,
            "document_form": document_form if editable else None,
            "achievement_form": achievement_form if editable else None,
            "statements_form": statements_form if editable else None,
            "nav_active": NAV,
        },
        status=status,
    )


@login_required
@require_GET
def materials_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _nomination(request, pk))


@login_required
@require_POST
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    require(request.user, "selection.edit_materials", nomination)
    achievement = request.POST.get("kind") == MaterialKind.ACHIEVEMENT
    form = (AchievementForm if achievement else DocumentForm)(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        extra = (
            {
                "achievement_kind": data["achievement_kind"],
                "title": data["title"],
                "achieved_on": data["achieved_on"],
                "description": data["description"],
            }
            if achievement
            else {}
        )
        try:
            domain.add_material(
                by=request.user,
                nomination=nomination,
                kind=MaterialKind.ACHIEVEMENT if achievement else data["kind"],
                file=data.get("file"),
                **extra,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("材料已上传。"))
            return redirect("selection:nomination-materials", pk=nomination.pk)
    forms = {"achievement_form": form} if achievement else {"document_form": form}
    return _render(request, nomination, status=400, **forms)


@login_required
@require_POST
def material_remove(request: HttpRequest, pk: int) -> HttpResponse:
    material = _material(request, pk)
    require(request.user, "selection.edit_materials", material.nomination)
    try:
        domain.remove_material(by=request.user, material=material, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("材料已删除。"))
    return redirect("selection:nomination-materials", pk=material.nomination_id)


@login_required
@require_POST
def statements_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    require(request.user, "selection.edit_materials", nomination)
    form = StatementsForm(request.POST)
    if form.is_valid():
        try:
            domain.update_statements(
                by=request.user,
                nomination=nomination,
                cv_text=form.cleaned_data["cv_text"],
                recommendation=form.cleaned_data["recommendation"],
                version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("简历与推荐意见已保存。"))
            return redirect("selection:nomination-materials", pk=nomination.pk)
    return _render(request, nomination, statements_form=form, status=400)


@login_required
@require_GET
def material_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The file as a download, under the name the unit gave it."""
    material = _material(request, pk)
    response = serve_file(material.file, filename=material.original_name)
    domain.record_view(by=request.user, material=material, inline=False)
    return response


@login_required
@require_GET
@xframe_options_sameorigin
@csp_replace(INLINE_POLICY)
def material_inline(request: HttpRequest, pk: int) -> HttpResponse:
    """A PDF shown inline (Content-Disposition: inline), for the viewer frame of the scoring page."""
    material = _material(request, pk)
    if not material.is_pdf:
        raise Http404(_("该文件不能在线查看，请下载后阅读。"))
    response = serve_file(material.file, filename=material.original_name, inline=True)
    domain.record_view(by=request.user, material=material, inline=True)
    return response
