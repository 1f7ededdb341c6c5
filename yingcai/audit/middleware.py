from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from yingcai.audit.domain.context import request_ip


class AuditContextMiddleware:
    """Remembers where the current request comes from, so audit entries can say it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = request_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            request_ip.reset(token)


def client_ip(request: HttpRequest) -> str | None:
    # Behind gunicorn and a reverse proxy, the proxy's X-Forwarded-For names the client first.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None
