"""Demo projects (第三条): the projects the approval of last year's selection round opened (through
`open_project`) get their grants year by year (`grant_funding`) and the spending of each year by
category; the first one is over-spent this year, so the warning shows. Run after the registry,
introductions and selection demo data; a project already funded is left alone, so a second run adds
nothing. A SELECTED nomination still without a project gets one through `open_project` first."""

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
from yingcai.projects.models import Project, SpendingReport
from yingcai.selection.enums import NominationOutcome
from yingcai.selection.models import Nomination

CENT = Decimal("0.01")
NOTES = {
    SpendingCategory.EQUIPMENT: "购置中试检测设备",
    SpendingCategory.BUSINESS: "材料、测试化验及差旅会议",
    SpendingCategory.LABOUR: "研究生及临时聘用人员劳务",
    SpendingCategory.EXPERT_CONSULTING: "外请专家咨询",
    SpendingCategory.INDIRECT: "单位管理费用",
    SpendingCategory.OTHER: "知识产权申请",
}
# The share of the total granted in a project's first, second, … year.
GRANT_SHARES = (Decimal("0.40"), Decimal("0.35"), Decimal("0.25"))


def seed(*, rng: random.Random, today: datetime.date) -> int:
    """Fund the projects of selected talents that have no grant yet. Returns how many were funded."""
    users = get_user_model().objects.filter(is_active=True)
    office = users.filter(role=Role.TALENT_OFFICE).order_by("pk").first()
    if office is None:
        return 0
    for nomination in Nomination.objects.filter(outcome=NominationOutcome.SELECTED, project__isnull=True).order_by(
        "pk"
    ):
        domain.open_project(by=office, nomination=nomination)
    unfunded = list(
        Project.objects.filter(nomination__outcome=NominationOutcome.SELECTED, grants__isnull=True)
        .select_related("talent")
        .order_by("pk")
    )
    over_spend_one = not Project.objects.filter(over_spent_since__isnull=False).exists()
    for index, project in enumerate(unfunded):
        with transaction.atomic():
            _funding(project, office, rng, today, over_spend=over_spend_one and index == 0)
    return len(unfunded)


def _funding(project: Project, office, rng: random.Random, today: datetime.date, *, over_spend: bool) -> None:
    """A grant for each year of the project that has begun, and spending in each: earlier years
    use 60–90 % of what they had, this year 30–60 % (or more than it had, when `over_spend`)."""
    years = [y for y in project.years if y <= today.year]
    reporter = (
        get_user_model().objects.filter(is_active=True, role=Role.UNIT, unit_id=project.unit_id).order_by("pk").first()
    )
    carried = Decimal(0)
    for number, year in enumerate(years):
        share = GRANT_SHARES[min(number, len(GRANT_SHARES) - 1)]
        amount = (project.total_funding * share).quantize(CENT)
        # The first grant follows the approval of the round (summer); later ones come each March.
        granted_on = min(datetime.date(year, 7, 15) if number == 0 else datetime.date(year, 3, 15), today)
        domain.grant_funding(
            by=office, project=project, year=year, amount=amount, granted_on=granted_on, note="年度拨付"
        )
        available = amount + carried
        if year < today.year:
            target = available * Decimal(rng.uniform(0.6, 0.9))
        elif over_spend:
            target = available + Decimal(rng.randint(5, 20))
        else:
            target = available * Decimal(rng.uniform(0.3, 0.6))
        carried = max(available - _spend(project, year, target, reporter, rng), Decimal(0))
    domain.refresh_over_spent(project)


def _spend(project: Project, year: int, target: Decimal, reporter, rng: random.Random) -> Decimal:
    """Reports in three or four categories adding up to `target` (to the cent); returns the sum.
    The unit's login reports through the domain; for a unit without a login the report is
    written as the unit's paper report would be entered (audited all the same)."""
    categories = rng.sample(list(SpendingCategory), rng.choice((3, 4)))
    weights = [rng.uniform(1, 3) for _ in categories]
    target = target.quantize(CENT)
    amounts = [(target * Decimal(w / sum(weights))).quantize(CENT) for w in weights]
    amounts[0] += target - sum(amounts)
    for category, amount in zip(categories, amounts, strict=True):
        if amount <= 0:
            continue
        if reporter is not None:
            domain.report_spending(
                by=reporter, project=project, year=year, category=category, amount=amount, note=NOTES[category]
            )
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
