from django import forms
from django.utils.translation import gettext_lazy as _

from yingcai.introductions.models.imports import ImportKind


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("导入内容"), choices=ImportKind.choices, widget=forms.RadioSelect)
    file = forms.FileField(
        label=_("Excel文件"),
        help_text=_("使用本页提供的模板填写，.xlsx 格式，不超过10MB。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = ImportKind.INTRODUCTIONS
