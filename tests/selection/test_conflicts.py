"""回避 from every record the platform holds (domain.conflicts), and the 回避情况 table."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.factories import TalentFactory, UnitFactory, unit_user
from tests.selection.factories import ExpertFactory, NominationFactory, RoundFactory, field
from yingcai.review.engine.assignment import Barrier
from yingcai.selection.domain.assignments import assign_experts
from yingcai.selection.domain.conflicts import match_registered_unit, round_exclusions
from yingcai.selection.domain.experts import create_expert, update_expert
from yingcai.selection.models import Assignment

AFTER_NOMINATIONS = datetime.date(2026, 4, 2)


def experts_of(nomination):
    return set(Assignment.objects.filter(nomination=nomination).values_list("expert_id", flat=True))


def test_an_expert_whose_typed_employer_names_the_nominating_unit_is_never_assigned(office):
    round = RoundFactory(experts_per_candidate=1)
    nomination = NominationFactory(round=round)
    # Typed with half-width brackets and a space where the registry has none: still the same unit.
    nomination.unit.name = "平顶山市（测试）尼龙研究院"
    nomination.unit.save()
    typed = ExpertFactory(employer=None, employer_name="平顶山市(测试) 尼龙研究院")
    outsider = ExpertFactory()
    report = assign_experts(by=office, round=round, on=AFTER_NOMINATIONS)
    assert experts_of(nomination) == {outsider.pk}
    assert not report.shortfalls
    (exclusion,) = [x for x in round_exclusions(by=office, round=round) if x.expert == typed]
    assert "专家填写的工作单位" in exclusion.reasons[0] and "即推荐单位" in exclusion.reasons[0]


def test_an_expert_typing_the_credit_code_is_matched_too(office):
    unit = UnitFactory()
    assert match_registered_unit(f"某单位（{unit.credit_code}）") == unit
    assert match_registered_unit("外省某大学") is None
    assert match_registered_unit("") is None


def test_the_units_of_the_experts_own_talent_record_count(office):
    round = RoundFactory(experts_per_candidate=1)
    nomination = NominationFactory(round=round)
    # The expert works elsewhere by their pool entry, but their own talent record is at the nominating unit.
    talent = TalentFactory(unit=nomination.unit)
    linked = ExpertFactory(employer=UnitFactory(), talent=talent)
    outsider = ExpertFactory()
    assign_experts(by=office, round=round, on=AFTER_NOMINATIONS)
    assert experts_of(nomination) == {outsider.pk}
    (exclusion,) = [x for x in round_exclusions(by=office, round=round) if x.expert == linked]
    assert exclusion.reasons == (f"专家本人人才档案的任职单位“{nomination.unit.name}”即推荐单位",)


def test_an_expert_at_a_co_applicants_unit_is_never_assigned(office):
    round = RoundFactory(experts_per_candidate=2)
    partner = UnitFactory()
    co_applicant = TalentFactory(unit=partner)
    nomination = NominationFactory(round=round, co_applicants=[co_applicant])
    at_partner = ExpertFactory(employer=partner)
    outsider = ExpertFactory()
    report = assign_experts(by=office, round=round, on=AFTER_NOMINATIONS)
    assert experts_of(nomination) == {outsider.pk}
    (shortfall,) = report.shortfalls
    assert shortfall.barriers[Barrier.CO_APPLICANT_UNIT] == 1
    assert "共同申请人单位1位" in shortfall.reason
    (exclusion,) = [x for x in round_exclusions(by=office, round=round) if x.expert == at_partner]
    assert co_applicant.name in exclusion.reasons[0]


def test_a_typed_employer_is_linked_to_the_registry_when_the_expert_is_entered_or_edited(office, db):
    unit = UnitFactory(name="平顶山学院测试")
    expert = create_expert(
        by=office,
        data={"name": "张评审", "username": "zhangps", "employer_name": "平顶山学院测试", "fields": [field()]},
    )
    assert expert.employer == unit
    other = ExpertFactory(employer=None, employer_name="外地大学")
    other = update_expert(by=office, expert=other, data={"employer_name": unit.credit_code})
    assert other.employer == unit


def test_the_expert_form_offers_the_registered_unit(client, office):
    unit = UnitFactory(name="平顶山测试医院")
    expert = ExpertFactory(employer=None, employer_name="平顶山测试医院")
    client.force_login(office)
    page = client.get(reverse("selection:expert-edit", args=[expert.pk])).content.decode()
    assert f'<option value="{unit.pk}" selected>' in page
    assert "已预选该单位" in page


def test_the_office_sees_every_exclusion_with_its_reason_on_the_round_page(client, office):
    round = RoundFactory(experts_per_candidate=1)
    nomination = NominationFactory(round=round)
    ExpertFactory(employer=nomination.unit, name="同单位专家")
    ExpertFactory()
    client.force_login(office)
    page = client.get(reverse("selection:round-detail", args=[round.pk])).content.decode()
    assert "回避情况" in page and "同单位专家" in page
    assert f"专家库登记的工作单位“{nomination.unit.name}”即推荐单位" in page


def test_nobody_but_the_office_sees_the_exclusion_reasons(client, expert, office):
    round = RoundFactory(experts_per_candidate=1)
    nomination = NominationFactory(round=round)
    ExpertFactory(employer=nomination.unit, name="同单位专家")
    with pytest.raises(PermissionDenied):
        round_exclusions(by=expert, round=round)
    staff = unit_user(nomination.unit)
    with pytest.raises(PermissionDenied):
        round_exclusions(by=staff, round=round)
    client.force_login(staff)
    page = client.get(reverse("selection:round-detail", args=[round.pk])).content.decode()
    assert "回避情况" not in page and "同单位专家" not in page
    client.force_login(expert)
    assert client.get(reverse("selection:round-detail", args=[round.pk])).status_code in (403, 404)


# --- item: no assignment while nominations are open ---------------------------------------------------


def test_experts_are_not_assigned_while_nominations_are_open(office):
    round = RoundFactory()  # nominations 1–31 March 2026
    NominationFactory(round=round)
    ExpertFactory()
    ExpertFactory()
    with pytest.raises(ValidationError, match="推荐期结束后") as refusal:
        assign_experts(by=office, round=round, on=datetime.date(2026, 3, 31))
    assert refusal.value.code == "nominations_open"
    assert not Assignment.objects.exists()
    assign_experts(by=office, round=round, on=datetime.date(2026, 4, 1))
    assert Assignment.objects.exists()


def test_the_round_page_does_not_offer_assignment_while_nominations_are_open(client, office, time_machine):
    round = RoundFactory()
    NominationFactory(round=round)
    client.force_login(office)
    time_machine.move_to(datetime.datetime(2026, 3, 20, 10, 0))
    page = client.get(reverse("selection:round-detail", args=[round.pk])).content.decode()
    assert 'data-testid="assign-blocked"' in page and 'data-testid="assign"' not in page
    response = client.post(reverse("selection:assign-experts", args=[round.pk]), follow=True)
    assert "推荐期结束后" in response.content.decode()
    assert not Assignment.objects.exists()
    time_machine.move_to(datetime.datetime(2026, 4, 1, 10, 0))
    page = client.get(reverse("selection:round-detail", args=[round.pk])).content.decode()
    assert 'data-testid="assign"' in page
