"""A domain refusal lands on the form: a message keyed by a field the form has on that field,
anything else (another field, `__all__`, a plain list) on top of the form; none is lost."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from yingcai.core.forms import add_form_errors


class PeriodForm(forms.Form):
    start = forms.DateField()
    end = forms.DateField()


def bound() -> PeriodForm:
    form = PeriodForm({"start": "2026-01-01", "end": "2026-02-01"})
    assert form.is_valid()
    return form


def test_a_message_keyed_by_a_field_of_the_form_lands_on_that_field():
    form = bound()
    add_form_errors(form, ValidationError({"end": "结束日期不能早于开始日期。"}))
    assert form.errors == {"end": ["结束日期不能早于开始日期。"]}
    assert "end" not in form.cleaned_data  # as Django does for a field with an error


def test_a_message_keyed_by_another_field_or_all_lands_on_top():
    form = bound()
    add_form_errors(form, ValidationError({"quota": "名额已满。", NON_FIELD_ERRORS: "批次已关闭。", "start": "太早。"}))
    assert form.errors["start"] == ["太早。"]
    assert form.non_field_errors() == ["名额已满。", "批次已关闭。"]


def test_a_plain_list_lands_on_top_with_its_parameters():
    form = bound()
    error = ValidationError([ValidationError("第%(n)s行有误。", params={"n": 3}), "请重新上传。"])
    add_form_errors(form, error)
    assert form.non_field_errors() == ["第3行有误。", "请重新上传。"]
    assert not form.errors.get("start") and not form.errors.get("end")


def test_a_single_message_lands_on_top():
    form = bound()
    add_form_errors(form, ValidationError("已被他人修改，请刷新后重试。"))
    assert form.non_field_errors() == ["已被他人修改，请刷新后重试。"]
