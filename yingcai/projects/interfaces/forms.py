"""Forms of the project pages. They parse and check input; the domain decides and saves."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.projects.domain.projects import PROJECT_FIELDS
from yingcai.projects.enums import SpendingCategory
from yingcai.projects.models import Project
from yingcai.projects.workflow import PROJECT_LIFECYCLE
from yingcai.registry.interfaces.forms import _DomainModelForm

MONEY_ATTRS = {"inputmode": "decimal", "step": "0.01", "min": "0.01"}


def _year_choices(project: Project) -> list[tuple[int, str]]:
    return [(y, _("%(year)s年度") % {"year": y}) for y in project.years]


class _YearAmountForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    amount = forms.DecimalField(
        label=_("金额（万元）"),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs=MONEY_ATTRS),
    )
    note = forms.CharField(label=_("说明"), max_length=255, required=False)

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(project)


class SpendingForm(_YearAmountForm):
    """What was spent in a year under one broad category: no invoices, no approval (第三条)."""

    category = forms.ChoiceField(label=_("支出类别"), choices=SpendingCategory.choices)
    field_order = ["year", "category", "amount", "note"]

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, project=project, **kwargs)
        this_year = timezone.localdate().year
        # A spending cannot lie in a year that has not begun.
        self.fields["year"].choices = [(y, label) for y, label in self.fields["year"].choices if y <= this_year]
        if not self.is_bound and this_year in project.years:
            self.fields["year"].initial = this_year
        self.fields["note"].widget.attrs["placeholder"] = _("如：购置测试仪器一台")


class CorrectionForm(forms.Form):
    category = forms.ChoiceField(label=_("支出类别"), choices=SpendingCategory.choices)
    amount = _YearAmountForm.base_fields["amount"]
    note = forms.CharField(label=_("说明"), max_length=255, required=False)
    reason = forms.CharField(label=_("更正原因"), max_length=255, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class GrantForm(_YearAmountForm):
    granted_on = forms.DateField(
        label=_("拨付日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), required=False
    )
    field_order = ["year", "amount", "granted_on", "note"]

    def __init__(self, *args, project: Project, **kwargs) -> None:
        super().__init__(*args, project=project, **kwargs)
        granted = set(project.grants.values_list("year", flat=True))
        self.fields["year"].choices = [(y, label) for y, label in self.fields["year"].choices if y not in granted]
        self.fields["granted_on"].help_text = _("不填则为今天。")


class ProjectForm(_DomainModelForm):
    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        help_texts = {"total_funding": _("各年度拨付合计不能超过经费总额。")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class TransitionForm(forms.Form):
    transition = forms.ChoiceField(choices=[(t.name, t.label) for t in PROJECT_LIFECYCLE.transitions])
    reason = forms.CharField(label=_("原因"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
