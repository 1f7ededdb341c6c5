import django_filters
from django.utils.translation import gettext_lazy as _

from yingcai.introductions.domain.compliance import STILL_POSSIBLE, UNREACHABLE
from yingcai.introductions.domain.queries import counted_introductions, in_post
from yingcai.introductions.enums import ChannelKind, IntroductionManner, IntroductionMode, IntroductionState
from yingcai.introductions.models import Channel, Introduction
from yingcai.registry.enums import TERRITORIAL_KINDS, UnitKind
from yingcai.registry.interfaces.filters import TalentSearchFilter, talents_matching
from yingcai.registry.models import IndustryChain, Jurisdiction, Unit

NO_CHANNEL = "none"


def _counties(request=None):
    return Jurisdiction.objects.filter(kind__in=TERRITORIAL_KINDS, is_active=True)


def _years():
    years = Introduction.objects.dates("introduced_on", "year", order="DESC")
    return [(str(d.year), str(d.year)) for d in years]


class IntroductionFilter(django_filters.FilterSet):
    q = TalentSearchFilter(label=_("人才姓名/拼音/首字母"), method="search")
    mode = django_filters.ChoiceFilter(label=_("引进方式"), choices=IntroductionMode.choices, empty_label=_("全部"))
    manner = django_filters.ChoiceFilter(label=_("引进形式"), choices=IntroductionManner.choices, empty_label=_("全部"))
    state = django_filters.ChoiceFilter(label=_("审核状态"), choices=IntroductionState.choices, empty_label=_("全部"))
    county = django_filters.ModelChoiceFilter(
        label=_("所在县区"), field_name="unit__county", queryset=_counties, empty_label=_("全部")
    )
    unit_kind = django_filters.ChoiceFilter(
        label=_("单位类型"), field_name="unit__kind", choices=UnitKind.choices, empty_label=_("全部")
    )
    chain = django_filters.ModelChoiceFilter(
        label=_("产业链"), queryset=IndustryChain.objects.order_by("code"), empty_label=_("全部")
    )
    channel_kind = django_filters.ChoiceFilter(
        label=_("渠道类别"),
        choices=[*ChannelKind.choices, (NO_CHANNEL, _("未经渠道"))],
        method="through_channel_kind",
        empty_label=_("全部"),
    )
    year = django_filters.ChoiceFilter(label=_("引进年度"), choices=_years, method="in_year", empty_label=_("全部"))
    stage = django_filters.ChoiceFilter(
        label=_("统计口径"),
        choices=[("counted", _("审核中及已确认"))],
        method="in_stage",
        empty_label=_("全部"),
    )
    serving = django_filters.ChoiceFilter(
        label=_("在岗情况"),
        choices=[("true", _("在岗")), ("false", _("已结束服务"))],
        method="by_serving",
        empty_label=_("全部"),
    )

    class Meta:
        model = Introduction
        fields: list[str] = []

    def search(self, queryset, name, value):
        if not (value or "").strip():
            return queryset
        return queryset.filter(talent__in=talents_matching(self, value))

    def in_stage(self, queryset, name, value):
        return counted_introductions(queryset) if value == "counted" else queryset

    def by_serving(self, queryset, name, value):
        if value == "true":
            return in_post(queryset)
        return queryset.filter(ended_on__isnull=False) if value == "false" else queryset

    def in_year(self, queryset, name, value):
        return queryset.filter(introduced_on__year=int(value)) if value else queryset

    def through_channel_kind(self, queryset, name, value):
        if value == NO_CHANNEL:
            return queryset.filter(channel__isnull=True)
        return queryset.filter(channel__kind=value) if value else queryset


class ChannelFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("渠道名称"), field_name="name", lookup_expr="contains")
    kind = django_filters.ChoiceFilter(label=_("渠道类别"), choices=ChannelKind.choices, empty_label=_("全部"))
    county = django_filters.ModelChoiceFilter(label=_("所属县区"), queryset=_counties, empty_label=_("全部"))
    is_active = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=[("true", _("启用")), ("false", _("停用"))],
        method="by_activity",
        empty_label=_("全部"),
    )

    class Meta:
        model = Channel
        fields: list[str] = []

    def by_activity(self, queryset, name, value):
        return queryset.filter(is_active=value == "true") if value else queryset


def _units_with_flexible_talents(request=None):
    """The units the user sees a flexible introduction of (the filter offers nothing else)."""
    from yingcai.introductions.domain.queries import visible_introductions

    user = getattr(request, "user", None)
    if user is None:
        return Unit.objects.none()
    unit_ids = visible_introductions(user).filter(mode=IntroductionMode.FLEXIBLE).values("unit_id")
    return Unit.objects.filter(pk__in=unit_ids).order_by("name")


class AtRiskFilter(django_filters.FilterSet):
    """The at-risk list (第八条): by county, unit and whether the year can still be met."""

    county = django_filters.ModelChoiceFilter(
        label=_("所在县区"), field_name="unit__county", queryset=_counties, empty_label=_("全部")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("引进单位"), queryset=_units_with_flexible_talents, empty_label=_("全部")
    )
    outlook = django_filters.ChoiceFilter(
        label=_("达标可能"),
        choices=[(UNREACHABLE, _("已无法达标")), (STILL_POSSIBLE, _("仍可达标"))],
        method="by_outlook",
        empty_label=_("全部"),
    )

    class Meta:
        model = Introduction
        fields: list[str] = []

    def by_outlook(self, queryset, name, value):
        return queryset  # decided on each year's result, by compliance.at_risk(outlook=…)

    @property
    def chosen_outlook(self) -> str:
        return (self.form.cleaned_data.get("outlook") or "") if self.is_valid() else ""
