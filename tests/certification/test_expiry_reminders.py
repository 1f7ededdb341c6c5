"""Certificates about to expire: the unit and the talent are told once, 90 days ahead (inclusive)."""

import datetime

import pytest

from tests import factories
from tests.certification.factories import CertificationFactory
from yingcai.certification.domain.notices import remind_expiring_certificates
from yingcai.certification.enums import CertificationState
from yingcai.certification.tasks import remind_certificates_about_to_expire
from yingcai.notifications.models import Notification

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 25)


def certified(valid_until: datetime.date, number: str):
    return CertificationFactory(
        state=CertificationState.CERTIFIED,
        certificate_number=number,
        certified_on=valid_until - datetime.timedelta(days=3 * 365),
        valid_until=valid_until,
        verification_token=f"tok-{number}",
    )


def test_told_once_from_90_days_before_the_last_day():
    at_limit = certified(TODAY + datetime.timedelta(days=90), "PDS-2023-E-0001")
    certified(TODAY + datetime.timedelta(days=91), "PDS-2023-E-0002")
    certified(TODAY - datetime.timedelta(days=1), "PDS-2023-E-0003")  # already expired
    unit_user = factories.unit_user(at_limit.unit)
    talent_user = factories.talent_user(at_limit.talent)
    assert remind_expiring_certificates(today=TODAY) == 1
    titles = set(Notification.objects.values_list("recipient", "title"))
    expected = "人才认定证书PDS-2023-E-0001将于2027-02-23到期"
    assert titles == {(unit_user.pk, expected), (talent_user.pk, expected)}
    # A month on, only the one that has since come within 90 days is new; the first is not told again.
    assert remind_expiring_certificates(today=TODAY + datetime.timedelta(days=30)) == 1
    assert remind_expiring_certificates(today=TODAY + datetime.timedelta(days=31)) == 0


def test_a_revoked_certificate_is_not_reminded():
    revoked = certified(TODAY + datetime.timedelta(days=10), "PDS-2023-E-0004")
    revoked.state = CertificationState.REVOKED
    revoked.save(update_fields=["state"])
    assert remind_expiring_certificates(today=TODAY) == 0


def test_the_monthly_task_runs_the_reminder():
    certified(datetime.date.today() + datetime.timedelta(days=5), "PDS-2023-E-0005")
    assert remind_certificates_about_to_expire.call_local() == 1
