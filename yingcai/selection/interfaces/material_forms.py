"""Forms of the nomination materials (CV, achievements, 任务书/合同, 推荐意见). They parse the input;
``domain.materials`` checks and saves (the file by its content)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yingcai.core.uploads import CONTRACTS, DOCUMENTS, PDF, accept_attribute
from yingcai.selection.domain.materials import TEXT_MAX, TITLE_MAX
from yingcai.selection.enums import AchievementKind, MaterialKind


def _file(label, types, help_text) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,  # the domain names the field when it is missing
        widget=forms.FileInput(attrs={"accept": accept_attribute(types)}),
        help_text=help_text,
    )


class DocumentForm(forms.Form):
    """The CV's PDF or the task's 任务书/合同."""

    kind = forms.ChoiceField(
        label=_("材料类型"),
        choices=[(MaterialKind.CV, _("个人简历（PDF）")), (MaterialKind.TASK_DOCUMENT, _("任务书/合同"))],
    )
    file = _file(
        _("文件"), (PDF, *CONTRACTS), _("简历为PDF；任务书/合同可为PDF、OFD、Word、JPG、PNG；单个不超过20MB。")
    )


class AchievementForm(forms.Form):
    achievement_kind = forms.ChoiceField(label=_("成果类型"), choices=AchievementKind.choices)
    title = forms.CharField(label=_("成果名称"), max_length=TITLE_MAX)
    achieved_on = forms.DateField(
        label=_("成果日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("论文发表、专利授权、转化合同签订或获奖的日期。"),
    )
    description = forms.CharField(
        label=_("成果简介"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("刊物与作者排序、专利号、转化金额、奖项等级等，以及被推荐人的实际贡献。"),
    )
    file = _file(_("证明文件"), DOCUMENTS, _("PDF、OFD、Word、Excel、JPG、PNG，单个不超过20MB。"))


class StatementsForm(forms.Form):
    cv_text = forms.CharField(
        label=_("个人简历"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("教育与工作经历、主要学术任职，按时间顺序填写；也可另行上传PDF简历。"),
    )
    recommendation = forms.CharField(
        label=_("推荐意见"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("推荐单位对被推荐人担纲领衔重大科技任务的能力、实际贡献和成果的意见。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
