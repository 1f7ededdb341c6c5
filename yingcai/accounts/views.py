from django.contrib.auth import views as auth_views
from django.http import HttpResponse

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        record(actor=self.request.user, action=AuditAction.LOGIN)
        return response

    def form_invalid(self, form) -> HttpResponse:
        username = (form.data.get("username") or "")[:150]
        record(actor=None, action=AuditAction.LOGIN_FAILED, changes={"username": username})
        return super().form_invalid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            record(actor=request.user, action=AuditAction.LOGOUT)
        return super().post(request, *args, **kwargs)
