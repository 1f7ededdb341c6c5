import django_filters
from django.utils.translation import gettext_lazy as _

from yingcai.policylib.enums import PolicyCategory, PolicyLevel
from yingcai.policylib.interfaces.forms import policy_regions
from yingcai.policylib.models import Policy
from yingcai.policylib.queries import level_q, search_policies


def _regions(request=None):
    return policy_regions()


class PolicyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("标题/文号/全文"), method="search")
    level = django_filters.ChoiceFilter(
        label=_("政策层级"), choices=PolicyLevel.choices, method="at_level", empty_label=_("全部")
    )
    region = django_filters.ModelChoiceFilter(label=_("县区/部门"), queryset=_regions, empty_label=_("全部"))
    category = django_filters.ChoiceFilter(label=_("政策类别"), choices=PolicyCategory.choices, empty_label=_("全部"))
    year = django_filters.ChoiceFilter(label=_("发文年份"), choices=[], method="in_year", empty_label=_("全部"))
    status = django_filters.ChoiceFilter(
        label=_("发布状态"),
        choices=[("published", _("已发布")), ("draft", _("未发布"))],
        method="with_status",
        empty_label=_("全部"),
    )

    class Meta:
        model = Policy
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Years come from what this reader may see, so a draft's year is not given away.
        years = self.queryset.filter(issued_on__isnull=False).dates("issued_on", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(str(d.year), str(d.year)) for d in years]
        user = getattr(self.request, "user", None)
        if user is None or not user.has_perm("policylib.add_policy"):
            # Only editors have drafts to tell apart.
            del self.filters["status"]

    def search(self, queryset, name, value):
        return search_policies(queryset, value)

    def at_level(self, queryset, name, value):
        return queryset.filter(level_q(value)) if value else queryset

    def in_year(self, queryset, name, value):
        return queryset.filter(issued_on__year=int(value)) if value else queryset

    def with_status(self, queryset, name, value):
        return queryset.filter(is_published=value == "published") if value else queryset
