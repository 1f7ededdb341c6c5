import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from yingcai.registry.domain.queries import id_search_refusal, search_talents, search_units
from yingcai.registry.enums import TERRITORIAL_KINDS, Education, JurisdictionKind, ProfessionalTitle, UnitKind
from yingcai.registry.models import IndustryChain, IndustryCluster, Jurisdiction, KeyTechField, Talent, Unit


def _counties(request=None):
    return Jurisdiction.objects.filter(kind__in=TERRITORIAL_KINDS, is_active=True)


def _departments(request=None):
    return Jurisdiction.objects.filter(kind=JurisdictionKind.DEPARTMENT, is_active=True)


def searcher(filterset: django_filters.FilterSet):
    """Who searches: the user of the request the filter set was made with (None: nobody, who may
    not search by ID number)."""
    return getattr(filterset.request, "user", None)


class TalentSearchField(forms.CharField):
    """A search box that finds talents: refuses, in Chinese, an ID number from someone who may not
    search by it (the list is then not filtered by it)."""

    def __init__(self, *args, by=None, **kwargs) -> None:
        self.by = by
        super().__init__(*args, **kwargs)

    def validate(self, value) -> None:
        super().validate(value)
        refusal = id_search_refusal(by=self.by, text=value)
        if refusal:
            raise forms.ValidationError(refusal, code="id_number_search")


class TalentSearchFilter(django_filters.CharFilter):
    """The `q` of every list that finds talents by name (see `search_talents`); give the filter set
    `request=request` so that those who may search by a whole ID number can (audited)."""

    field_class = TalentSearchField

    @property
    def field(self):
        if not hasattr(self, "_field"):
            self.extra["by"] = searcher(self.parent)
        return super().field


def talents_matching(filterset: django_filters.FilterSet, text: str):
    """The talents `text` finds for the user of `filterset`, to filter records that point to a talent."""
    return search_talents(Talent.objects.all(), text, by=searcher(filterset)).values("pk")


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
    q = TalentSearchFilter(label=_("姓名/拼音/首字母"), method="search")
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
        return search_talents(queryset, value, by=searcher(self))

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
