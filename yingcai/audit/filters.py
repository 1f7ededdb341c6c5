import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingcai.audit.models import AuditAction, AuditEntry


class ObjectTypeChoiceField(forms.ModelChoiceField):
    """A kind of object, named as people name it (its model's verbose_name)."""

    def label_from_instance(self, obj: ContentType) -> str:
        return str(obj.name)


class ObjectTypeFilter(django_filters.ModelChoiceFilter):
    field_class = ObjectTypeChoiceField


def object_types_with_entries():
    """Every kind of object the log has entries about (whichever app it belongs to)."""
    return ContentType.objects.filter(pk__in=AuditEntry.objects.order_by().values("content_type").distinct())


class AuditFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_text")
    actor = django_filters.CharFilter(label=_("操作人"), field_name="actor_name", lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label=_("操作"), choices=AuditAction.choices, empty_label=_("全部"))
    content_type = ObjectTypeFilter(label=_("对象类型"), queryset=ContentType.objects.none(), empty_label=_("全部"))
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

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.filters["content_type"]
        types = sorted(object_types_with_entries(), key=lambda ct: (str(ct.name), ct.app_label))
        field.queryset = ContentType.objects.filter(pk__in=[ct.pk for ct in types])
        form_field = self.form.fields["content_type"]
        form_field.queryset = field.queryset
        # In the order people read them (by name), not by id.
        form_field.choices = [("", _("全部")), *((ct.pk, str(ct.name)) for ct in types)]

    def filter_text(self, queryset, name, value):
        """Free text: the object, the reason, the actor's name, the object's id or the source IP."""
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(object_repr__icontains=text)
            | Q(reason__icontains=text)
            | Q(actor_name__icontains=text)
            | Q(object_id=text)
            | Q(ip_address__startswith=text)
        )
