"""Forms of the selection pages. They parse and check input; the domain decides and saves."""

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yingcai.accounts.enums import Role
from yingcai.accounts.models import User
from yingcai.registry.domain.queries import current_affiliations, talents_with_id_number
from yingcai.registry.interfaces.forms import _DomainModelForm
from yingcai.registry.models import IndustryChain, KeyTechField, Talent, Unit
from yingcai.selection.domain.conflicts import match_registered_unit
from yingcai.selection.domain.nominations import EDITABLE_FIELDS
from yingcai.selection.domain.rounds import EDITABLE_ROUND_FIELDS, ROUND_FIELDS
from yingcai.selection.enums import ACTIVE_ASSIGNMENT_STATES, CriterionKind
from yingcai.selection.models import Expert, Nomination, SelectionRound
from yingcai.selection.workflow import NOMINATION_CHECK

# The six criteria a new round starts from (第十一条: ability and contribution, not counts);
# the office may change them. Weights sum to 100, none over the single-criterion cap.
SUGGESTED_CRITERIA = [
    {
        "code": "innovation",
        "name": _("创新能力"),
        "weight": 20,
        "kind": CriterionKind.ABILITY,
        "evidence": _("代表性成果的原创性、技术路线与前沿性"),
    },
    {
        "code": "contribution",
        "name": _("实际贡献"),
        "weight": 25,
        "kind": CriterionKind.CONTRIBUTION,
        "evidence": _("在所领衔重大科技任务中承担的工作与解决的问题"),
    },
    {
        "code": "breakthrough",
        "name": _("攻关能力"),
        "weight": 15,
        "kind": CriterionKind.ABILITY,
        "evidence": _("牵头攻克关键核心技术难题的情况"),
    },
    {
        "code": "achievement",
        "name": _("成果与转化"),
        "weight": 15,
        "kind": CriterionKind.ACHIEVEMENT,
        "evidence": _("成果转化合同、新产品、经济社会效益"),
    },
    {
        "code": "fit",
        "name": _("产业契合度"),
        "weight": 15,
        "kind": CriterionKind.FIT,
        "evidence": _("与我市“7群12链”重点产业链的契合程度"),
    },
    {
        "code": "team",
        "name": _("团队建设"),
        "weight": 10,
        "kind": CriterionKind.TEAM,
        "evidence": _("团队结构、青年人才培养情况"),
    },
]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(forms.ModelForm):
    class Meta:
        model = SelectionRound
        fields = ROUND_FIELDS
        widgets = {
            "nomination_opens": _date_input(),
            "nomination_closes": _date_input(),
            "scoring_opens": _date_input(),
            "scoring_closes": _date_input(),
        }
        help_texts = {
            "max_per_expert": _("留空则不设上限，系统只均衡各专家的评审量。"),
            "aggregation_method": _("“去掉最高分和最低分”在有效评分达到规则规定的数量时才去掉（第十一条）。"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("experts_per_candidate", "quota"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1

    def validate_unique(self) -> None:
        pass

    def domain_data(self) -> dict:
        return dict(self.cleaned_data)


class RoundEditForm(forms.ModelForm):
    """A published round's dates and quota, with the reason of the change (domain.rounds.update_round)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("修改原因"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("记入审计日志，如“应各单位申请延长推荐截止日期”。"),
    )

    class Meta:
        model = SelectionRound
        fields = EDITABLE_ROUND_FIELDS
        widgets = {
            "nomination_opens": _date_input(),
            "nomination_closes": _date_input(),
            "scoring_opens": _date_input(),
            "scoring_closes": _date_input(),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quota"].min_value = 1
        self.fields["quota"].widget.attrs["min"] = 1
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def validate_unique(self) -> None:
        pass

    def _post_clean(self) -> None:
        # The domain decides; the instance stays as stored (the page shows the stored values).
        pass

    def domain_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in EDITABLE_ROUND_FIELDS}


class CriterionForm(forms.Form):
    # No code: the domain generates it (domain.rounds.criterion_codes).
    name = forms.CharField(label=_("指标名称"), max_length=64)
    weight = forms.DecimalField(label=_("权重（%）"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"))
    # No preselected kind: a blank extra row must stay unchanged, so the formset ignores it.
    kind = forms.ChoiceField(label=_("指标类型"), choices=[("", "---------"), *CriterionKind.choices])
    evidence = forms.CharField(label=_("评价依据"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


CriterionFormSet = forms.formset_factory(
    CriterionForm, extra=2, can_delete=True, min_num=1, validate_min=True, max_num=20
)


def kept_criteria(formset) -> list[dict]:
    """The filled rows not marked for deletion, in order."""
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def criteria_formset(data=None) -> forms.BaseFormSet:
    if data is not None:
        return CriterionFormSet(data, prefix="criteria")
    return CriterionFormSet(prefix="criteria", initial=[{**c, "kind": str(c["kind"])} for c in SUGGESTED_CRITERIA])


def talents_of_unit(unit_id) -> QuerySet[Talent]:
    """The talents currently working at the unit: the only ones it can nominate."""
    if not unit_id:
        return Talent.objects.none()
    return Talent.objects.filter(pk__in=current_affiliations().filter(unit_id=unit_id).values("talent")).order_by(
        "name_pinyin", "pk"
    )


def _talent_label(obj: Talent) -> str:
    # Two people may share a name; the year of birth tells them apart without exposing the ID.
    return f"{obj.name}（{obj.birth_date.year}）" if obj.birth_date else obj.name


class TalentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Talent) -> str:
        return _talent_label(obj)


class TalentsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Talent) -> str:
        return _talent_label(obj)


class NominationForm(_DomainModelForm):
    """A unit's nomination. On a correction only the task and its people change."""

    round = forms.ModelChoiceField(label=_("遴选批次"), queryset=SelectionRound.objects.none())
    talent = TalentChoiceField(
        label=_("被推荐人"),
        queryset=Talent.objects.none(),
        help_text=_("只能推荐本单位人才库中在职的人才。"),
    )
    co_applicants = TalentsChoiceField(
        label=_("共同申请人"),
        queryset=Talent.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("本单位参与该任务申请的人才；共同申请人不会被分配为被推荐人的评审专家（回避）。"),
    )

    class Meta:
        model = Nomination
        fields = EDITABLE_FIELDS
        widgets = {"task_start": _date_input(), "task_end": _date_input()}
        help_texts = {
            "task_level": _("第三条：承担省、市重大科技任务。"),
            "nominee_role": _("第三条：担纲领衔（负责人、首席专家或课题负责人）。"),
        }

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        unit_id = self.instance.unit_id if self.instance.pk else user.unit_id
        self.fields["co_applicants"].queryset = talents_of_unit(unit_id)
        self.fields["field"].queryset = KeyTechField.objects.order_by("code")
        self.fields["chain"].queryset = IndustryChain.objects.order_by("code")
        if self.instance.pk:
            del self.fields["round"], self.fields["talent"]
            self.fields["co_applicants"].queryset = talents_of_unit(unit_id).exclude(pk=self.instance.talent_id)
            self.fields["version"].initial = self.instance.version
        else:
            today = timezone.localdate()
            open_rounds = SelectionRound.objects.filter(nomination_opens__lte=today, nomination_closes__gte=today)
            self.fields["round"].queryset = open_rounds
            if "round" not in self.initial and len(open_rounds) == 1:
                self.initial["round"] = open_rounds[0].pk
            self.fields["talent"].queryset = talents_of_unit(unit_id)
            del self.fields["version"]

    @property
    def people_fields(self) -> list:
        return [self[n] for n in ("round", "talent", "field", "chain") if n in self.fields]

    @property
    def task_fields(self) -> list:
        names = ("task_name", "task_number", "task_level", "nominee_role", "task_funding", "task_start", "task_end")
        return [self[n] for n in names]

    def domain_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in EDITABLE_FIELDS}


class CheckForm(forms.Form):
    transition = forms.ChoiceField(choices=[(t.name, t.label) for t in NOMINATION_CHECK.transitions])
    reason = forms.CharField(label=_("意见/原因"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class WithdrawExpertForm(forms.Form):
    expert = forms.ModelChoiceField(label=_("退出评审的专家"), queryset=Expert.objects.none())
    reason = forms.CharField(label=_("退出原因"), max_length=255, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, round: SelectionRound, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = Expert.objects.filter(pk__in=round_experts(round).values("pk")).order_by(
            "name", "pk"
        )


def round_experts(round: SelectionRound) -> QuerySet[Expert]:
    return Expert.objects.filter(
        assignments__nomination__round=round, assignments__state__in=ACTIVE_ASSIGNMENT_STATES
    ).distinct()


class ShortlistForm(forms.Form):
    nominations = forms.TypedMultipleChoiceField(
        label=_("拟入选"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label=_("说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("列入排名在名额之外的候选人时必须说明理由。"),
    )

    def __init__(self, *args, choices, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nominations"].choices = choices


class ExpertForm(_DomainModelForm):
    """An expert of the pool; on creation also the account they sign in with."""

    def _offer_registered_employer(self) -> None:
        """A typed employer that names a registered unit: offer (preselect) that unit."""
        typed = self.data.get(self.add_prefix("employer_name")) if self.is_bound else self.instance.employer_name
        chosen = self.data.get(self.add_prefix("employer")) if self.is_bound else self.instance.employer_id
        if chosen or not (typed or "").strip():
            return
        unit = match_registered_unit(typed)
        if unit is not None:
            self.initial["employer"] = unit.pk
            self.offered_unit = unit
            self.fields["employer"].help_text = _(
                "填写的工作单位与登记单位“%(name)s”一致，已预选该单位；保存后据此回避。"
            ) % {"name": unit.name}

    username = forms.CharField(label=_("登录账号"), max_length=150, required=False)
    initial_password = forms.CharField(
        label=_("初始密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("请线下告知专家，首次登录后修改。留空则需由管理员另行设置密码。"),
    )
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    user = forms.ModelChoiceField(label=_("或关联已有专家账号"), queryset=User.objects.none(), required=False)
    talent_id_number = forms.CharField(
        label=_("本人人才档案（身份证号，可选）"),
        max_length=18,
        required=False,
        help_text=_("专家本人也在我市人才库中时填写：据此回避本人及其作为共同申请人的推荐。"),
    )

    class Meta:
        model = Expert
        fields = ["name", "title", "employer", "employer_name", "fields", "chains"]
        widgets = {
            "fields": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
            "chains": forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        }
        help_texts = {
            "employer": _("专家在我市登记单位工作时选择，用于回避同单位的候选人。"),
            "employer_name": _("外地专家填写单位全称。"),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Unit.objects.filter(is_active=True).order_by("name")
        self.fields["fields"].queryset = KeyTechField.objects.order_by("code")
        self.fields["chains"].queryset = IndustryChain.objects.order_by("code")
        del self.fields["version"]
        self._offer_registered_employer()
        if self.instance.pk:
            for name in ("username", "initial_password", "email", "user"):
                del self.fields[name]
            if self.instance.talent_id:
                self.fields["talent_id_number"].help_text = _("已关联人才档案：%(name)s。留空保持不变。") % {
                    "name": self.instance.talent.name
                }
        else:
            self.fields["user"].queryset = User.objects.filter(role=Role.EXPERT, expert_profile__isnull=True).order_by(
                "username"
            )

    def clean_talent_id_number(self):
        value = (self.cleaned_data.get("talent_id_number") or "").strip().upper()
        if not value:
            return None
        talent = talents_with_id_number(Talent.objects.all(), value).first()
        if talent is None:
            raise forms.ValidationError(_("人才库中没有该身份证号的人才。"))
        return talent

    def domain_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}
        if self.cleaned_data.get("talent_id_number"):
            data["talent"] = self.cleaned_data["talent_id_number"]
        for name in ("username", "initial_password", "email", "user"):
            if name in self.fields:
                data[name] = self.cleaned_data.get(name)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("原因"), max_length=255, required=False, widget=forms.Textarea(attrs={"rows": 2}))
