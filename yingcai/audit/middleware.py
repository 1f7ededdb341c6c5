import ipaddress
from collections.abc import Callable

from django.conf import settings
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
    """The client's address for the audit log and the login and objection limits.

    X-Forwarded-For is believed only when the app sits behind proxies that set it
    (TRUST_X_FORWARDED_FOR), and then only the hop our own proxy appended: each proxy appends the
    address it was connected from, so with TRUSTED_PROXY_COUNT proxies the client is the Nth entry
    from the right. Everything to the left of it came from the client and can be forged. A header
    shorter than that (a request that bypassed a proxy) is not believed."""
    if settings.TRUST_X_FORWARDED_FOR:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        count = max(1, getattr(settings, "TRUSTED_PROXY_COUNT", 1))
        if len(hops) >= count and _is_ip(hops[-count]):
            return hops[-count]
    remote = request.META.get("REMOTE_ADDR", "")
    return remote if _is_ip(remote) else None


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
