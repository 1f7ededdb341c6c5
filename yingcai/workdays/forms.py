"""The official schedule's own fields: a date range per holiday and the 调休 working weekend days."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yingcai.workdays.entry import MAKE_UP_WORKDAYS_AT_MOST, MAY_BE_MERGED, OFFICIAL_HOLIDAYS, Holiday, YearSchedule


def _date_input(label) -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date", "aria-label": label}, format="%Y-%m-%d")


class YearScheduleForm(forms.Form):
    note = forms.CharField(
        label=_("依据"),
        max_length=200,
        help_text=_("国务院办公厅放假安排通知的名称或文号。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, year: int, schedule: YearSchedule | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year
        for key, label in OFFICIAL_HOLIDAYS:
            optional = key in MAY_BE_MERGED
            first_label = _("%(name)s 放假开始") % {"name": label}
            last_label = _("%(name)s 放假结束") % {"name": label}
            self.fields[f"{key}_first"] = forms.DateField(
                label=first_label, widget=_date_input(first_label), required=False
            )
            self.fields[f"{key}_last"] = forms.DateField(
                label=last_label,
                widget=_date_input(last_label),
                required=False,
                help_text=_("与国庆节合并放假的年份不填。") if optional else "",
            )
        for k in range(1, MAKE_UP_WORKDAYS_AT_MOST + 1):
            workday_label = _("调休上班日 %(n)s") % {"n": k}
            self.fields[f"workday_{k}"] = forms.DateField(
                label=workday_label, widget=_date_input(workday_label), required=False
            )
        if schedule is not None and not self.is_bound:
            self._fill(schedule)

    def _fill(self, schedule: YearSchedule) -> None:
        names = {str(label): key for key, label in OFFICIAL_HOLIDAYS}
        for name, first, last in schedule.holidays:
            key = names.get(name)
            if key:
                self.initial[f"{key}_first"], self.initial[f"{key}_last"] = first, last
        for k, day in enumerate(schedule.workdays[:MAKE_UP_WORKDAYS_AT_MOST], start=1):
            self.initial[f"workday_{k}"] = day
        if schedule.entry is not None:
            self.initial["note"] = schedule.entry.note
            self.initial["version"] = schedule.entry.version

    def clean(self):
        data = super().clean()
        for key, label in OFFICIAL_HOLIDAYS:
            first, last = data.get(f"{key}_first"), data.get(f"{key}_last")
            if bool(first) != bool(last):
                self.add_error(
                    f"{key}_last" if first else f"{key}_first",
                    _("请同时填写%(name)s的开始和结束日期。") % {"name": label},
                )
        return data

    def holiday_rows(self):
        return [(label, self[f"{key}_first"], self[f"{key}_last"]) for key, label in OFFICIAL_HOLIDAYS]

    def workday_fields(self):
        return [self[f"workday_{k}"] for k in range(1, MAKE_UP_WORKDAYS_AT_MOST + 1)]

    def holidays(self) -> list[Holiday]:
        data = self.cleaned_data
        return [
            Holiday(key, data[f"{key}_first"], data[f"{key}_last"])
            for key, _label in OFFICIAL_HOLIDAYS
            if data.get(f"{key}_first") and data.get(f"{key}_last")
        ]

    def make_up_workdays(self):
        return [day for k in range(1, MAKE_UP_WORKDAYS_AT_MOST + 1) if (day := self.cleaned_data.get(f"workday_{k}"))]
