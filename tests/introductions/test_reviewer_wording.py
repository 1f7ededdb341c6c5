"""The first review is taken by the unit's county or by its line department; each is called by its
own kind on the buttons, in the step recorded and in the audit log (主管部门审核, not 县区)."""

import datetime

import pytest
from django.urls import reverse

from tests import factories
from tests.introductions.factories import CONTRACT_FILE
from yingcai.audit.models import AuditEntry
from yingcai.introductions.domain.declarations import declare_introduction, review
from yingcai.introductions.enums import IntroductionManner, IntroductionMode
from yingcai.workflows.models import ReviewStep

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def department(unit):
    department = factories.DepartmentFactory(name="市工信局测试")
    unit.department = department
    unit.save()
    return department


@pytest.fixture
def submitted(unit, talent, department):
    staff = factories.unit_user(unit)
    data = {
        "mode": IntroductionMode.FULL_TIME,
        "manner": IntroductionManner.INDIVIDUAL,
        "introduced_on": D(2024, 3, 1),
        "personnel_transferred_on": D(2024, 3, 1),
        "transferred_from": "郑州大学",
        "contract_start": D(2024, 3, 1),
        "contract_end": D(2027, 2, 28),
        "contract_file": CONTRACT_FILE,
    }
    introduction = declare_introduction(by=staff, talent=talent, unit=unit, data=data)
    review(by=staff, introduction=introduction, transition="submit")
    return introduction


@pytest.mark.parametrize(
    ("who", "approve", "send_back"),
    [("county", "县区审核通过", "县区退回"), ("department", "主管部门审核通过", "主管部门退回")],
)
def test_the_buttons_name_the_reviewers_kind(submitted, county, department, client, who, approve, send_back):
    reviewer = factories.jurisdiction_user(county if who == "county" else department)
    client.force_login(reviewer)
    page = client.get(reverse("introductions:detail", args=[submitted.pk])).content.decode()
    assert approve in page and send_back in page
    assert ("主管部门审核通过" if who == "county" else "县区审核通过") not in page


def test_a_departments_approval_is_recorded_and_audited_as_the_departments(submitted, department):
    reviewer = factories.jurisdiction_user(department)
    review(by=reviewer, introduction=submitted, transition="county_approve")
    step = ReviewStep.objects.filter(object_id=submitted.pk).latest("id")
    assert step.transition == "county_approve"  # one step, whoever takes it
    assert step.transition_label == "主管部门审核通过"
    assert AuditEntry.objects.filter(object_id=str(submitted.pk)).latest("seq").reason == "主管部门审核通过"


def test_a_countys_approval_keeps_the_countys_wording(submitted, county):
    review(by=factories.jurisdiction_user(county), introduction=submitted, transition="county_approve")
    assert ReviewStep.objects.filter(object_id=submitted.pk).latest("id").transition_label == "县区审核通过"


def test_the_waiting_state_names_both(submitted):
    assert submitted.get_state_display() == "待县区/主管部门审核"
