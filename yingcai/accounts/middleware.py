"""Two request-level controls of the accounts app.

`SessionActivityMiddleware`: signs a user out after `SESSION_IDLE_MINUTES` without a request
(audited SESSION_END) and keeps the session's `UserSession` up to date, writing at most once a
minute; the absolute limit (`SESSION_COOKIE_AGE` after signing in) is fixed on the session itself.

`AdministratorBoundaryMiddleware` (三员分立): the three administrators hold no business role. Their
accounts open only the pages of account and session administration, the audit log, the reference
data (Django admin, itself limited to the system administrator), the home page and signing in and
out; every other page and the whole business API answer 403, whatever the view's own rules say.
"""

from collections.abc import Callable

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from yingcai.accounts.domain import sessions

# Where an administrator may go: views defined in these modules (by prefix), or these URL namespaces.
ADMINISTRATOR_VIEW_MODULES = (
    "yingcai.accounts.",  # sign in and out, passwords, 2FA, accounts, sessions, security policy
    "yingcai.audit.",  # the audit log (the audit administrator's pages)
    "yingcai.console.views.",  # the home page and /healthz
    "yingcai.registry.views.reference",  # reference data (the system administrator's)
    "django.views.i18n",  # the language switch
)
ADMINISTRATOR_NAMESPACES = {"admin"}  # reference data; AdminSite itself lets in the system administrator only


class SessionActivityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _signed_in(request):
            if sessions.is_idle(request):
                sessions.record_idle_end(request.user)
                logout(request)
            else:
                sessions.track(request)  # a write at most once a minute (the session is noted at login)
        return self.get_response(request)


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and hasattr(request, "session")


class AdministratorBoundaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_administrator:
            return None
        match = request.resolver_match
        if match is not None and ADMINISTRATOR_NAMESPACES.intersection(match.namespaces):
            return None
        module = getattr(getattr(view_func, "view_class", view_func), "__module__", "") or ""
        if module.startswith(ADMINISTRATOR_VIEW_MODULES):
            return None
        message = _("管理员账号不具备业务权限（三员分立），不能访问业务页面或接口。")
        if match is not None and "api" in match.namespaces:
            return JsonResponse({"detail": message}, status=403)
        raise PermissionDenied(message)
