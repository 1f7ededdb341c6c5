import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.certification.domain.queries import in_force_q
from yingcai.certification.enums import CertificationBasis, CertificationState
from yingcai.certification.models import Certification
from yingcai.registry.enums import TERRITORIAL_KINDS
from yingcai.registry.interfaces.filters import TalentSearchFilter, talents_matching
from yingcai.registry.models import IndustryChain, Jurisdiction


def _counties(request=None):
    return Jurisdiction.objects.filter(kind__in=TERRITORIAL_KINDS, is_active=True)


def _tiers():
    codes = Certification.objects.order_by("tier_code").values_list("tier_code", flat=True).distinct()
    return [(c, _("%(code)s类") % {"code": c}) for c in codes]


class CertificationFilter(django_filters.FilterSet):
    q = TalentSearchFilter(label=_("人才姓名/拼音/首字母"), method="search")
    state = django_filters.ChoiceFilter(label=_("状态"), choices=CertificationState.choices, empty_label=_("全部"))
    tier = django_filters.ChoiceFilter(label=_("层次"), field_name="tier_code", choices=_tiers, empty_label=_("全部"))
    basis = django_filters.ChoiceFilter(label=_("认定依据"), choices=CertificationBasis.choices, empty_label=_("全部"))
    county = django_filters.ModelChoiceFilter(
        label=_("所在县区"), field_name="unit__county", queryset=_counties, empty_label=_("全部")
    )
    chain = django_filters.ModelChoiceFilter(
        label=_("产业链"),
        field_name="talent__chain",
        queryset=IndustryChain.objects.order_by("code"),
        empty_label=_("全部"),
    )
    # A name to type, not a list to scroll: thousands of units apply.
    unit = django_filters.CharFilter(label=_("申报单位"), field_name="unit__name", lookup_expr="contains")
    in_force = django_filters.ChoiceFilter(
        label=_("认定有效期"),
        choices=[("true", _("有效期内"))],
        method="by_force",
        empty_label=_("全部"),
    )

    class Meta:
        model = Certification
        fields: list[str] = []

    def search(self, queryset, name, value):
        if not (value or "").strip():
            return queryset
        return queryset.filter(talent__in=talents_matching(self, value))

    def by_force(self, queryset, name, value):
        return queryset.filter(in_force_q(timezone.localdate())) if value == "true" else queryset
