import django_filters
from django.utils.translation import gettext_lazy as _

from yingcai.registry.domain.queries import search_talents, search_units
from yingcai.registry.enums import TERRITORIAL_KINDS, Education, JurisdictionKind, ProfessionalTitle, UnitKind
from yingcai.registry.models import IndustryChain, IndustryCluster, Jurisdiction, KeyTechField, Talent, Unit


def _counties(request=None):
    return Jurisdiction.objects.filter(kind__in=TERRITORIAL_KINDS, is_active=True)


def _departments(request=None):
    return Jurisdiction.objects.filter(kind=JurisdictionKind.DEPARTMENT, is_active=True)


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("名称/信用代码"), method="search")
    kind = django_filters.ChoiceFilter(label=_("单位类型"), choices=UnitKind.choices, empty_label=_("全部"))
    county = django_filters.ModelChoiceFilter(label=_("所在县区"), queryset=_counties, empty_label=_("全部"))
    department = django_filters.ModelChoiceFilter(label=_("主管部门"), queryset=_departments, empty_label=_("全部"))
    cluster = django_filters.ModelChoiceFilter(
        label=_("产业集群"), field_name="clusters", queryset=IndustryCluster.objects.all(), empty_label=_("全部")
    )
    chain = django_filters.ModelChoiceFilter(
        label=_("产业链"), field_name="chains", queryset=IndustryChain.objects.all(), empty_label=_("全部")
    )
    tech_field = django_filters.ModelChoiceFilter(
        label=_("关键技术领域"), field_name="tech_fields", queryset=KeyTechField.objects.all(), empty_label=_("全部")
    )

    class Meta:
        model = Unit
        fields: list[str] = []

    def search(self, queryset, name, value):
        return search_units(queryset, value)


class TalentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名/拼音/首字母"), method="search")
    education = django_filters.ChoiceFilter(label=_("学历"), choices=Education.choices, empty_label=_("全部"))
    title = django_filters.ChoiceFilter(label=_("职称"), choices=ProfessionalTitle.choices, empty_label=_("全部"))
    chain = django_filters.ModelChoiceFilter(
        label=_("产业链"), queryset=IndustryChain.objects.all(), empty_label=_("全部")
    )
    tech_field = django_filters.ModelChoiceFilter(
        label=_("关键技术领域"), queryset=KeyTechField.objects.all(), empty_label=_("全部")
    )
    county = django_filters.ModelChoiceFilter(
        label=_("所在县区"), queryset=_counties, method="in_county", empty_label=_("全部")
    )
    unit_kind = django_filters.ChoiceFilter(
        label=_("单位类型"), choices=UnitKind.choices, method="at_unit_kind", empty_label=_("全部")
    )
    overseas = django_filters.ChoiceFilter(
        label=_("海外经历"),
        choices=[("true", _("是")), ("false", _("否"))],
        method="with_overseas_experience",
        empty_label=_("全部"),
    )

    class Meta:
        model = Talent
        fields: list[str] = []

    def search(self, queryset, name, value):
        return search_talents(queryset, value)

    def with_overseas_experience(self, queryset, name, value):
        return queryset.filter(has_overseas_experience=value == "true") if value else queryset

    def in_county(self, queryset, name, value):
        return (
            queryset.filter(affiliations__end_date__isnull=True, affiliations__unit__county=value).distinct()
            if value
            else queryset
        )

    def at_unit_kind(self, queryset, name, value):
        return (
            queryset.filter(affiliations__end_date__isnull=True, affiliations__unit__kind=value).distinct()
            if value
            else queryset
        )
