"""Sessions: every user's own list (and signing out the others), the security administrator's list
of everyone signed in (and signing out any), and the read-only page of the security policy."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingcai.accounts.domain import sessions
from yingcai.accounts.models import UserSession
from yingcai.core.lists import paginate
from yingcai.core.permissions import require

SORTS = {"user": "user__username", "role": "user__role", "since": "created_at", "seen": "last_seen"}


@login_required
def my_sessions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/my_sessions.html",
        {
            "sessions": sessions.sessions_of(request.user),
            "current_key": request.session.session_key,
            "nav_active": "my-sessions",
        },
    )


@login_required
@require_POST
def end_my_session(request: HttpRequest, pk: int) -> HttpResponse:
    user_session = get_object_or_404(UserSession, pk=pk, user=request.user)
    sessions.end_session(actor=request.user, user_session=user_session, reason=_("本人结束会话"))
    messages.success(request, _("该会话已退出登录。"))
    return redirect("accounts:my-sessions")


@login_required
@require_POST
def end_my_other_sessions(request: HttpRequest) -> HttpResponse:
    count = sessions.end_other_sessions(actor=request.user, current_session_key=request.session.session_key)
    messages.success(request, _("已退出其他 %(count)s 个会话。") % {"count": count})
    return redirect("accounts:my-sessions")


@login_required
def signed_in_users(request: HttpRequest) -> HttpResponse:
    require(request.user, "accounts.manage_sessions")
    listing = paginate(request, sessions.live_sessions(), sortable=SORTS, default="-seen")
    return render(
        request,
        "accounts/signed_in.html",
        {"listing": listing, "current_key": request.session.session_key, "nav_active": "signed-in"},
    )


@login_required
@require_POST
def end_any_session(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "accounts.manage_sessions")
    user_session = get_object_or_404(UserSession.objects.select_related("user"), pk=pk)
    sessions.end_session(actor=request.user, user_session=user_session, reason=request.POST.get("reason", ""))
    messages.success(request, _("已将 %(user)s 的该会话退出登录。") % {"user": user_session.user})
    return redirect("accounts:signed-in")


@login_required
def security_policy(request: HttpRequest) -> HttpResponse:
    """What is configured now, read from the settings (changed in the environment, not here)."""
    require(request.user, "accounts.view_security_policy")
    return render(request, "accounts/security_policy.html", {"policy": _policy(), "nav_active": "security-policy"})


def _policy() -> list[tuple[str, str, str]]:
    """(what, setting, value) of the password, sign-in and session policy in force."""
    validators = ", ".join(v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS) or "—"
    min_length = next(
        (
            str(v.get("OPTIONS", {}).get("min_length", 8))
            for v in settings.AUTH_PASSWORD_VALIDATORS
            if v["NAME"].endswith("MinimumLengthValidator")
        ),
        "—",
    )

    def setting(name: str, unit: str = "") -> str:
        value = getattr(settings, name, None)
        if value is None:
            return _("未配置")
        if isinstance(value, bool):
            return _("开启") if value else _("关闭")
        return f"{value}{unit}"

    return [
        (_("密码最短长度"), "AUTH_PASSWORD_VALIDATORS", min_length),
        (_("密码校验规则"), "AUTH_PASSWORD_VALIDATORS", validators),
        # Set by the passwords and 2FA branch; shown as 未配置 until it is there.
        (_("密码有效期"), "PASSWORD_EXPIRY_DAYS", setting("PASSWORD_EXPIRY_DAYS", _("天"))),
        (_("不得重复使用最近的密码个数"), "PASSWORD_HISTORY_COUNT", setting("PASSWORD_HISTORY_COUNT")),
        (_("双因素认证"), "REQUIRE_2FA", setting("REQUIRE_2FA")),
        (_("同一账号连续登录失败上限"), "LOGIN_MAX_FAILURES", setting("LOGIN_MAX_FAILURES", _("次"))),
        (_("同一地址登录失败上限"), "LOGIN_MAX_FAILURES_PER_IP", setting("LOGIN_MAX_FAILURES_PER_IP", _("次"))),
        (_("登录失败锁定时长"), "LOGIN_LOCK_MINUTES", setting("LOGIN_LOCK_MINUTES", _("分钟"))),
        (_("会话空闲超时"), "SESSION_IDLE_MINUTES", setting("SESSION_IDLE_MINUTES", _("分钟"))),
        (_("会话最长有效期（自登录起）"), "SESSION_COOKIE_AGE", f"{settings.SESSION_COOKIE_AGE // 60}{_('分钟')}"),
        (_("会话 Cookie 仅限 HTTPS"), "SESSION_COOKIE_SECURE", setting("SESSION_COOKIE_SECURE")),
    ]
