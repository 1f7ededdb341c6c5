"""The system administrator's account pages (三员分立). Each change goes through
yingcai/accounts/domain/accounts.py, which checks the actor and writes the audit log. They live in
the console (the top layer) because their forms pick a jurisdiction, unit or talent of the registry,
which the accounts app below it does not import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.accounts.domain import accounts as domain
from yingcai.accounts.enums import ADMINISTRATOR_ROLES
from yingcai.accounts.models import User
from yingcai.console.account_forms import AccountFilterForm, AccountForm, ReasonForm
from yingcai.core.lists import paginate
from yingcai.registry.views.common import add_domain_errors, require

NAV = "accounts"
SORTS = {"username": "username", "name": "full_name", "role": "role", "joined": "date_joined", "login": "last_login"}


def _manageable(actor, account: User) -> bool:
    return account.pk != actor.pk and account.role not in ADMINISTRATOR_ROLES


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "accounts.manage_accounts")
    accounts = User.objects.select_related("jurisdiction", "unit", "talent")
    filters = AccountFilterForm(request.GET)
    if filters.is_valid():
        if q := filters.cleaned_data["q"].strip():
            accounts = accounts.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
        if role := filters.cleaned_data["role"]:
            accounts = accounts.filter(role=role)
        if active := filters.cleaned_data["active"]:
            accounts = accounts.filter(is_active=active == "1")
    listing = paginate(request, accounts, sortable=SORTS, default="username")
    return render(
        request, "accounts/account_list.html", {"filter": {"form": filters}, "listing": listing, "nav_active": NAV}
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "accounts.manage_accounts")
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account, password = domain.create_account(
                actor=request.user, username=form.cleaned_data["username"], **form.domain_data()
            )
        except ValidationError as error:
            add_domain_errors(request, form, error, "accounts:edit", "accounts.manage_accounts")
        else:
            return _show_password(request, account, password, created=True)
    return render(request, "accounts/account_form.html", {"form": form, "nav_active": NAV})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "accounts.manage_accounts")
    account = get_object_or_404(User.objects.select_related("jurisdiction", "unit", "talent"), pk=pk)
    form = AccountForm(request.POST or None, account=account)
    if request.method == "POST":
        if not _manageable(request.user, account):
            raise PermissionDenied
        if form.is_valid():
            try:
                domain.update_account(
                    actor=request.user, account=account, reason=form.cleaned_data["reason"], **form.domain_data()
                )
            except ValidationError as error:
                add_domain_errors(request, form, error, "accounts:edit", "accounts.manage_accounts")
            else:
                messages.success(request, _("账号已保存。"))
                return redirect("accounts:edit", pk=account.pk)
    return render(
        request,
        "accounts/account_form.html",
        {
            "form": form,
            "account": account,
            "manageable": _manageable(request.user, account),
            "reason_form": ReasonForm(),
            "nav_active": NAV,
        },
    )


@login_required
@require_POST
def account_set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    require(request.user, "accounts.manage_accounts")
    account = get_object_or_404(User, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写停用或启用的原因。"))
        return redirect("accounts:edit", pk=account.pk)
    domain.set_account_active(actor=request.user, account=account, active=active, reason=form.cleaned_data["reason"])
    messages.success(request, _("账号已启用。") if active else _("账号已停用，其登录会话已全部结束。"))
    return redirect("accounts:edit", pk=account.pk)


@never_cache
@login_required
@require_POST
def account_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "accounts.manage_accounts")
    account = get_object_or_404(User, pk=pk)
    password = domain.reset_password(actor=request.user, account=account, reason=request.POST.get("reason", ""))
    return _show_password(request, account, password, created=False)


def _show_password(request: HttpRequest, account: User, password: str, *, created: bool) -> HttpResponse:
    """The generated password is on this one answer only (never stored in clear, never cached)."""
    return render(
        request,
        "accounts/account_password.html",
        {"account": account, "password": password, "created": created, "nav_active": NAV},
    )
