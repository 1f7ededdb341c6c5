"""Demo projects (第三条): a few nominations get a project over last year, this year and next, with
two years of grants and spending by category; the first one is over-spent this year, so the warning
shows. Run after the registry, introductions and selection demo data; does nothing if projects
exist already or there is no nomination."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from yingcai.accounts.enums import Role
from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.projects.domain import projects as domain
from yingcai.projects.enums import SpendingCategory
from yingcai.projects.models import FundingGrant, Project, SpendingReport
from yingcai.selection.enums import NominationOutcome, NominationState
from yingcai.selection.models import Nomination

PROJECTS = 5
CENT = Decimal("0.01")
NOTES = {
    SpendingCategory.EQUIPMENT: "购置中试检测设备",
    SpendingCategory.BUSINESS: "材料、测试化验及差旅会议",
    SpendingCategory.LABOUR: "研究生及临时聘用人员劳务",
    SpendingCategory.EXPERT_CONSULTING: "外请专家咨询",
    SpendingCategory.INDIRECT: "单位管理费用",
    SpendingCategory.OTHER: "知识产权申请",
}


def seed(*, rng: random.Random, today: datetime.date) -> int:
    """Returns the number of projects made."""
    if Project.objects.exists():
        return 0
    users = get_user_model().objects.filter(is_active=True)
    office = users.filter(role=Role.TALENT_OFFICE).order_by("pk").first()
    candidates = Nomination.objects.filter(project__isnull=True).exclude(state=NominationState.WITHDRAWN)
    # Selected talents first, as the approval of a round makes them; then, so the demo shows projects
    # before any round is approved, other nominations.
    chosen = list(candidates.filter(outcome=NominationOutcome.SELECTED).order_by("pk")[:PROJECTS])
    if len(chosen) < PROJECTS:
        chosen += list(candidates.exclude(outcome=NominationOutcome.SELECTED).order_by("pk")[: PROJECTS - len(chosen)])
    made = 0
    for index, nomination in enumerate(chosen):
        with transaction.atomic():
            project = _project(nomination, office, rng, today)
            _funding(project, office, rng, today, over_spend=index == 0)
        made += 1
    return made


def _project(nomination: Nomination, office, rng: random.Random, today: datetime.date) -> Project:
    total = Decimal(rng.choice((200, 300, 400, 500)))
    years = {"start_year": today.year - 1, "end_year": today.year + 1}
    if nomination.outcome == NominationOutcome.SELECTED:
        return domain.open_project(by=office, nomination=nomination, total_funding=total, **years)
    project = Project.objects.create(
        nomination=nomination,
        talent_id=nomination.talent_id,
        unit_id=nomination.unit_id,
        name=nomination.task_name[:200],
        total_funding=total,
        created_by=office,
        **years,
    )
    record(actor=office, action=AuditAction.CREATE, target=project, reason="演示数据")
    return project


def _funding(project: Project, office, rng: random.Random, today: datetime.date, *, over_spend: bool) -> None:
    last, this = today.year - 1, today.year
    first_grant = (project.total_funding * Decimal("0.40")).quantize(CENT)
    second_grant = (project.total_funding * Decimal("0.35")).quantize(CENT)
    for year, amount in ((last, first_grant), (this, second_grant)):
        FundingGrant.objects.create(
            project=project,
            year=year,
            amount=amount,
            granted_on=min(datetime.date(year, 3, 15), today),
            note="年度拨付",
            granted_by=office,
        )
        record(
            actor=office,
            action=AuditAction.CREATE,
            target=project,
            changes={domain.GRANT_KEY: [None, f"{year}年度 {amount}万元"]},
        )
    reporter = (
        get_user_model().objects.filter(is_active=True, role=Role.UNIT, unit_id=project.unit_id).order_by("pk").first()
    )
    left = first_grant - _spend(project, last, first_grant * Decimal(rng.uniform(0.6, 0.9)), reporter, rng)
    available = second_grant + left
    target = available + Decimal(rng.randint(5, 20)) if over_spend else available * Decimal(rng.uniform(0.3, 0.6))
    _spend(project, this, target, reporter, rng)
    domain.refresh_over_spent(project)


def _spend(project: Project, year: int, target: Decimal, reporter, rng: random.Random) -> Decimal:
    """Reports in three or four categories adding up to `target` (to the cent); returns the sum."""
    categories = rng.sample(list(SpendingCategory), rng.choice((3, 4)))
    weights = [rng.uniform(1, 3) for _ in categories]
    target = target.quantize(CENT)
    amounts = [(target * Decimal(w / sum(weights))).quantize(CENT) for w in weights]
    amounts[0] += target - sum(amounts)
    for category, amount in zip(categories, amounts, strict=True):
        if amount <= 0:
            continue
        SpendingReport.objects.create(
            project=project, year=year, category=category, amount=amount, note=NOTES[category], reported_by=reporter
        )
        record(
            actor=reporter,
            action=AuditAction.CREATE,
            target=project,
            changes={domain.SPENDING_KEY: [None, f"{year}年度 {category.label} {amount}万元"]},
        )
    return sum(amounts)
