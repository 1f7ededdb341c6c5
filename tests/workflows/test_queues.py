"""Review queues (issue 17): overdue first, the deadline's boundary in working days, 待定 when the
calendar is unknown, batch approval (passes, refusals, foreign ids), 审核通过并查看下一条 and the
待办 figure that equals the filtered list."""

import datetime
import re

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone, translation

from tests import factories
from tests.introductions.factories import IntroductionFactory
from yingcai.audit.models import AuditEntry
from yingcai.console.todos import todo_items
from yingcai.introductions.domain import declarations
from yingcai.introductions.enums import IntroductionState as S
from yingcai.introductions.models import Introduction
from yingcai.policy.domain import rule_in_force
from yingcai.workdays.domain import LIBRARY_LAST_YEAR
from yingcai.workflows import queues
from yingcai.workflows.models import ReviewStep

pytestmark = pytest.mark.django_db

D = datetime.date
QUEUE = "introduction-county"
# Monday 3 November 2025; no holiday in November 2025. The county's deadline is 10 working days
# from the day after arrival: 4–7, 10–14 and 17 November, so the 17th is the last day on time.
ARRIVED = D(2025, 11, 3)
LAST_DAY_ON_TIME = D(2025, 11, 17)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def submitted(unit, arrived: datetime.date, **kwargs) -> Introduction:
    """An introduction waiting for the county since `arrived` (its submission step)."""
    introduction = IntroductionFactory(unit=unit, state=S.SUBMITTED, **kwargs)
    step = ReviewStep.objects.create(
        content_type=ContentType.objects.get_for_model(Introduction),
        object_id=introduction.pk,
        workflow="introduction",
        transition="submit",
        transition_label="提交审核",
        from_state=S.DRAFT,
        to_state=S.SUBMITTED,
        actor_name="单位",
    )
    ReviewStep.objects.filter(pk=step.pk).update(at=at(arrived))
    return introduction


def queue():
    return queues.get_queue(QUEUE)


def waits(user, today):
    q = queue()
    deadline = queues.deadline_of(q, today)
    rows = list(queues.ordered(q.waiting(user), deadline))
    return rows, queues.waits_of(rows, deadline)


# --- the rule and its boundary -------------------------------------------------------------------


def test_the_deadline_is_a_versioned_rule_with_its_article():
    rule = rule_in_force("review.introduction_county_max_working_days", D(2025, 11, 3))
    assert (rule.value, rule.unit, rule.article) == (10, "工作日", "第十四条")
    assert "不超过" in rule.note


def test_exactly_the_deadline_is_on_time_and_one_more_working_day_is_overdue(unit, county_staff):
    submitted(unit, ARRIVED)
    _rows, on_time = waits(county_staff, LAST_DAY_ON_TIME)
    (wait,) = on_time.values()
    assert (wait.waited, wait.overdue, wait.remaining) == (10, False, 0)
    assert queues.overdue_count(queue(), county_staff, LAST_DAY_ON_TIME) == 0

    _rows, late = waits(county_staff, LAST_DAY_ON_TIME + datetime.timedelta(days=1))
    (wait,) = late.values()
    assert (wait.waited, wait.overdue, wait.overdue_by) == (11, True, 1)
    assert queues.overdue_count(queue(), county_staff, D(2025, 11, 18)) == 1


def test_the_weekend_does_not_count(unit, county_staff):
    submitted(unit, D(2025, 11, 7))  # a Friday: the count starts on Monday the 10th
    _rows, found = waits(county_staff, D(2025, 11, 9))
    assert next(iter(found.values())).waited == 0
    _rows, found = waits(county_staff, D(2025, 11, 10))
    assert next(iter(found.values())).waited == 1


def test_a_rule_change_moves_the_boundary(unit, county_staff, office):
    from yingcai.policy.models import PolicyRule

    submitted(unit, ARRIVED)
    rule = rule_in_force("review.introduction_county_max_working_days", ARRIVED)
    PolicyRule.objects.filter(pk=rule.pk).update(value=9)
    assert queues.overdue_count(queue(), county_staff, LAST_DAY_ON_TIME) == 1


def test_an_unknown_calendar_year_is_pending_and_flags_nothing(unit, county_staff):
    later = LIBRARY_LAST_YEAR + 3
    submitted(unit, D(later, 3, 2))
    today = D(later, 6, 1)
    _rows, found = waits(county_staff, today)
    (wait,) = found.values()
    assert not wait.known and not wait.overdue
    assert queues.overdue_count(queue(), county_staff, today) == 0


# --- the order ---------------------------------------------------------------------------------------


def test_overdue_first_then_the_oldest_and_a_resubmission_counts_from_its_own_day(unit, county_staff):
    today = D(2025, 11, 20)
    recent = submitted(unit, D(2025, 11, 14))
    oldest = submitted(unit, D(2025, 10, 20))
    late = submitted(unit, D(2025, 11, 3))
    # Made long ago, returned and submitted again yesterday: it waits from yesterday.
    resubmitted = submitted(unit, D(2025, 9, 1))
    ReviewStep.objects.create(
        content_type=ContentType.objects.get_for_model(Introduction),
        object_id=resubmitted.pk,
        workflow="introduction",
        transition="submit",
        transition_label="提交审核",
        from_state=S.RETURNED,
        to_state=S.SUBMITTED,
        actor_name="单位",
    )
    ReviewStep.objects.filter(object_id=resubmitted.pk, from_state=S.RETURNED).update(at=at(D(2025, 11, 19)))

    rows, found = waits(county_staff, today)
    assert [r.pk for r in rows] == [oldest.pk, late.pk, recent.pk, resubmitted.pk]
    assert [found[r.pk].overdue for r in rows] == [True, True, False, False]
    assert found[resubmitted.pk].waited == 1


def test_the_queue_page_shows_overdue_rows_first_and_filters_them(client, unit, county_staff, other_unit):
    submitted(unit, D(2025, 11, 14))
    late = submitted(unit, D(2025, 11, 3))
    submitted(other_unit, D(2025, 10, 1))  # another county's: not in this queue
    client.force_login(county_staff)
    with time_machine.travel(at(D(2025, 11, 20)), tick=False):
        response = client.get(reverse("workflows:queue", args=[QUEUE]))
        overdue = client.get(reverse("workflows:queue", args=[QUEUE]), {"overdue": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("已超期 3 个工作日") < html.index("剩余 6 个工作日")
    assert [row["obj"].pk for row in overdue.context["rows"]] == [late.pk]
    assert 'data-testid="select-all"' in html and "退回须逐条说明原因" in html


def test_who_may_open_a_queue(client, unit_staff, office, county_staff):
    url = reverse("workflows:queue", args=[QUEUE])
    client.force_login(unit_staff)
    assert client.get(url).status_code == 403
    client.force_login(office)  # the office works its own queue, not the county's
    assert client.get(url).status_code == 403
    assert client.get(reverse("workflows:queue", args=["introduction-office"])).status_code == 200
    client.force_login(county_staff)
    assert client.get(url).status_code == 200
    assert client.get(reverse("workflows:queue", args=["no-such-queue"])).status_code == 404


# --- batch approval ----------------------------------------------------------------------------------


def batch(client, user, ids, **extra):
    client.force_login(user)
    data = {"ids": [str(i) for i in ids], "reason": "材料齐全", "confirm": "1", **extra}
    return client.post(reverse("workflows:batch-approve", args=[QUEUE]), data)


def test_batch_approval_takes_each_record_through_the_engine(client, unit, county_staff):
    first, second = submitted(unit, ARRIVED), submitted(unit, ARRIVED)
    response = batch(client, county_staff, [first.pk, second.pk])
    assert response.status_code == 200
    assert "2 条通过，0 条未通过" in response.content.decode()
    for introduction in (first, second):
        introduction.refresh_from_db()
        assert introduction.state == S.COUNTY_APPROVED
        step = ReviewStep.objects.get(object_id=introduction.pk, transition="county_approve")
        assert (step.reason, step.actor_id) == ("材料齐全", county_staff.pk)
        assert AuditEntry.objects.filter(object_id=str(introduction.pk), reason__contains="县区审核通过").exists()


def test_a_refused_record_is_listed_with_its_reason_and_the_others_still_pass(client, unit, county_staff):
    first, taken, third = submitted(unit, ARRIVED), submitted(unit, ARRIVED), submitted(unit, ARRIVED)
    # A colleague returned one meanwhile (the page was open): it is refused, the others pass.
    declarations.review(by=county_staff, introduction=taken, transition="county_return", reason="缺合同")
    response = batch(client, county_staff, [first.pk, taken.pk, third.pk])
    html = response.content.decode()
    assert "2 条通过，1 条未通过" in html
    assert "其余记录已照常通过" in html
    refused = response.context["outcome"].refused
    assert [r.pk for r in refused] == [taken.pk]
    assert "已退回" in refused[0].reason and taken.talent.name == refused[0].title
    states = dict(Introduction.objects.filter(pk__in=[first.pk, taken.pk, third.pk]).values_list("pk", "state"))
    assert states == {first.pk: S.COUNTY_APPROVED, taken.pk: S.RETURNED, third.pk: S.COUNTY_APPROVED}


def test_foreign_ids_are_refused_not_approved(client, unit, other_unit, county_staff):
    own = submitted(unit, ARRIVED)
    foreign = submitted(other_unit, ARRIVED)
    audited = AuditEntry.objects.count()
    response = batch(client, county_staff, [own.pk, foreign.pk, 999999])
    refused = response.context["outcome"].refused
    assert [r.pk for r in refused] == [foreign.pk, 999999]
    assert all("不在您的审核范围内" in r.reason for r in refused)
    assert foreign.talent.name not in response.content.decode()  # nothing told of another county's record
    foreign.refresh_from_db()
    assert foreign.state == S.SUBMITTED
    assert not ReviewStep.objects.filter(object_id=foreign.pk, transition="county_approve").exists()
    assert AuditEntry.objects.count() == audited + 1  # the own record's step only


def test_a_unit_cannot_batch_approve_its_own_submissions(client, unit, unit_staff):
    own = submitted(unit, ARRIVED)
    assert batch(client, unit_staff, [own.pk]).status_code == 403
    own.refresh_from_db()
    assert own.state == S.SUBMITTED


def test_batch_approval_needs_the_confirmation(client, unit, county_staff):
    record = submitted(unit, ARRIVED)
    response = batch(client, county_staff, [record.pk], confirm="")
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == S.SUBMITTED


# --- 审核通过并查看下一条 ---------------------------------------------------------------------------


def approve_next(client, user, record, **extra):
    client.force_login(user)
    url = reverse("workflows:approve-next", args=[QUEUE, record.pk])
    return client.post(url, {"reason": "同意", "confirm": "1", **extra})


def test_approve_and_next_opens_the_next_record_in_the_queue_order(client, unit, county_staff):
    first = submitted(unit, D(2025, 11, 3))
    second = submitted(unit, D(2025, 11, 5))
    client.force_login(county_staff)
    detail = client.get(reverse("introductions:detail", args=[first.pk]), {"queue": QUEUE})
    assert "审核通过并查看下一条" in detail.content.decode()
    assert "审核通过并查看下一条" not in client.get(reverse("introductions:detail", args=[first.pk])).content.decode()

    response = approve_next(client, county_staff, first)
    assert response.status_code == 302
    assert response.url == f"{reverse('introductions:detail', args=[second.pk])}?queue={QUEUE}"
    first.refresh_from_db()
    assert first.state == S.COUNTY_APPROVED

    last = approve_next(client, county_staff, second)
    assert last.url == reverse("workflows:queue", args=[QUEUE])
    messages = [str(m) for m in client.get(last.url).context["messages"]]
    assert any("已全部处理完毕" in m for m in messages)


def test_approve_and_next_keeps_the_overdue_filter(client, unit, county_staff):
    first = submitted(unit, D(2025, 11, 3))
    submitted(unit, D(2025, 11, 18))  # on time: not in the filtered queue
    third = submitted(unit, D(2025, 11, 4))
    with time_machine.travel(at(D(2025, 11, 20)), tick=False):
        response = approve_next(client, county_staff, first, overdue="1")
        assert response.url == f"{reverse('introductions:detail', args=[third.pk])}?queue={QUEUE}&overdue=1"
        done = approve_next(client, county_staff, third, overdue="1")
        assert done.url == f"{reverse('workflows:queue', args=[QUEUE])}?overdue=1"


def test_approve_and_next_refuses_a_record_outside_the_scope(client, other_unit, county_staff):
    foreign = submitted(other_unit, ARRIVED)
    assert approve_next(client, county_staff, foreign).status_code == 404
    foreign.refresh_from_db()
    assert foreign.state == S.SUBMITTED


# --- 待办 -----------------------------------------------------------------------------------------------


def test_the_todo_figure_equals_the_filtered_list_it_opens(client, unit, county_staff):
    for day in (D(2025, 10, 20), D(2025, 11, 3), D(2025, 11, 4), D(2025, 11, 19)):
        submitted(unit, day)
    today = D(2025, 11, 20)
    (item,) = [i for i in todo_items(county_staff, today) if "已超过审核时限" in i.label]
    assert item.urgent and item.count == 3
    client.force_login(county_staff)
    with time_machine.travel(at(today), tick=False):
        listed = client.get(item.url)
        home = client.get(reverse("home"))
    assert listed.context["page"].paginator.count == item.count
    assert re.search(rf'href="{re.escape(item.url)}"', home.content.decode())


def test_no_todo_figure_without_an_overdue_record(unit, county_staff):
    submitted(unit, D(2025, 11, 19))
    assert not [i for i in todo_items(county_staff, D(2025, 11, 20)) if "已超过审核时限" in i.label]


def test_every_declared_queue_has_its_rule_and_workflow_step():
    from yingcai.workflows.engine import get_workflow

    keys = {q.key for q in queues.all_queues()}
    assert {"introduction-county", "introduction-office", "certification-county", "certification-office"} <= keys
    assert "nomination-check" in keys
    for q in queues.all_queues():
        rule_in_force(q.rule_key, D(2025, 1, 2))
        workflow = get_workflow(q.workflow)
        for name in q.approve:
            assert q.state in workflow.transition(name).sources


def test_a_department_reviewer_sees_the_department_wording(client, county_staff):
    department = factories.DepartmentFactory()
    reviewer = factories.jurisdiction_user(department)
    assert queue().approve_label(reviewer) == "主管部门审核通过"
    assert queue().approve_label(county_staff) == "县区审核通过"


# --- the other queues and the page's cost ----------------------------------------------------------


def test_the_office_batch_refuses_a_certification_whose_guard_fails_and_passes_the_other(office, unit):
    from tests.certification.factories import CertificationFactory, eligible_introduction
    from yingcai.certification.enums import CertificationState as C

    with time_machine.travel(at(D(2027, 6, 1)), tick=False):
        eligible = CertificationFactory(
            introduction=eligible_introduction(unit), state=C.COUNTY_APPROVED, verified_evidence=True
        )
        # Introduced in January 2024: past the three-year 新引进 window (第十三条) by the office's day.
        old = eligible_introduction(unit, introduced_on=D(2024, 1, 2))
        stale = CertificationFactory(introduction=old, state=C.COUNTY_APPROVED, verified_evidence=True)
        outcome = queues.approve_many(
            queue=queues.get_queue("certification-office"), by=office, ids=[eligible.pk, stale.pk], reason="同意"
        )
    refused = outcome.refused
    assert [r.pk for r in refused] == [stale.pk], [r.reason for r in refused]
    eligible.refresh_from_db()
    stale.refresh_from_db()
    assert (eligible.state, stale.state) == (C.OFFICE_APPROVED, C.COUNTY_APPROVED)


def test_the_queue_page_costs_the_same_for_two_rows_or_twelve(client, unit, county_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(county_staff)
    url = reverse("workflows:queue", args=[QUEUE])
    counts = []
    for rows in (2, 12):
        while Introduction.objects.filter(state=S.SUBMITTED).count() < rows:
            submitted(unit, ARRIVED)
        client.get(url)  # warm the per-process caches (content types, the session)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
