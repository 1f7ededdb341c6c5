import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingcai.registry.interfaces.filters import TalentSearchFilter, talents_matching
from yingcai.registry.models import IndustryChain, KeyTechField
from yingcai.selection.enums import NominationOutcome, NominationState, TaskLevel
from yingcai.selection.models import Expert, Nomination, SelectionRound


class NominationFilter(django_filters.FilterSet):
    q = TalentSearchFilter(label=_("被推荐人姓名/拼音"), method="search")
    round = django_filters.ModelChoiceFilter(
        label=_("遴选批次"), queryset=SelectionRound.objects.all(), empty_label=_("全部")
    )
    state = django_filters.ChoiceFilter(label=_("形式审查"), choices=NominationState.choices, empty_label=_("全部"))
    outcome = django_filters.ChoiceFilter(label=_("遴选结果"), choices=NominationOutcome.choices, empty_label=_("全部"))
    task_level = django_filters.ChoiceFilter(label=_("任务级别"), choices=TaskLevel.choices, empty_label=_("全部"))

    class Meta:
        model = Nomination
        fields: list[str] = []

    def search(self, queryset, name, value):
        if not (value or "").strip():
            return queryset
        return queryset.filter(talent__in=talents_matching(self, value))


class ExpertFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method="search")
    field = django_filters.ModelChoiceFilter(
        label=_("专业领域"), field_name="fields", queryset=KeyTechField.objects.order_by("code"), empty_label=_("全部")
    )
    chain = django_filters.ModelChoiceFilter(
        label=_("产业链"), field_name="chains", queryset=IndustryChain.objects.order_by("code"), empty_label=_("全部")
    )
    employer = django_filters.CharFilter(label=_("工作单位"), method="by_employer")
    is_active = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[("true", _("在库")), ("false", _("已出库"))],
        method="by_activity",
        empty_label=_("全部"),
    )

    class Meta:
        model = Expert
        fields: list[str] = []

    def search(self, queryset, name, value):
        value = (value or "").strip()
        return queryset.filter(name__contains=value) if value else queryset

    def by_employer(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        return queryset.filter(Q(employer_name__contains=value) | Q(employer__name__contains=value))

    def by_activity(self, queryset, name, value):
        return queryset.filter(is_active=value == "true") if value else queryset
