"""Demo support: the entitlements of the certified talents, some confirmed, some instalments paid,
some decision tasks done. Run after the registry, introductions and certification demos."""

import datetime
import random

from django.db import transaction

from yingcai.accounts.enums import Role
from yingcai.accounts.models import User
from yingcai.certification.enums import CertificationState
from yingcai.certification.models import Certification
from yingcai.policy.enums import ConfirmField
from yingcai.registry import demo
from yingcai.support.domain.entitlements import confirm, decide_task, grant_entitlements
from yingcai.support.domain.payments import record_payment
from yingcai.support.enums import EntitlementState, InstalmentState, TaskState
from yingcai.support.models import DecisionTask, Entitlement, Instalment

BANKS = ["中国工商银行平顶山分行", "中国建设银行平顶山分行", "中国银行平顶山分行", "平顶山银行"]
GRADES = ["小学一年级", "小学三年级", "初中一年级", "高中一年级"]
OUTCOMES = ["安排至市第一实验小学", "安排至市第二中学", "安排至市实验中学"]


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


def seed(*, rng: random.Random, today: datetime.date) -> int:
    """Grant the certified talents' entitlements; confirm about two thirds, decide most of the
    tasks of confirmed ones and pay the instalments already due of about half. Returns the number
    of entitlements granted. Running it again adds nothing already there."""
    office = _office()
    if office is None:
        return 0
    made = 0
    certified = Certification.objects.filter(state=CertificationState.CERTIFIED, certified_on__isnull=False)
    for certification in certified.order_by("pk"):
        if certification.entitlements.exists():
            continue
        with transaction.atomic():
            entitlements = grant_entitlements(by=office, certification=certification)
        made += len(entitlements)
        for entitlement in entitlements:
            _advance(rng, office, entitlement, today)
    return made


def _advance(rng: random.Random, office: User, entitlement: Entitlement, today: datetime.date) -> None:
    talent_user = User.objects.filter(role=Role.TALENT, talent_id=entitlement.talent_id).first()
    if entitlement.state == EntitlementState.AWAITING_CONFIRMATION:
        if rng.random() > 0.66:
            return
        by = talent_user or User.objects.filter(role=Role.UNIT, unit_id=entitlement.certification.unit_id).first()
        if by is None:
            return
        confirm(by=by, entitlement=entitlement, data=_demo_values(rng, entitlement.item.confirm_fields))
        entitlement.refresh_from_db()
    if entitlement.state == EntitlementState.AWAITING_DECISION and rng.random() < 0.6:
        task = DecisionTask.objects.filter(entitlement=entitlement, state=TaskState.OPEN).first()
        if task is not None:
            decide_task(by=office, task=task, outcome=rng.choice(OUTCOMES))
            entitlement.refresh_from_db()
    if entitlement.state != EntitlementState.ACTIVE or rng.random() < 0.5:
        return
    due = Instalment.objects.filter(entitlement=entitlement, state=InstalmentState.SCHEDULED, due_on__lte=today)
    for instalment in due.order_by("sequence"):
        paid_on = min(instalment.due_on + datetime.timedelta(days=rng.randrange(3, 40)), today)
        record_payment(
            by=office,
            instalment=instalment,
            amount=instalment.amount,
            paid_on=paid_on,
            voucher=f"PZ{paid_on:%Y%m%d}{instalment.pk:05d}",
        )
