"""The demo certifications: made through the domain, in the states the demo needs."""

import datetime
import random
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from yingcai.certification import demo
from yingcai.certification.enums import CertificationState as S
from yingcai.certification.models import Certification

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@pytest.mark.django_db
def test_demo_certifications(no_entitlements):
    call_command("seed_demo", talents=600, stdout=StringIO())  # runs the certification demo too
    states = Counter(Certification.objects.values_list("state", flat=True))
    assert sum(states.values()) == 8
    assert states[S.CERTIFIED] >= 1 and states[S.IN_PUBLICITY] >= 1 and states[S.SUBMITTED] >= 1
    certified = Certification.objects.filter(state=S.CERTIFIED).first()
    assert certified.certificate_number.startswith("PDS-2026-")
    assert certified.certified_on < TODAY and certified.valid_until > TODAY
    assert certified.evidence.count() >= 2
    assert demo.seed(rng=random.Random(7), today=TODAY) == 0  # once only
