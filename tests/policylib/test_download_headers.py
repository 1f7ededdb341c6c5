"""A policy's file is public once published, yet no shared cache or disk keeps a copy of it, and
the browser keeps to its type (yingcai/core/files.py)."""

import pytest
from django.urls import reverse

from tests.policylib.factories import pdf
from yingcai.policylib import domain


@pytest.mark.django_db
def test_a_public_download_is_private_and_not_sniffed(client, office, city_policy):
    attachment = domain.add_attachment(by=office, policy=city_policy, file=pdf("细则.pdf"))
    response = client.get(reverse("policylib:attachment-download", args=[attachment.pk]))
    assert response.status_code == 200
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["X-Content-Type-Options"] == "nosniff"
