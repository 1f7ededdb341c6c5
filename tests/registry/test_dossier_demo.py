"""The demo talent logins see their records in their dossier; no profile change is pending. `talent`
is full time and certified, with support waiting for their own confirmation; `flexible` serves
flexibly and sees this year's working days."""

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
def test_the_demo_talents_have_a_dossier_with_records(client):
    from yingcai.certification.enums import CertificationState
    from yingcai.support.enums import EntitlementState

    seed(talents=300)
    user = User.objects.get(username="talent")
    dossier = dossier_of(talent=user.talent, viewer=user)
    filled = {section.key for section in dossier.sections if section.rows}
    assert {"introductions", "certifications", "support"} <= filled, filled
    assert user.talent.certifications.filter(state=CertificationState.CERTIFIED).exists()
    assert user.talent.entitlements.filter(state=EntitlementState.AWAITING_CONFIRMATION).exists()
    assert dossier.timeline
    client.force_login(user)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="my-profile"' in html and "待本人确认" in html
    _every_row_opens(client, dossier)

    flexible = User.objects.get(username="flexible")
    dossier = dossier_of(talent=flexible.talent, viewer=flexible)
    filled = {section.key for section in dossier.sections if section.rows}
    assert {"introductions", "nominations"} <= filled, filled
    assert dossier.section("introductions").facts and dossier.timeline
    client.force_login(flexible)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="my-profile"' in html and 'data-testid="working-days"' in html
    _every_row_opens(client, dossier)
    assert not ProfileChange.objects.filter(talent__in=[user.talent, flexible.talent]).exists()


def _every_row_opens(client, dossier) -> None:
    for section in dossier.sections:
        for row in section.rows:
            if row.url:
                assert client.get(row.url).status_code == 200, row.url
