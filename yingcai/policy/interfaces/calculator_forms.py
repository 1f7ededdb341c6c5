"""The policy calculator's form (政策计算器): a profile typed in by anyone, or filled from a talent
in the registry, turned into the `Profile` the eligibility engine evaluates."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.policy.eligibility import (
    CULTIVATED,
    FLEXIBLE,
    FULL_TIME,
    INTRODUCED,
    NO_EMPLOYMENT,
    Profile,
)
from yingcai.registry.enums import Education, ProfessionalTitle

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
EARLIEST_DAY = datetime.date(1900, 1, 1)


def born_years_before(on: datetime.date, years: int) -> datetime.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:
        return datetime.date(on.year - years, 2, 28)


def split_honours(text: str) -> list[str]:
    for separator in ("，", ",", "、", ";", "；"):
        text = text.replace(separator, "\n")
    return [part.strip() for part in text.splitlines() if part.strip()]


class CalculatorForm(forms.Form):
    on = forms.DateField(
        label=_("评估日期"), required=False, widget=DATE_WIDGET, help_text=_("按该日有效的政策版本计算；默认今天。")
    )
    birth_date = forms.DateField(label=_("出生日期"), required=False, widget=DATE_WIDGET)
    age = forms.IntegerField(
        label=_("或：年龄（周岁）"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("未填出生日期时按此年龄计算。"),
    )
    education = forms.ChoiceField(
        label=_("学历"), required=False, choices=[("", _("未填写")), *list(Education.choices)]
    )
    title = forms.ChoiceField(
        label=_("职称"), required=False, choices=ProfessionalTitle.choices, initial=ProfessionalTitle.NONE
    )
    employment = forms.ChoiceField(
        label=_("在本市工作方式"),
        choices=[(FULL_TIME, _("全职")), (FLEXIBLE, _("柔性引进")), (NO_EMPLOYMENT, _("尚未在本市工作"))],
        initial=FULL_TIME,
        widget=forms.RadioSelect,
    )
    basis = forms.ChoiceField(
        label=_("新引进或新培养"),
        required=False,
        choices=[(INTRODUCED, _("全职引进")), (CULTIVATED, _("本市培养（入选、晋升）")), ("", _("均不是"))],
        initial=INTRODUCED,
        widget=forms.RadioSelect,
    )
    basis_date = forms.DateField(
        label=_("引进或培养日期"), required=False, widget=DATE_WIDGET, help_text=_("引进日期，或入选、晋升的日期。")
    )
    introduction_confirmed = forms.BooleanField(label=_("引进已经市委人才办确认"), required=False, initial=True)
    civil_servant = forms.BooleanField(label=_("公务员或参公人员"), required=False)
    honours = forms.MultipleChoiceField(
        label=_("荣誉称号或入选计划"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_honours = forms.CharField(
        label=_("其他荣誉称号"), required=False, max_length=500, help_text=_("多项用逗号或顿号分隔。")
    )
    talent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    submitted = forms.CharField(required=False, widget=forms.HiddenInput, initial="1")

    def __init__(self, *args, honours: list[str], with_birth: bool = True, **kwargs) -> None:
        """`honours`: the honours the tiers in force list; `with_birth`: False when the birth date
        comes from the registry (a talent picked), so it is neither shown nor typed."""
        super().__init__(*args, **kwargs)
        # Honours ticked for another date stay valid (any honour may be typed in anyway).
        ticked = self.data.getlist("honours") if hasattr(self.data, "getlist") else []
        listed = list(honours) + [h for h in ticked if h and h not in honours]
        self.fields["honours"].choices = [(h, h) for h in listed]
        self.fields["on"].initial = timezone.localdate()
        if not with_birth:
            del self.fields["birth_date"]
            del self.fields["age"]

    def clean(self) -> dict:
        cleaned = super().clean()
        on = cleaned.get("on") or timezone.localdate()
        cleaned["on"] = on
        birth = cleaned.get("birth_date")
        if birth is not None and not EARLIEST_DAY <= birth <= on:
            self.add_error("birth_date", _("出生日期须早于评估日期。"))
        basis_date = cleaned.get("basis_date")
        if basis_date is not None and basis_date < EARLIEST_DAY:
            self.add_error("basis_date", _("日期不合理。"))
        return cleaned

    def profile(self, *, birth_date: datetime.date | None = None) -> Profile:
        """The profile typed in; `birth_date` is the registry's when a talent was picked."""
        data = self.cleaned_data
        on = data["on"]
        if birth_date is None:
            birth_date = data.get("birth_date")
            if birth_date is None and data.get("age") is not None:
                # Someone who turns `age` today is exactly `age` years old on `on` (29 Feb: the 28th).
                birth_date = born_years_before(on, data["age"])
        honours = set(data.get("honours") or []) | set(split_honours(data.get("other_honours") or ""))
        basis = data.get("basis") or None
        return Profile(
            birth_date=birth_date,
            education=data.get("education") or "",
            title=data.get("title") or "",
            honours=frozenset(honours),
            employment=data.get("employment") or NO_EMPLOYMENT,
            basis=basis,
            basis_date=data.get("basis_date") if basis else None,
            introduction_confirmed=bool(data.get("introduction_confirmed")),
            civil_servant=bool(data.get("civil_servant")),
        )


def initial_from(profile: Profile, on: datetime.date, talent_id: int, honours: list[str]) -> dict:
    """The form's initial values for a talent's profile."""
    return {
        "on": on,
        "education": profile.education,
        "title": profile.title or ProfessionalTitle.NONE,
        "employment": profile.employment,
        "basis": profile.basis or "",
        "basis_date": profile.basis_date,
        "introduction_confirmed": profile.introduction_confirmed,
        "civil_servant": profile.civil_servant,
        "honours": [h for h in profile.honours if h in honours],
        "other_honours": "、".join(sorted(h for h in profile.honours if h not in honours)),
        "talent": talent_id,
        "submitted": "1",
    }
