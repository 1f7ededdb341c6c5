"""Which address the audit log, the login limits and the objection limit believe. Behind a trusted
proxy only the hop that proxy appended counts: everything left of it the client wrote itself."""

import pytest
from django.test import RequestFactory

from yingcai.audit.middleware import client_ip
from yingcai.audit.models import AuditAction, AuditEntry


def request(forwarded=None, remote="10.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_a_forged_left_most_hop_is_not_believed(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    # The client sent "X-Forwarded-For: 1.2.3.4"; our one proxy appended the address it saw.
    assert client_ip(request("1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_the_nth_hop_from_the_right_with_several_trusted_proxies(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    settings.TRUSTED_PROXY_COUNT = 2
    # forged, client (appended by the outer proxy), outer proxy (appended by the inner one)
    assert client_ip(request("1.2.3.4, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


def test_a_header_shorter_than_the_proxy_chain_is_not_believed(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("203.0.113.7", remote="10.0.0.9")) == "10.0.0.9"


def test_a_garbage_hop_falls_back_to_the_connection(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    assert client_ip(request("203.0.113.7, unknown", remote="10.0.0.9")) == "10.0.0.9"


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.TRUST_X_FORWARDED_FOR = False
    assert client_ip(request("203.0.113.7")) == "10.0.0.1"


@pytest.mark.django_db
def test_the_audit_log_records_the_proxy_appended_hop(client, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    client.post(
        "/login/",
        {"username": "x", "password": "y-123456"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.7",
    )
    assert AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED).ip_address == "203.0.113.7"
