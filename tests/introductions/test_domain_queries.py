"""What each role sees of introductions, and the home page counts built from what it sees."""

import pytest
from django.contrib.auth.models import AnonymousUser

from tests import factories
from tests.introductions.factories import ChannelFactory, FlexibleIntroductionFactory, IntroductionFactory
from yingcai.introductions.domain.queries import introduction_overview, visible_introductions
from yingcai.introductions.enums import ChannelKind, IntroductionManner, IntroductionState
from yingcai.registry.enums import UnitKind
from yingcai.registry.models import IndustryChain, IndustryCluster

S = IntroductionState


@pytest.fixture
def records(unit, talent, other_unit, other_talent):
    """Introductions of `unit` (in `county`) in every state, and two of `other_unit` (elsewhere)."""
    mine = {state: IntroductionFactory(unit=unit, talent=talent, state=state) for state in S.values}
    colleague = factories.TalentFactory(unit=unit)
    mine["colleague"] = FlexibleIntroductionFactory(unit=unit, talent=colleague, state=S.CONFIRMED)
    theirs = {
        "confirmed": FlexibleIntroductionFactory(unit=other_unit, talent=other_talent, state=S.CONFIRMED),
        "draft": IntroductionFactory(unit=other_unit, talent=other_talent, state=S.DRAFT),
    }
    return mine, theirs


def pks(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def pks_of(*introductions) -> set[int]:
    return {i.pk for i in introductions}


def test_the_office_sees_every_introduction(records, office):
    mine, theirs = records
    assert pks(visible_introductions(office)) == pks_of(*mine.values(), *theirs.values())


def test_a_county_sees_its_units_introductions_but_not_their_drafts(records, county_staff):
    mine, _theirs = records
    assert pks(visible_introductions(county_staff)) == pks_of(
        mine[S.SUBMITTED],
        mine[S.COUNTY_APPROVED],
        mine[S.CONFIRMED],
        mine[S.PENDING_TRANSFER],
        mine[S.RETURNED],
        mine[S.HISTORICAL],
        mine["colleague"],
    )


def test_another_county_sees_only_its_own(records, other_county):
    _mine, theirs = records
    assert pks(visible_introductions(factories.jurisdiction_user(other_county))) == pks_of(theirs["confirmed"])


def test_a_department_sees_the_units_it_supervises(records, unit):
    mine, _theirs = records
    department = factories.DepartmentFactory(name="市教育局测试")
    unit.department = department
    unit.save()
    seen = pks(visible_introductions(factories.jurisdiction_user(department)))
    assert seen == pks(visible_introductions(factories.jurisdiction_user(unit.county)))
    assert mine[S.DRAFT].pk not in seen
    assert mine[S.CONFIRMED].pk in seen


def test_a_unit_sees_only_its_own_drafts_included(records, unit_staff):
    mine, _theirs = records
    assert pks(visible_introductions(unit_staff)) == pks_of(*mine.values())


def test_a_talent_sees_only_their_own(records, talent_self):
    mine, _theirs = records
    assert pks(visible_introductions(talent_self)) == pks_of(*(i for k, i in mine.items() if k != "colleague"))


@pytest.mark.parametrize("who", ["expert", "anonymous"])
def test_experts_and_anonymous_see_nothing(records, request, who):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    assert not visible_introductions(user).exists()


def test_the_overview_counts_only_visible_reviewed_or_in_review_records(records, office, county_staff, unit_staff):
    office_view = introduction_overview(office)
    # Drafts and returned declarations are not counted: submitted, county-approved, confirmed,
    # the colleague's and the other unit's confirmed one.
    assert office_view["total"] == 5
    assert office_view["mode"].labels == ["全职引进", "柔性引进"]
    assert office_view["mode"].values == [3, 2]
    assert office_view["flexible_active"] == 2

    county_view = introduction_overview(county_staff)
    assert county_view["total"] == 4
    assert county_view["mode"].values == [3, 1]
    assert county_view["county"].labels == [county_staff.jurisdiction.name]
    assert county_view["county"].values == [4]

    assert introduction_overview(unit_staff)["total"] == 4


def test_the_overview_breaks_down_by_manner_channel_chain_and_unit_kind(unit, talent, office):
    cluster = IndustryCluster.objects.create(code="C1", name="尼龙新材料产业集群")
    chain = IndustryChain.objects.create(code="L1", name="尼龙新材料产业链", cluster=cluster)
    fair = ChannelFactory(kind=ChannelKind.EVENT, name="中国·平顶山人才节")
    headhunter = ChannelFactory(kind=ChannelKind.MARKET_BODY, name="鹰城猎头")
    IntroductionFactory(unit=unit, talent=talent, channel=fair, chain=chain)
    IntroductionFactory(unit=unit, talent=talent, channel=headhunter, manner=IntroductionManner.CENTRALIZED)
    FlexibleIntroductionFactory(unit=unit, talent=talent, manner=IntroductionManner.AUTONOMOUS, chain=chain)
    IntroductionFactory(unit=unit, talent=talent, channel=fair, state=S.DRAFT, chain=chain)

    overview = introduction_overview(office)
    assert dict(zip(overview["manner"].labels, overview["manner"].values, strict=True)) == {
        "个别引进": 1,
        "集中引进": 1,
        "自主引进": 1,
    }
    channels = dict(zip(overview["channel"].labels, overview["channel"].values, strict=True))
    assert channels[str(ChannelKind.EVENT.label)] == 1
    assert channels[str(ChannelKind.MARKET_BODY.label)] == 1
    assert channels["未经渠道"] == 1
    assert sum(channels.values()) == 3
    assert overview["chain"].labels == ["尼龙新材料产业链"]
    assert overview["chain"].values == [2]
    kinds = dict(zip(overview["unit_kind"].labels, overview["unit_kind"].values, strict=True))
    assert kinds[str(UnitKind.ENTERPRISE.label)] == 3
    assert sum(kinds.values()) == 3
