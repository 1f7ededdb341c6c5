"""The read side of projects: what each user may see, and the sums the list shows."""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from yingcai.projects.models import FundingGrant, Project, SpendingReport
from yingcai.projects.scopes import PROJECT_SCOPE

_MONEY = DecimalField(max_digits=14, decimal_places=2)


def visible_projects(user) -> QuerySet[Project]:
    return PROJECT_SCOPE.visible_to(user)


def _sum_of(model, **filters) -> Coalesce:
    rows = (
        model.objects.filter(project=OuterRef("pk"), **filters)
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=_MONEY), Value(Decimal("0.00")), output_field=_MONEY)


def projects_for_list(queryset: QuerySet[Project]) -> QuerySet[Project]:
    """With `granted_total` and `spent_total` (万元) as subqueries: one query whatever the rows."""
    return queryset.select_related("talent", "unit", "unit__county").annotate(
        granted_total=_sum_of(FundingGrant), spent_total=_sum_of(SpendingReport)
    )
