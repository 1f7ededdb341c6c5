"""Demo support (第十三条): the entitlements of every certified talent (免申即享, `grant_entitlements`),
most confirmed by the talent's unit, most decision tasks done by the office, and most instalments
that fell due before today paid (`record_payment`, on or after each due date); some are left
unconfirmed, some tasks open (several overdue) and some instalments unpaid, so the reminders and
the registers have content. One talent left the city (`record_departure`, which stops the support):
the instalments due after the day they left are stopped. Run after the registry, introductions and
certification demos.

Every choice is drawn from a random generator seeded with the record's own id, so a second run
takes exactly the same choices and finds them done: it adds nothing.

`confirm` and `decide_task` take no date: they stamp today. So that the registers read as the
history they stand for, the demo then moves those stamps (the confirmation, the task's dispatch,
its deadline as `decision_due` counts it from that day, and its decision) back to the demo's day.
"""

import datetime
import random

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingcai.accounts.enums import Role
from yingcai.accounts.models import User
from yingcai.certification.enums import CertificationState
from yingcai.certification.models import Certification
from yingcai.introductions.domain.declarations import record_departure
from yingcai.introductions.enums import IntroductionState
from yingcai.policy.enums import ConfirmField
from yingcai.registry import demo
from yingcai.support.domain.entitlements import (
    confirm,
    decide_task,
    decision_due,
    grant_entitlements,
    stop_entitlements,
)
from yingcai.support.domain.payments import record_payment
from yingcai.support.domain.schedule import add_months_clamped
from yingcai.support.enums import EntitlementState, InstalmentState, TaskState
from yingcai.support.models import DecisionTask, Entitlement, Instalment

BANKS = ["中国工商银行平顶山分行", "中国建设银行平顶山分行", "中国银行平顶山分行", "平顶山银行"]
GRADES = ["小学一年级", "小学三年级", "初中一年级", "高中一年级"]
OUTCOMES = {
    "school": ["安排至市第一实验小学", "安排至市第二中学", "安排至市实验中学", "安排至市第一高级中学"],
    "spouse": ["安排至市第一人民医院", "安排至平顶山学院", "安排至市人社局下属事业单位", "安排至新华区教育局"],
    "medical": ["已开通市第一人民医院就医绿色通道", "已开通平煤神马总医院就医绿色通道", "已指定市中医医院专人对接"],
    "housing": [
        "已安排入住城乡一体化示范区人才公寓",
        "已安排入住新城区人才公寓（两室一厅）",
        "已安排入住高新区人才公寓",
    ],
}
BANK_FIELDS = {ConfirmField.BANK_ACCOUNT, ConfirmField.BANK_NAME}
DEPARTURE = "调往外省工作，离开本市"
RESPONSIVE = 0.92  # share of certified talents whose unit confirms the money entitlements
OTHER_CONFIRMED = 0.6  # share of the spouse and school entitlements confirmed (not everyone needs them)
DECIDED = 0.75  # share of the decision tasks done
PAID = 0.93  # share of the instalments due (and payable) that were paid


def _office() -> User | None:
    return User.objects.filter(role=Role.TALENT_OFFICE, is_active=True).order_by("pk").first()


def _demo_values(rng: random.Random, fields: list[str]) -> dict[str, str]:
    values = {
        ConfirmField.BANK_ACCOUNT: "6222" + "".join(str(rng.randrange(10)) for _ in range(15)),
        ConfirmField.BANK_NAME: rng.choice(BANKS),
        ConfirmField.SPOUSE_NAME: demo.person_name(rng),
        ConfirmField.SPOUSE_EMPLOYER: "郑州市某科技有限公司",
        ConfirmField.CHILD_NAME: demo.person_name(rng),
        ConfirmField.CHILD_GRADE: rng.choice(GRADES),
    }
    return {f: values[f] for f in fields if f in values}


def _draws(key: str) -> random.Random:
    """The same choices for the same record on every run (demo data, not a secret)."""
    return random.Random(f"support-demo:{key}")  # noqa: S311


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def seed(*, rng: random.Random, today: datetime.date) -> int:
    """Grant the certified talents' entitlements (those not granted yet) and take each along as the
    module says. Returns the number of entitlements granted. A second run adds nothing."""
    office = _office()
    if office is None:
        return 0
    made = 0
    certified = list(
        Certification.objects.filter(state=CertificationState.CERTIFIED, certified_on__isnull=False)
        .select_related("introduction")
        .order_by("certified_on", "pk")
    )
    leaving = _leaving(certified, today)
    for certification in certified:
        left_on = _left_on(certification, today) if certification == leaving else None
        with transaction.atomic():
            before = certification.entitlements.count()
            entitlements = grant_entitlements(by=office, certification=certification)
            made += len(entitlements) - before
            _advance(office, certification, entitlements, today, until=left_on or today, responsive=left_on is not None)
            if left_on is not None:
                _depart(office, certification, left_on)
    return made


def _leaving(certified: list[Certification], today: datetime.date) -> Certification | None:
    """The talent who left the city: the first certified at least sixteen months ago."""
    return next((c for c in certified if _left_on(c, today) < today - datetime.timedelta(days=90)), None)


def _left_on(certification: Certification, today: datetime.date) -> datetime.date:
    """A little over a year after the certification: the second yearly instalment fell due before."""
    return add_months_clamped(certification.certified_on, 13)


def _confirmer(certification: Certification) -> User | None:
    users = User.objects.filter(is_active=True)
    return (
        users.filter(role=Role.TALENT, talent_id=certification.talent_id).order_by("pk").first()
        or users.filter(role=Role.UNIT, unit_id=certification.unit_id).order_by("pk").first()
    )


def _advance(
    office: User,
    certification: Certification,
    entitlements: list[Entitlement],
    today: datetime.date,
    *,
    until: datetime.date,
    responsive: bool = False,
) -> None:
    """Confirm, decide and pay as drawn for this certification (see the module's docstring);
    `responsive` makes sure its unit confirms the money entitlements."""
    own = _draws(f"certification:{certification.pk}")
    recent = certification.certified_on > today - datetime.timedelta(days=30)
    responsive = own.random() < (0.4 if recent else RESPONSIVE) or responsive
    confirmed_on = min(certification.certified_on + datetime.timedelta(days=own.randint(3, 30)), today)
    confirmer = _confirmer(certification)
    for entitlement in entitlements:
        draw = _draws(f"entitlement:{entitlement.pk}")
        wants = draw.random() < (1 if BANK_FIELDS & set(entitlement.item.confirm_fields) else OTHER_CONFIRMED)
        decides = draw.random() < DECIDED
        decided_on = min(confirmed_on + datetime.timedelta(days=draw.randint(2, 25)), today)
        values = _demo_values(draw, list(entitlement.item.confirm_fields))
        outcome = draw.choice(OUTCOMES.get(entitlement.kind, OUTCOMES["school"]))
        if (
            entitlement.state == EntitlementState.AWAITING_CONFIRMATION
            and responsive
            and wants
            and confirmer is not None
            # A talent with a login of their own (the demo's `talent`) finds it waiting for them.
            and confirmer.role != Role.TALENT
        ):
            entitlement = confirm(by=confirmer, entitlement=entitlement, data=values)
            Entitlement.objects.filter(pk=entitlement.pk).update(confirmed_at=_at(confirmed_on))
            working_days = entitlement.item.decision_working_days or 1
            try:
                due = decision_due(confirmed_on, working_days)
            except ValidationError:  # the period reaches a year whose calendar is not entered yet: 待定
                due = None
            DecisionTask.objects.filter(entitlement=entitlement, state=TaskState.OPEN).update(
                created_at=_at(confirmed_on), due_on=due
            )
        if entitlement.state == EntitlementState.AWAITING_DECISION and decides:
            task = DecisionTask.objects.filter(entitlement=entitlement, state=TaskState.OPEN).first()
            if task is not None:
                decide_task(by=office, task=task, outcome=outcome)
                decided = min(decided_on, task.due_on) if task.due_on is not None else decided_on
                DecisionTask.objects.filter(pk=task.pk).update(decided_at=_at(decided))
                entitlement.refresh_from_db()
        if entitlement.state == EntitlementState.ACTIVE:
            _pay(office, entitlement, confirmed_on, today, until)


def _pay(office: User, entitlement: Entitlement, confirmed_on: datetime.date, today: datetime.date, until) -> None:
    """Pay the instalments due by `until`, each some days after it fell due (and after the unit
    confirmed the account); one paid on a day not yet come stays unpaid, and so do a few more."""
    due = Instalment.objects.filter(entitlement=entitlement, state=InstalmentState.SCHEDULED, due_on__lte=until)
    for instalment in due.order_by("sequence"):
        draw = _draws(f"instalment:{instalment.pk}")
        paid_on = max(instalment.due_on, confirmed_on) + datetime.timedelta(days=draw.randint(5, 45))
        if draw.random() >= PAID or paid_on >= today:
            continue
        record_payment(
            by=office,
            instalment=instalment,
            amount=instalment.amount,
            paid_on=paid_on,
            voucher=f"PZ{paid_on:%Y%m%d}{instalment.pk:05d}",
        )


def _depart(office: User, certification: Certification, left_on: datetime.date) -> None:
    """The unit records that the talent left the city; the later instalments stop."""
    introduction = certification.introduction
    if introduction is not None:
        if introduction.ended_on is not None:
            return  # recorded on an earlier run
        if introduction.state == IntroductionState.CONFIRMED and left_on >= introduction.introduced_on:
            by = _confirmer(certification) or office
            if by.role != Role.UNIT:
                by = office
            record_departure(by=by, introduction=introduction, left_on=left_on, reason=DEPARTURE, left_city=True)
            return
    if certification.entitlements.exclude(state__in=(EntitlementState.STOPPED, EntitlementState.COMPLETED)).exists():
        stop_entitlements(by=office, talent=certification.talent, on=left_on, reason=DEPARTURE)
