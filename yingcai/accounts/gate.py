"""The sign-in gate: a user signed in with the password alone must first give the second factor,
change an expired or temporary password, or enrol a required second factor."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.accounts import passwords, twofactor

# Pages a signed-in user can always open, whatever they still owe.
ALWAYS_OPEN = frozenset({"logout", "admin:logout", "set_language", "healthz", "login", "admin-login"})

VERIFY, PASSWORD, ENROL = "otp-verify", "password-change", "otp-enrol"


def pending_step(request: HttpRequest) -> str | None:
    """What a signed-in user must do before anything else: give the code of their second factor
    (they have one), change their password (first login, reset by an administrator, or expired),
    or enrol a second factor (required for their role and not yet there)."""
    user = request.user
    verified = user.is_verified()
    if not verified and twofactor.is_enrolled(user):
        return VERIFY
    if passwords.must_change(user):
        return PASSWORD
    if not verified and twofactor.is_required(user):
        return ENROL
    return None


class SignInGateMiddleware:
    """Signed in with the password is not yet signed in: until `pending_step` is settled, pages
    redirect to the step's page and the API answers 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        name = request.resolver_match.view_name if request.resolver_match else ""
        if name in ALWAYS_OPEN:
            return None
        step = pending_step(request)
        if step is None or name == step:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": _step_message(step)}, status=403)
        url = reverse(step)
        if request.headers.get("HX-Request"):
            # An XMLHttpRequest would follow a 302 silently: htmx loads the whole page instead.
            return HttpResponse(status=204, headers={"HX-Redirect": url})
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)


def _step_message(step: str) -> str:
    return {
        VERIFY: _("请先完成双因素认证（输入动态口令）。"),
        PASSWORD: _("请先修改密码。"),
        ENROL: _("您的角色必须启用双因素认证，请先在网页上绑定验证器。"),
    }[step]
