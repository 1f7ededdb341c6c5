"""HTTP security headers that Django's SecurityMiddleware and django-csp do not set themselves.

- ``ContentSecurityPolicyMiddleware``: django-csp's middleware, plus per-route additions
  (``CONTENT_SECURITY_POLICY_ROUTES``: URL name → directives added to the policy), so one page can
  be allowed one thing more without loosening the policy of every other page.
- ``PrivateResponseMiddleware``: ``Permissions-Policy`` on every response, and ``Cache-Control:
  no-store`` on every answer to a signed-in user and on every API answer, so no browser, proxy or
  shared computer keeps a copy of personal data. Public pages keep whatever caching they have, and
  static files are answered by WhiteNoise before this middleware is reached.
"""

from collections.abc import Callable

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

API_PATH_PREFIX = "/api/"  # where yingcai/urls.py mounts the API


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        match = getattr(request, "resolver_match", None)
        extra = settings.CONTENT_SECURITY_POLICY_ROUTES.get(match.view_name) if match else None
        if extra and not report_only:
            update = dict(parts.update or {})
            for directive, sources in extra.items():
                update[directive] = [*update.get(directive, ()), *sources]
            parts.update = update
        return parts


def is_private(request: HttpRequest) -> bool:
    """An answer that must not be stored: to a signed-in user, or from the API."""
    if request.path_info.startswith(API_PATH_PREFIX):
        return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


class PrivateResponseMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        if is_private(request):
            add_never_cache_headers(response)
        return response
