"""参考数据维护: the system administrator's pages for the reference data (三员分立)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingcai.core.lists import paginate
from yingcai.registry.domain.reference_upkeep import KINDS, ReferenceKind, save_reference
from yingcai.registry.views.common import add_domain_errors

NAV = "reference"


def _kind(user, slug: str) -> ReferenceKind:
    if not user.has_perm("accounts.maintain_reference_data"):
        raise PermissionDenied
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404
    return kind


@login_required
def reference_index(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.maintain_reference_data"):
        raise PermissionDenied
    kinds = [(kind, kind.model.objects.count()) for kind in KINDS.values()]
    return render(request, "registry/reference/index.html", {"kinds": kinds, "nav_active": NAV})


@login_required
def reference_list(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(request.user, slug)
    related = [name for name in kind.fields if kind.model._meta.get_field(name).many_to_one]
    rows = kind.model.objects.select_related(*related)
    listing = paginate(request, rows, sortable={"code": "code", "name": "name"}, default="code")
    columns = [kind.model._meta.get_field(name) for name in dict.fromkeys(("code", *kind.fields))]
    table = [(row, [_display(row, c) for c in columns]) for row in listing.page]
    return render(
        request,
        "registry/reference/list.html",
        {"kind": kind, "listing": listing, "columns": columns, "table": table, "nav_active": NAV},
    )


def _display(row, field) -> str:
    if field.choices:
        return getattr(row, f"get_{field.name}_display")()
    value = getattr(row, field.name)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return "" if value is None else str(value)


def _form_class(kind: ReferenceKind):
    class ReferenceForm(forms.ModelForm):
        reason = forms.CharField(label=gettext_lazy("变更原因"), max_length=200)

        class Meta:
            model = kind.model
            fields = list(kind.fields)

    return ReferenceForm


@login_required
def reference_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    kind = _kind(request.user, slug)
    instance = get_object_or_404(kind.model, pk=pk) if pk is not None else None
    form = _form_class(kind)(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in kind.fields if name in form.cleaned_data}
        try:
            saved = save_reference(
                by=request.user,
                kind=kind,
                instance=instance,
                data=data,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "", "")
        else:
            messages.success(request, _("已保存：%(name)s") % {"name": saved})
            return redirect("registry:reference-list", slug=slug)
    return render(
        request,
        "registry/reference/edit.html",
        {"kind": kind, "form": form, "instance": instance, "nav_active": NAV},
    )
