"""Certificate numbers: PDS-<year>-<tier>-<serial>, the serial counted per year over every tier,
unique even when two clerks certify at the same moment."""

import datetime
import threading

import pytest
from django.db import connection, connections

from tests import factories
from tests.certification.factories import CertificationFactory, eligible_introduction
from yingcai.certification.domain import certificates
from yingcai.certification.enums import CertificationState
from yingcai.certification.models import Certification
from yingcai.notifications.models import Notification

DAY = datetime.date(2026, 12, 1)


def _in_publicity(**kwargs):
    return CertificationFactory(
        introduction=eligible_introduction(factories.UnitFactory()), state=CertificationState.IN_PUBLICITY, **kwargs
    )


@pytest.mark.django_db
def test_serials_run_per_year_across_tiers(office, no_entitlements):
    CertificationFactory(
        introduction=eligible_introduction(),
        tier_code="D",
        state=CertificationState.CERTIFIED,
        certificate_number="PDS-2026-D-0005",
    )
    CertificationFactory(
        introduction=eligible_introduction(),
        state=CertificationState.CERTIFIED,
        certificate_number="PDS-2025-E-0041",
    )
    first = certificates.certify(by=office, certification=_in_publicity(), on=DAY)
    assert first.certificate_number == "PDS-2026-E-0006"
    next_year = certificates.certify(by=office, certification=_in_publicity(), on=datetime.date(2027, 1, 4))
    assert next_year.certificate_number == "PDS-2027-E-0001"
    assert next_year.valid_until == datetime.date(2030, 1, 3)


@pytest.mark.django_db
def test_a_number_taken_meanwhile_is_skipped(office, no_entitlements, monkeypatch):
    """The other clerk committed 0001 after this one computed it: the unique index refuses it and
    the next serial is taken."""
    CertificationFactory(
        introduction=eligible_introduction(), state=CertificationState.CERTIFIED, certificate_number="PDS-2026-E-0001"
    )
    stale = iter([1])
    real = certificates.next_serial
    monkeypatch.setattr(certificates, "next_serial", lambda prefix: next(stale, None) or real(prefix))
    certification = certificates.certify(by=office, certification=_in_publicity(), on=DAY)
    assert certification.certificate_number == "PDS-2026-E-0002"


@pytest.mark.django_db
def test_certifying_tells_the_unit_and_the_talent_and_grants_support(office, no_entitlements):
    certification = _in_publicity()
    unit_user = factories.unit_user(certification.unit)
    talent_user = factories.talent_user(certification.talent)
    certificates.certify(by=office, certification=certification, on=DAY)
    for user in (unit_user, talent_user):
        assert Notification.objects.filter(recipient=user, title__contains="已被认定为E类人才").exists()
    assert no_entitlements == [certification.pk]


@pytest.mark.django_db
def test_certify_only_from_publicity(office, no_entitlements):
    from django.core.exceptions import ValidationError

    draft = CertificationFactory(introduction=eligible_introduction())
    with pytest.raises(ValidationError):
        certificates.certify(by=office, certification=draft, on=DAY)
    draft.refresh_from_db()
    assert draft.certificate_number is None and draft.verification_token is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers; the race needs PostgreSQL")
def test_two_clerks_certifying_at_once_get_different_numbers(no_entitlements):
    from yingcai.policy.domain import load_policy_rules

    load_policy_rules()  # a transactional test may run after another one emptied the rules
    clerks = [factories.office_user(), factories.office_user()]
    pending = [_in_publicity(), _in_publicity()]
    barrier = threading.Barrier(2)
    errors: list = []

    def clerk(user, certification):
        try:
            barrier.wait()
            certificates.certify(by=user, certification=certification, on=DAY)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk, args=pair) for pair in zip(clerks, pending, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Certification.objects.values_list("certificate_number", flat=True))
    assert numbers == ["PDS-2026-E-0001", "PDS-2026-E-0002"]


@pytest.mark.django_db
def test_certifying_grants_the_tiers_support_and_revoking_stops_it(office):
    """With the support app's own functions (免申即享): entitlements appear on certification."""
    from yingcai.support.models import Entitlement

    certification = _in_publicity()
    certificates.certify(by=office, certification=certification, on=DAY)
    granted = Entitlement.objects.filter(certification=certification)
    assert granted.exists()
    certificates.revoke(by=office, certification=certification, reason="提前离开本市")
    certification.refresh_from_db()
    assert certification.state == CertificationState.REVOKED
