"""The demo certifications: made through the domain, certified in batches over the last two and a
half years at every tier (most at C–E), plus one application in each open state; once only."""

import datetime
import random
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from tests import clock
from yingcai.accounts.models import User
from yingcai.certification import demo
from yingcai.certification.enums import CertificationState as S
from yingcai.certification.models import Certification
from yingcai.introductions.enums import IntroductionMode, IntroductionState
from yingcai.policy.eligibility import age_on
from yingcai.publicity.domain import entry_of
from yingcai.publicity.enums import EntryOutcome, PublicityKind, PublicityState
from yingcai.publicity.models import Publicity
from yingcai.registry.enums import Education

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _today():
    with clock.on(TODAY):
        yield


@pytest.fixture
def seeded(db):
    call_command("seed_demo", talents=300, stdout=StringIO())  # runs the certification demo too


def test_one_application_in_each_open_state(seeded):
    states = Counter(Certification.objects.values_list("state", flat=True))
    for state in (S.IN_PUBLICITY, S.OFFICE_APPROVED, S.COUNTY_APPROVED, S.SUBMITTED, S.RETURNED, S.DRAFT):
        assert states[state] == 1, state
    running = Certification.objects.get(state=S.IN_PUBLICITY)
    notice = entry_of(running).publicity
    # decided on the last working day before today: it runs today, so the public can object
    assert notice.starts_on <= TODAY <= notice.ends_on
    # the demo county and department logins have applications of their own to look at
    county = User.objects.get(username="county")
    assert Certification.objects.filter(unit__county=county.jurisdiction).exclude(state=S.CERTIFIED).exists()


def test_certified_talents_spread_over_tiers_and_two_and_a_half_years(seeded):
    certified = list(Certification.objects.filter(state=S.CERTIFIED).select_related("talent", "introduction", "tier"))
    assert 25 <= len(certified) <= 40
    tiers = Counter(c.tier_code for c in certified)
    assert all(tiers[code] >= 1 for code in "ABCDE"), tiers
    assert tiers["C"] + tiers["D"] + tiers["E"] > 3 * (tiers["A"] + tiers["B"])
    days = sorted(c.certified_on for c in certified)
    assert days[0] <= TODAY - datetime.timedelta(days=800) and days[-1] < TODAY
    assert len({d.year for d in days}) == 3
    assert len({c.talent_id for c in certified}) == len(certified)  # one certification per talent
    for c in certified:
        assert c.certificate_number.startswith(f"PDS-{c.certified_on.year}-{c.tier_code}-")
        assert c.valid_until > TODAY
        assert c.evidence.count() >= 2
        assert c.eligibility["eligible"] and c.tier is not None
        introduction = c.introduction
        assert (introduction.mode, introduction.state) == (IntroductionMode.FULL_TIME, IntroductionState.CONFIRMED)
        assert introduction.introduced_on < c.certified_on
        if c.tier_code == "D":
            assert c.talent.education == Education.DOCTORATE and age_on(c.talent.birth_date, TODAY) <= 40
        entry = entry_of(c)
        assert entry.outcome == EntryOutcome.PASSED and entry.publicity.ends_on < c.certified_on


def test_the_certification_notices_are_concluded_batches_in_the_past(seeded):
    notices = Publicity.objects.filter(kind=PublicityKind.CERTIFICATION)
    concluded = notices.filter(state=PublicityState.CONCLUDED)
    assert concluded.count() >= 8
    assert all(n.ends_on < TODAY for n in concluded)
    assert notices.filter(state=PublicityState.OPEN).count() == 1
    numbers = Counter(Certification.objects.filter(state=S.CERTIFIED).values_list("certificate_number", flat=True))
    assert max(numbers.values()) == 1


def test_the_demo_talent_login_keeps_its_application(seeded):
    talent = User.objects.get(username="talent").talent
    # a flexible talent gets no application; one who qualifies is certified, never left half-way
    assert not Certification.objects.filter(talent=talent).exclude(state=S.CERTIFIED).exists()


def test_once_only(seeded):
    count = Certification.objects.count()
    assert demo.seed(rng=random.Random(7), today=TODAY) == 0
    assert Certification.objects.count() == count
