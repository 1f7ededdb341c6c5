import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingcai.projects.enums import ProjectState
from yingcai.projects.models import Project
from yingcai.registry.interfaces.filters import TalentSearchFilter, talents_matching
from yingcai.registry.models import Unit


def _years(request=None):
    bounds = Project.objects.order_by().values_list("start_year", "end_year")
    years = sorted({y for start, end in bounds for y in range(start, end + 1)}, reverse=True)
    return [(str(y), str(y)) for y in years]


class ProjectFilter(django_filters.FilterSet):
    q = TalentSearchFilter(label=_("人才姓名/项目名称"), method="search")
    year = django_filters.ChoiceFilter(label=_("实施年度"), choices=_years, method="in_year", empty_label=_("全部"))
    unit = django_filters.ModelChoiceFilter(label=_("承担单位"), queryset=Unit.objects.none(), empty_label=_("全部"))
    state = django_filters.ChoiceFilter(label=_("状态"), choices=ProjectState.choices, empty_label=_("全部"))
    over_spent = django_filters.ChoiceFilter(
        label=_("超支"),
        choices=[("yes", _("超支")), ("no", _("未超支"))],
        method="by_over_spending",
        empty_label=_("全部"),
    )

    class Meta:
        model = Project
        fields: list[str] = []

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the units whose projects the user may see are offered.
        self.filters["unit"].queryset = units if units is not None else Unit.objects.none()

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        talents = talents_matching(self, value)
        return queryset.filter(Q(talent__in=talents) | Q(name__contains=value))

    def in_year(self, queryset, name, value):
        if not value:
            return queryset
        year = int(value)
        return queryset.filter(start_year__lte=year, end_year__gte=year)

    def by_over_spending(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(over_spent_since__isnull=False)
        if value == "no":
            return queryset.filter(over_spent_since__isnull=True)
        return queryset
