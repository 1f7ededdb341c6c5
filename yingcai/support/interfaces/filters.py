import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.policy.enums import SupportKind
from yingcai.registry.enums import TERRITORIAL_KINDS
from yingcai.registry.interfaces.filters import TalentSearchFilter, talents_matching
from yingcai.registry.models import Jurisdiction
from yingcai.support.domain.queries import due_in_month, overdue
from yingcai.support.enums import EntitlementState, InstalmentState, TaskState
from yingcai.support.models import DecisionTask, Entitlement, Instalment

DUE_THIS_MONTH, OVERDUE = "month", "overdue"


def _counties(request=None):
    return Jurisdiction.objects.filter(kind__in=TERRITORIAL_KINDS, is_active=True)


def _tiers():
    codes = Entitlement.objects.values_list("certification__tier_code", flat=True).distinct().order_by()
    return [(c, _("%(tier)s类") % {"tier": c}) for c in sorted(set(codes))]


def _search(filterset, queryset, prefix: str, value: str):
    if not (value or "").strip():
        return queryset
    return queryset.filter(**{f"{prefix}__in": talents_matching(filterset, value)})


class EntitlementFilter(django_filters.FilterSet):
    q = TalentSearchFilter(label=_("人才姓名/拼音"), method="search")
    kind = django_filters.ChoiceFilter(label=_("待遇类别"), choices=SupportKind.choices, empty_label=_("全部"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=EntitlementState.choices, empty_label=_("全部"))
    tier = django_filters.ChoiceFilter(
        label=_("认定层次"), field_name="certification__tier_code", choices=_tiers, empty_label=_("全部")
    )
    county = django_filters.ModelChoiceFilter(
        label=_("所在县区"), field_name="certification__unit__county", queryset=_counties, empty_label=_("全部")
    )
    due = django_filters.ChoiceFilter(
        label=_("发放/办理"),
        choices=[(DUE_THIS_MONTH, _("本月应发")), (OVERDUE, _("已逾期"))],
        method="by_due",
        empty_label=_("全部"),
    )

    class Meta:
        model = Entitlement
        fields: list[str] = []

    def search(self, queryset, name, value):
        return _search(self, queryset, "talent", value)

    def by_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == DUE_THIS_MONTH:
            return due_in_month(queryset, today)
        if value == OVERDUE:
            return overdue(queryset, today)
        return queryset


class InstalmentFilter(django_filters.FilterSet):
    q = TalentSearchFilter(label=_("人才姓名/拼音"), method="search")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=InstalmentState.choices, empty_label=_("全部"))
    kind = django_filters.ChoiceFilter(
        label=_("待遇类别"), field_name="entitlement__kind", choices=SupportKind.choices, empty_label=_("全部")
    )
    county = django_filters.ModelChoiceFilter(
        label=_("所在县区"),
        field_name="entitlement__certification__unit__county",
        queryset=_counties,
        empty_label=_("全部"),
    )
    due = django_filters.ChoiceFilter(
        label=_("应发时间"),
        choices=[(DUE_THIS_MONTH, _("本月应发")), (OVERDUE, _("已逾期未发"))],
        method="by_due",
        empty_label=_("全部"),
    )

    class Meta:
        model = Instalment
        fields: list[str] = []

    def search(self, queryset, name, value):
        return _search(self, queryset, "entitlement__talent", value)

    def by_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == DUE_THIS_MONTH:
            return queryset.filter(due_on__year=today.year, due_on__month=today.month)
        if value == OVERDUE:
            return queryset.overdue(today)
        return queryset


OPEN, LATE, DONE = "open", "overdue", "done"


class TaskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("办理情况"),
        choices=[(OPEN, _("待办")), (LATE, _("已超期")), (DONE, _("已办结"))],
        method="by_status",
        empty_label=_("全部"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("待遇类别"), field_name="entitlement__kind", choices=SupportKind.choices, empty_label=_("全部")
    )

    class Meta:
        model = DecisionTask
        fields: list[str] = []

    def by_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == OPEN:
            return queryset.filter(state=TaskState.OPEN)
        if value == LATE:
            return queryset.overdue(today)
        if value == DONE:
            return queryset.filter(state=TaskState.DONE)
        return queryset
