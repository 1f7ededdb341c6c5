from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _

from yingcai.accounts import lockout
from yingcai.audit.domain import record
from yingcai.audit.domain.context import request_ip
from yingcai.audit.models import AuditAction


class LockoutAuthenticationForm(AuthenticationForm):
    """The password is not even checked while the name or the address is locked."""

    def clean(self):
        if lockout.is_locked(self.data.get("username", ""), request_ip.get()):
            raise ValidationError(
                _("登录失败次数过多，已暂停登录%(minutes)s分钟。请稍后再试，或联系管理员重置密码。")
                % {"minutes": settings.LOGIN_LOCK_MINUTES},
                code="locked",
            )
        return super().clean()


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = LockoutAuthenticationForm

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        lockout.clear(self.request.user.get_username())
        record(actor=self.request.user, action=AuditAction.LOGIN)
        return response

    def form_invalid(self, form) -> HttpResponse:
        username = (form.data.get("username") or "")[:150]
        locked = any(e.code == "locked" for e in form.errors.as_data().get("__all__", []))
        if not locked:
            lockout.count_failure(username, request_ip.get())
        record(
            actor=None,
            action=AuditAction.LOGIN_FAILED,
            changes={"username": username},
            reason=_("已锁定") if locked else "",
        )
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            record(actor=request.user, action=AuditAction.LOGOUT)
        return super().post(request, *args, **kwargs)
