"""Forms of the certification pages. They parse and check input; the domain decides and saves."""

import re

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role
from yingcai.certification.enums import CertificationBasis, CertificationState, EvidenceCheck, EvidenceKind
from yingcai.certification.models import Certification
from yingcai.certification.workflow import CERTIFICATION_REVIEW
from yingcai.core.uploads import DOCUMENTS, accept_attribute
from yingcai.introductions.enums import IntroductionMode, IntroductionState
from yingcai.introductions.models import Introduction
from yingcai.registry.domain.queries import current_affiliations
from yingcai.registry.models import Talent, Unit


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def talents_at(unit_id) -> QuerySet[Talent]:
    """The talents currently working at the unit: the only ones it can apply for."""
    if not unit_id:
        return Talent.objects.none()
    return Talent.objects.filter(pk__in=current_affiliations().filter(unit_id=unit_id).values("talent")).order_by(
        "name_pinyin", "pk"
    )


def full_time_introductions(talent_id, unit_id) -> QuerySet[Introduction]:
    """The talent's confirmed, ongoing full-time introductions at the unit (第十三条 全职新引进)."""
    if not talent_id or not unit_id:
        return Introduction.objects.none()
    return Introduction.objects.filter(
        talent_id=talent_id,
        unit_id=unit_id,
        mode=IntroductionMode.FULL_TIME,
        state=IntroductionState.CONFIRMED,
        ended_on__isnull=True,
    ).order_by("-introduced_on", "-pk")


def split_honours(text: str) -> list[str]:
    return [h.strip() for h in re.split(r"[，,、;；\n]+", text or "") if h.strip()]


class TalentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Talent) -> str:
        if not obj.birth_date:
            return obj.name
        return gettext("%(name)s（%(year)s年生）") % {"name": obj.name, "year": obj.birth_date.year}


class IntroductionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Introduction) -> str:
        return gettext("%(date)s 全职引进（合同至%(end)s）") % {
            "date": obj.introduced_on.isoformat(),
            "end": obj.contract_end.isoformat() if obj.contract_end else "—",
        }


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ApplicationForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("申报单位"), queryset=Unit.objects.none())
    talent = TalentChoiceField(
        label=_("人才"),
        queryset=Talent.objects.none(),
        help_text=_("只能选择本单位人才库中在职的人才。"),
    )
    tier_code = forms.ChoiceField(label=_("申报层次"), widget=forms.RadioSelect)
    basis = forms.ChoiceField(label=_("认定依据"), choices=CertificationBasis.choices, widget=forms.RadioSelect)
    introduction = IntroductionChoiceField(
        label=_("全职引进记录"),
        queryset=Introduction.objects.none(),
        required=False,
        help_text=_("只列出该人才在本单位已确认、仍在岗的全职引进记录；柔性引进人才不能申报（第十三条）。"),
    )
    cultivated_on = forms.DateField(
        label=_("入选/晋升日期"), required=False, widget=_date_input(), help_text=_("新培养人才的认定时限自该日起算。")
    )
    cultivation_note = forms.CharField(
        label=_("培养情况说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("如：2025年入选中原英才计划（中原青年拔尖人才）、晋升正高级职称等。"),
    )
    honours = forms.MultipleChoiceField(
        label=_("荣誉称号/入选计划"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_honours = forms.CharField(
        label=_("其他荣誉称号/入选计划"), required=False, help_text=_("多个请用顿号或逗号分隔。")
    )
    civil_servant = forms.BooleanField(
        label=_("该人才为公务员或参照公务员法管理人员"),
        required=False,
        help_text=_("公务员、参公人员不参与认定。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, certification: Certification | None = None, tiers=(), honours=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.certification = certification
        self.fields["tier_code"].choices = [(t.code, f"{t.code}类 {t.name}") for t in tiers]
        known = list(honours)
        self.fields["honours"].choices = [(h, h) for h in known]
        if certification is not None:
            # The talent and the unit of an application never change; another talent is a new one.
            del self.fields["unit"], self.fields["talent"]
            unit_id, talent_id = certification.unit_id, certification.talent_id
            if not self.is_bound:
                self.initial.update(
                    {
                        "tier_code": certification.tier_code,
                        "basis": certification.basis,
                        "introduction": certification.introduction_id,
                        "cultivated_on": certification.cultivated_on,
                        "cultivation_note": certification.cultivation_note,
                        "honours": [h for h in certification.honours if h in known],
                        "other_honours": "、".join(h for h in certification.honours if h not in known),
                        "civil_servant": certification.civil_servant,
                        "version": certification.version,
                    }
                )
        else:
            self.initial.setdefault("basis", CertificationBasis.INTRODUCED)
            if user.role == Role.UNIT:
                del self.fields["unit"]
                unit_id = user.unit_id
            else:
                self.fields["unit"].queryset = Unit.objects.filter(is_active=True).order_by("name")
                self.fields["talent"].help_text = _("先选择申报单位，再选择该单位人才库中在职的人才。")
                unit_id = _as_int(self.data.get("unit") or self.initial.get("unit"))
                self.fields["unit"].widget.attrs.update(
                    {
                        "hx-get": reverse("certification:talent-options"),
                        "hx-target": "#id_talent",
                        "hx-trigger": "change",
                    }
                )
            self.fields["talent"].queryset = talents_at(unit_id)
            self.fields["talent"].widget.attrs.update(
                {
                    "hx-get": reverse("certification:introduction-options"),
                    "hx-target": "#id_introduction",
                    "hx-trigger": "change",
                    "hx-include": "closest form",
                }
            )
            talent_id = _as_int(self.data.get("talent") or self.initial.get("talent"))
        self.unit_id, self.talent_id = unit_id, talent_id
        self.fields["introduction"].queryset = full_time_introductions(talent_id, unit_id)

    def clean(self):
        data = super().clean()
        data["all_honours"] = [*data.get("honours", []), *split_honours(data.get("other_honours", ""))]
        return data

    def domain_data(self) -> dict:
        data = self.cleaned_data
        return {
            "tier_code": data["tier_code"],
            "basis": data["basis"],
            "introduction": data.get("introduction"),
            "cultivated_on": data.get("cultivated_on"),
            "cultivation_note": data.get("cultivation_note", ""),
            "honours": data["all_honours"],
            "civil_servant": data.get("civil_servant", False),
        }


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=EvidenceKind.choices)
    file = forms.FileField(
        label=_("文件"),
        # Checked by its content in applications.add_evidence.
        widget=forms.FileInput(attrs={"accept": accept_attribute(DOCUMENTS)}),
        help_text=_("PDF、OFD、Word、Excel、JPG、PNG，单个不超过20MB。"),
    )


class EvidenceCheckForm(forms.Form):
    result = forms.ChoiceField(
        label=_("核验结果"),
        choices=[(EvidenceCheck.ACCEPTED, _("核验通过")), (EvidenceCheck.REJECTED, _("核验不通过"))],
    )
    note = forms.CharField(label=_("核验意见"), required=False, max_length=500)


class ReviewForm(forms.Form):
    """One review step: its 审核意见 (the domain requires it to return or refuse) and the reviewer's
    confirmation, checked here so that a stray click moves nothing."""

    transition = forms.ChoiceField(choices=[(t.name, t.label) for t in CERTIFICATION_REVIEW.transitions])
    reason = forms.CharField(
        label=_("审核意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("确认"), required=True, error_messages={"required": _("请勾选“确认”后再提交审核操作。")}
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("撤销原因"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class PublicityStartForm(forms.Form):
    certifications = forms.ModelMultipleChoiceField(
        label=_("拟公示的认定申请"),
        queryset=Certification.objects.filter(state=CertificationState.OFFICE_APPROVED),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一份待公示的认定申请。")},
    )
