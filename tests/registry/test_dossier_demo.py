"""The demo talent login (`talent`) sees their records in their dossier; no profile change is pending."""

import pytest
from django.urls import reverse

from tests import clock
from tests.registry.test_seed_demo import TODAY, seed
from yingcai.accounts.models import User
from yingcai.registry.dossier import dossier_of
from yingcai.registry.models import ProfileChange


@pytest.fixture(autouse=True)
def _today_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with clock.on(TODAY):
        yield


@pytest.mark.django_db
def test_the_demo_talent_has_a_dossier_with_records(client):
    seed(talents=300)
    user = User.objects.get(username="talent")
    dossier = dossier_of(talent=user.talent, viewer=user)
    filled = {section.key for section in dossier.sections if section.rows}
    # The demo talent is a flexible one (at risk this year): no certification, and this year's days.
    assert {"introductions", "nominations"} <= filled, filled
    assert dossier.section("introductions").facts and dossier.timeline
    assert not ProfileChange.objects.filter(talent=user.talent).exists()
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="my-profile"' in html and 'data-testid="working-days"' in html
    for section in dossier.sections:
        for row in section.rows:
            if row.url:
                assert client.get(row.url).status_code == 200, row.url
