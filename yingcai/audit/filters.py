import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from yingcai.audit.models import AuditAction, AuditEntry


class AuditFilter(django_filters.FilterSet):
    actor = django_filters.CharFilter(label=_("操作人"), field_name="actor_name", lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label=_("操作"), choices=AuditAction.choices, empty_label=_("全部"))
    content_type = django_filters.ModelChoiceFilter(
        label=_("对象类型"),
        queryset=ContentType.objects.filter(app_label__in=["registry", "accounts"]),
        empty_label=_("全部"),
    )
    target = django_filters.CharFilter(label=_("对象"), field_name="object_repr", lookup_expr="icontains")
    since = django_filters.DateFilter(
        label=_("起始日期"), field_name="at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = django_filters.DateFilter(
        label=_("截止日期"), field_name="at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []
