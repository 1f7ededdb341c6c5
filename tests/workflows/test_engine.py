"""The engine's moves for flows without review steps (`advance`, `advance_all`), system transitions,
and effects that write inside the transaction while nothing is sent before the commit."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
import rules
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.publicity.factories import PublicityFactory
from tests.support.factories import CertificationFactory, SupportItemFactory
from tests.support.helpers import granted
from yingcai.notifications.domain import notify
from yingcai.notifications.models import Notification
from yingcai.publicity.enums import PublicityState
from yingcai.publicity.models import Publicity
from yingcai.publicity.workflow import NOTICE
from yingcai.registry.models import ExportJob
from yingcai.registry.models.export_job import ExportKind, ExportStatus
from yingcai.registry.workflow import EXPORT_JOB
from yingcai.support.domain.payments import record_payment
from yingcai.support.enums import EntitlementState
from yingcai.support.workflow import ENTITLEMENT, INSTALMENT
from yingcai.workflows.engine import (
    BY_THE_PLATFORM,
    Transition,
    Workflow,
    advance,
    advance_all,
    perform,
    permitted,
    steps_of,
)


def notice(state=PublicityState.OPEN):
    return SimpleNamespace(state=state, pk=1)


def test_advance_moves_the_record_and_returns_the_state_it_left(office):
    publicity = notice()
    assert advance(workflow=NOTICE, obj=publicity, transition="conclude", by=office) == PublicityState.OPEN
    assert publicity.state == PublicityState.CONCLUDED


def test_advance_refuses_a_move_from_another_state(office):
    with pytest.raises(ValidationError, match="当前状态为“已结束”，不能执行“结束公示”") as refused:
        advance(workflow=NOTICE, obj=notice(PublicityState.CONCLUDED), transition="conclude", by=office)
    assert refused.value.code == "wrong_state"


def test_advance_refuses_whoever_may_not_take_the_step(unit_staff):
    publicity = notice()
    with pytest.raises(PermissionDenied, match="您无权执行“结束公示”"):
        advance(workflow=NOTICE, obj=publicity, transition="conclude", by=unit_staff)
    with pytest.raises(PermissionDenied):
        advance(workflow=NOTICE, obj=publicity, transition="conclude", by=None)
    assert publicity.state == PublicityState.OPEN


def test_a_system_transition_is_taken_without_a_user_and_never_offered_to_one(office):
    entitlement = SimpleNamespace(state=EntitlementState.ACTIVE, pk=1)
    assert ENTITLEMENT.transition("complete").allowed is BY_THE_PLATFORM
    advance(workflow=ENTITLEMENT, obj=entitlement, transition="complete")
    assert entitlement.state == EntitlementState.COMPLETED
    assert "complete" not in [t.name for t in ENTITLEMENT.available(office, SimpleNamespace(state="active"))]


def test_a_system_transition_cannot_be_performed_as_a_review_step(office, db):
    publicity = factories_publicity(office)
    flow = Workflow(
        name="test_notice_by_the_platform",
        states=PublicityState,
        initial=PublicityState.OPEN,
        transitions=(Transition("conclude", "结束公示", (PublicityState.OPEN,), PublicityState.CONCLUDED),),
    )
    with pytest.raises(PermissionDenied):
        perform(workflow=flow, obj=publicity, transition="conclude", by=office)
    publicity.refresh_from_db()
    assert publicity.state == PublicityState.OPEN


def test_advance_runs_the_guards_before_moving(office):
    def closed(record) -> None:
        raise ValidationError("未到期")

    flow = Workflow(
        name="test_guarded",
        states=PublicityState,
        initial=PublicityState.OPEN,
        transitions=(
            Transition(
                "conclude",
                "结束公示",
                (PublicityState.OPEN,),
                PublicityState.CONCLUDED,
                allowed=permitted("publicity.manage"),
                guards=(closed,),
            ),
        ),
    )
    publicity = notice()
    with pytest.raises(ValidationError, match="未到期"):
        advance(workflow=flow, obj=publicity, transition="conclude", by=office)
    assert publicity.state == PublicityState.OPEN


def test_advance_all_moves_only_the_records_still_in_a_source_state(office):
    queued = ExportJob.objects.create(kind=ExportKind.TALENTS, created_by=office)
    done = ExportJob.objects.create(kind=ExportKind.TALENTS, created_by=office, status=ExportStatus.DONE)
    moved = advance_all(workflow=EXPORT_JOB, queryset=ExportJob.objects.all(), transition="time_out", error="超时")
    assert moved == 1
    queued.refresh_from_db()
    done.refresh_from_db()
    assert (queued.status, queued.error) == (ExportStatus.FAILED, "超时")
    assert (done.status, done.error) == (ExportStatus.DONE, "")
    # Moved once: a second worker's claim finds nothing left to move.
    assert advance_all(workflow=EXPORT_JOB, queryset=ExportJob.objects.all(), transition="claim") == 0


def test_advance_all_checks_each_record_for_a_step_a_user_takes(unit_staff, office):
    factories_publicity(office)
    with pytest.raises(PermissionDenied):
        advance_all(workflow=NOTICE, queryset=Publicity.objects.all(), transition="conclude", by=unit_staff)
    assert Publicity.objects.get().state == PublicityState.OPEN
    assert advance_all(workflow=NOTICE, queryset=Publicity.objects.all(), transition="conclude", by=office) == 1


def test_a_record_is_created_in_the_initial_state_or_a_declared_entry_state():
    assert ENTITLEMENT.start() == EntitlementState.AWAITING_CONFIRMATION
    assert ENTITLEMENT.start(EntitlementState.ACTIVE) == EntitlementState.ACTIVE
    with pytest.raises(ValueError):
        ENTITLEMENT.start(EntitlementState.COMPLETED)
    with pytest.raises(ValueError):
        NOTICE.start(PublicityState.CONCLUDED)


@rules.predicate
def anyone(user) -> bool:
    return True


def test_the_effects_of_a_step_write_in_the_transaction_and_mail_only_after_the_commit(
    office, django_capture_on_commit_callbacks
):
    reader = factories.office_user(email="reader@example.cn")

    def tell(record, step) -> None:
        notify(users=[reader], title=f"{step.transition_label}：{record.title}")

    flow = Workflow(
        name="test_notice_told",
        states=PublicityState,
        initial=PublicityState.OPEN,
        transitions=(
            Transition(
                "conclude",
                "结束公示",
                (PublicityState.OPEN,),
                PublicityState.CONCLUDED,
                allowed=anyone,
                effects=(tell,),
            ),
        ),
    )
    publicity = factories_publicity(office)
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        perform(workflow=flow, obj=publicity, transition="conclude", by=office)
    assert Notification.objects.filter(recipient=reader).count() == 1  # written with the step
    assert mail.outbox == []  # nothing sent from inside the transaction
    assert steps_of(publicity).get().to_state == PublicityState.CONCLUDED
    for callback in after_commit:
        callback()
    assert [m.to for m in mail.outbox] == [["reader@example.cn"]]


def test_a_payment_tells_the_talent_by_mail_only_after_the_commit(office, unit, django_capture_on_commit_callbacks):
    certification = CertificationFactory(unit=unit, certified_on=datetime.date(2024, 1, 15))
    factories.talent_user(certification.talent, email="talent@example.cn")
    entitlement = granted(office, certification, SupportItemFactory(amount=Decimal("100000"), instalments=1))
    mail.outbox.clear()
    instalment = entitlement.instalments.get()
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        record_payment(
            by=office, instalment=instalment, amount=instalment.amount, paid_on=instalment.due_on, voucher="P1"
        )
    entitlement.refresh_from_db()
    assert entitlement.state == EntitlementState.COMPLETED  # the system step, taken with the payment
    assert mail.outbox == []
    for callback in after_commit:
        callback()
    assert [m.to for m in mail.outbox] == [["talent@example.cn"]]


def test_the_instalment_flow_refuses_a_second_payment_through_the_engine(office):
    paid = SimpleNamespace(state="paid", pk=1)
    with pytest.raises(ValidationError) as refused:
        advance(workflow=INSTALMENT, obj=paid, transition="pay", by=office)
    assert refused.value.code == "wrong_state"


def factories_publicity(office) -> Publicity:
    return PublicityFactory(created_by=office)
