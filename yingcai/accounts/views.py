"""Signing in and out, the second factor, one's own account and password, and the security
administrator's page of locked accounts and second factors."""

from urllib.parse import urlsplit

import django_otp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from yingcai.accounts import lockout, passwords, reset_limit, twofactor
from yingcai.accounts.models import LoginLock, User
from yingcai.audit.domain import record
from yingcai.audit.domain.context import request_ip
from yingcai.audit.models import AuditAction


class LockoutAuthenticationForm(AuthenticationForm):
    """The password is not even checked while the name is locked or the address is being slowed;
    every check takes its slot first, so parallel guesses cannot pass the limit."""

    attempt: lockout.Attempt | None = None

    def clean(self):
        username = self.cleaned_data.get("username")
        if not (username and self.cleaned_data.get("password")):
            return super().clean()
        self.attempt = lockout.begin(username, request_ip.get())
        if self.attempt.refused == lockout.LOCKED:
            raise ValidationError(
                _("登录失败次数过多，已暂停登录%(minutes)s分钟。请稍后再试，或联系管理员重置密码。")
                % {"minutes": settings.LOGIN_LOCK_MINUTES},
                code="locked",
            )
        if self.attempt.refused == lockout.SLOWED:
            raise ValidationError(
                _("来自您网络地址的登录失败次数过多，每%(seconds)s秒只能尝试一次，请稍后再试。")
                % {"seconds": settings.LOGIN_IP_SLOW_SECONDS},
                code="slowed",
            )
        try:
            return super().clean()
        except ValidationError:
            lockout.failed(self.attempt)
            raise


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = LockoutAuthenticationForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_logins"] = settings.DEMO_EXEMPT_LOGINS
        return context

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        lockout.succeeded(self.request.user.get_username())
        record(actor=self.request.user, action=AuditAction.LOGIN)
        return response

    def form_invalid(self, form) -> HttpResponse:
        username = (form.data.get("username") or "")[:150]
        codes = {e.code for e in form.errors.as_data().get("__all__", [])}
        reason = _("已锁定") if "locked" in codes else _("已限速") if "slowed" in codes else ""
        record(actor=None, action=AuditAction.LOGIN_FAILED, changes={"username": username}, reason=reason)
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            record(actor=request.user, action=AuditAction.LOGOUT)
        return super().post(request, *args, **kwargs)


def _next_url(request: HttpRequest, default: str = "home") -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(default)


# --- the second factor -----------------------------------------------------------------------------


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("动态口令或恢复码"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, for a user who has a second factor."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = twofactor.verify(user=request.user, token=form.cleaned_data["token"])
        if device is not None:
            request.session.cycle_key()  # a cookie seen before the second factor is worth nothing after it
            django_otp.login(request, device)
            return redirect(_next_url(request))
        record(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            changes={"username": request.user.get_username()},
            reason=_("动态口令错误"),
        )
        form.add_error("token", _("动态口令或恢复码不正确。多次输错后须等待更久才能再试。"))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app (scan the QR code, type one code); the recovery codes are shown
    once, on the answer to the confirming POST."""
    device = twofactor.pending_device(request.user)
    if request.method == "GET" or device is None:
        device = twofactor.start_enrolment(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = twofactor.confirm_enrolment(user=request.user, device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            form.add_error("token", error.message_dict["token"])
        else:
            django_otp.login(request, device)
            return render(
                request,
                "accounts/otp_codes.html",
                {"codes": codes, "next": _next_url(request, "account"), "nav_active": "account"},
            )
    return render(
        request,
        "accounts/otp_enrol.html",
        {
            "form": form,
            "qr_svg": twofactor.qr_svg(device),
            "secret": twofactor.secret_of(device),
            "required": twofactor.is_required(request.user),
            "next": _next_url(request, "account"),
            "nav_active": "account",
        },
    )


# --- one's own account and password ----------------------------------------------------------------


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/account.html",
        {
            "enrolled": twofactor.is_enrolled(user),
            "required": twofactor.is_required(user),
            "expiry_days": settings.PASSWORD_EXPIRY_DAYS,
            "nav_active": "account",
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password here; forced here after the first login, an
    administrator's reset, or expiry."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["forced"] = passwords.must_change(self.request.user)
        context["expired"] = passwords.is_expired(self.request.user)
        context["next"] = _next_url(self.request)
        context["nav_active"] = "account"
        return context

    def get_success_url(self) -> str:
        return _next_url(self.request)

    def form_valid(self, form) -> HttpResponse:
        try:
            passwords.set_password(actor=self.request.user, user=form.user, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error("new_password1", error)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("密码已修改。"))
        return redirect(self.get_success_url())


class OnCommitPasswordResetForm(PasswordResetForm):
    """The reset link is e-mailed once the request's transaction has committed; too many requests
    from one address or for one e-mail are refused (yingcai/accounts/reset_limit.py)."""

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and (message := reset_limit.refusal(email=email, ip=request_ip.get())):
            raise ValidationError(message, code="too_many_resets")
        return cleaned

    def send_mail(self, *args, **kwargs) -> None:
        transaction.on_commit(lambda: super(OnCommitPasswordResetForm, self).send_mail(*args, **kwargs))


class PolicySetPasswordForm(SetPasswordForm):
    """The new password from a reset link, set through the audited domain function."""

    def save(self, commit: bool = True) -> User:
        return passwords.set_password(
            actor=self.user,
            user=self.user,
            password=self.cleaned_data["new_password1"],
            action=AuditAction.PASSWORD_RESET,
        )


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    form_class = OnCommitPasswordResetForm
    success_url = reverse_lazy("password-reset-done")

    def form_valid(self, form):
        """The link in the mail points at the platform's public address (PUBLIC_URL) when one is
        set, not at whatever host and scheme the request came by (behind a proxy, an internal one)."""
        public = urlsplit(settings.PUBLIC_URL) if settings.PUBLIC_URL else None
        if public is None or not public.netloc:
            return super().form_valid(form)
        form.save(
            domain_override=public.netloc,
            use_https=public.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = PolicySetPasswordForm
    success_url = reverse_lazy("password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


# --- the security administrator ---------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("原因"), max_length=255)


def _require(user: User, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """Locked account names (with the account, when the name is one) and the users who have a
    second factor, for the security administrator to unlock or reset."""
    _require(request.user, "accounts.unlock_account")
    locks = list(lockout.active_locks())
    accounts = {u.username.lower(): u for u in _users_by_name_ci([lk.username for lk in locks])}
    for entry in locks:
        entry.account = accounts.get(entry.username)
    q = (request.GET.get("q") or "").strip()
    enrolled = User.objects.filter(Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))).order_by(
        "username"
    )
    if q:
        enrolled = enrolled.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    return render(
        request,
        "accounts/security.html",
        {"locks": locks, "enrolled": enrolled[:200], "q": q, "nav_active": "account-security"},
    )


def _users_by_name_ci(names: list[str]):
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    return User.objects.filter(query) if names else User.objects.none()


@login_required
@require_POST
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user, "accounts.unlock_account")
    entry = get_object_or_404(LoginLock, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写解除锁定的原因。"))
    else:
        lockout.unlock(actor=request.user, entry=entry, reason=form.cleaned_data["reason"])
        messages.success(request, _("已解除“%(name)s”的登录锁定。") % {"name": entry.username})
    return redirect("account-security")


@login_required
@require_POST
def otp_reset(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request.user, "accounts.reset_otp")
    user = get_object_or_404(User, pk=pk)
    try:
        twofactor.reset(actor=request.user, user=user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("已重置“%(name)s”的双因素认证，其下次登录时须重新绑定。") % {"name": user})
    return redirect("account-security")
