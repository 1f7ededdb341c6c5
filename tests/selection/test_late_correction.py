"""A returned nomination can be corrected and resubmitted until scoring opens, also after the
other nominations got their experts (it then gets its own), audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.selection.factories import D, ExpertFactory, NominationFactory, RoundFactory
from yingcai.audit.domain import history_of
from yingcai.selection.domain.assignments import assign_experts
from yingcai.selection.domain.nominations import resubmit_nomination, return_nomination, update_nomination
from yingcai.selection.enums import NominationState, RoundState
from yingcai.selection.models import Assignment

AFTER_NOMINATIONS = D(2026, 4, 2)
LAST_DAY_BEFORE_SCORING = D(2026, 4, 9)  # RoundFactory: scoring opens on 10 April


@pytest.fixture
def returned_after_assignment(office, unit):
    round = RoundFactory(experts_per_candidate=2)
    returned = NominationFactory(round=round, unit=unit)
    other = NominationFactory(round=round)
    experts = [ExpertFactory() for _ in range(3)]
    return_nomination(by=office, nomination=returned, reason="任务书未盖章")
    assign_experts(by=office, round=round, on=AFTER_NOMINATIONS)
    round.refresh_from_db()
    assert round.state == RoundState.EXPERTS_ASSIGNED
    assert not Assignment.objects.filter(nomination=returned).exists()
    return returned, other, experts


def test_a_returned_nomination_is_corrected_and_resubmitted_after_the_assignment(
    office, unit_staff, returned_after_assignment
):
    returned, other, _experts = returned_after_assignment
    before = set(Assignment.objects.filter(nomination=other).values_list("expert_id", flat=True))
    updated = update_nomination(
        by=unit_staff,
        nomination=returned,
        data={"task_number": "2026-盖章版"},
        version=returned.version,
        on=LAST_DAY_BEFORE_SCORING,
    )
    assert history_of(updated).first().changes["task_number"][1] == "2026-盖章版"
    resubmit_nomination(by=unit_staff, nomination=updated, on=LAST_DAY_BEFORE_SCORING)
    updated.refresh_from_db()
    assert updated.state == NominationState.SUBMITTED
    assert Assignment.objects.filter(nomination=updated).count() == 2
    # Nobody else's experts moved; the round's history says what was added.
    assert set(Assignment.objects.filter(nomination=other).values_list("expert_id", flat=True)) == before
    assert history_of(updated.round).filter(changes__has_key="late_nomination").exists()


def test_no_correction_nor_resubmission_once_scoring_opens(unit_staff, returned_after_assignment):
    returned, _other, _experts = returned_after_assignment
    with pytest.raises(ValidationError, match="评审已于2026-04-10开始"):
        update_nomination(
            by=unit_staff, nomination=returned, data={"task_number": "x"}, version=None, on=D(2026, 4, 10)
        )
    with pytest.raises(ValidationError, match="评审已于2026-04-10开始"):
        resubmit_nomination(by=unit_staff, nomination=returned, on=D(2026, 4, 10))
    returned.refresh_from_db()
    assert returned.state == NominationState.RETURNED


def test_a_submitted_nomination_stays_with_its_experts(office, unit_staff, unit):
    round = RoundFactory(experts_per_candidate=1)
    nomination = NominationFactory(round=round, unit=unit)
    ExpertFactory()
    assign_experts(by=office, round=round, on=AFTER_NOMINATIONS)
    with pytest.raises(ValidationError, match="已分配评审专家"):
        update_nomination(
            by=unit_staff, nomination=nomination, data={"task_number": "x"}, version=None, on=AFTER_NOMINATIONS
        )


def test_the_nomination_page_offers_the_correction_until_scoring_opens(
    client, unit_staff, returned_after_assignment, time_machine
):
    returned, _other, _experts = returned_after_assignment
    client.force_login(unit_staff)
    url = reverse("selection:nomination-detail", args=[returned.pk])
    time_machine.move_to(datetime.datetime(2026, 4, 9, 10, 0))
    page = client.get(url).content.decode()
    assert 'data-testid="edit"' in page and 'value="resubmit"' in page
    time_machine.move_to(datetime.datetime(2026, 4, 10, 10, 0))
    page = client.get(url).content.decode()
    assert 'data-testid="edit"' not in page and 'value="resubmit"' not in page
