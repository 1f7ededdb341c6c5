"""The policy rules, the tiers with their support items, and the policy calculator over JSON
(第十三条, 第十四条). Reading the rules needs the same permission as the pages; the calculator for a
typed-in profile is public; for a talent in the registry only within the caller's scope (404)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from yingcai.api.schemas import READ_ERRORS, ErrorOut
from yingcai.api.schemas_rules import CalculatorOut, PolicyRuleOut, ProfileIn, TierOut
from yingcai.api.types import Date, Id
from yingcai.policy.domain import MissingRuleError, RuleBook, current_rules, rule_in_force
from yingcai.policy.eligibility import Profile, evaluate_all, profile_of, support_item_dict
from yingcai.policy.interfaces.calculator_forms import born_years_before
from yingcai.policy.tiers import all_support_items_in_force, tiers_in_force
from yingcai.registry.domain.queries import visible_talents
from yingcai.registry.enums import Education, ProfessionalTitle

router = Router(tags=["政策规则"])


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied(_("无权查看政策规则。"))


@router.get("", response={200: list[PolicyRuleOut], **READ_ERRORS})
def list_rules(request: HttpRequest):
    """The newest version of every policy rule (periods, thresholds), with its source and dates."""
    _require(request, "policy.view_rules")
    today = timezone.localdate()
    rows = []
    for rule in current_rules():
        try:
            in_force = rule_in_force(rule.key, today).pk == rule.pk
        except MissingRuleError:
            in_force = False
        rows.append(
            {
                "key": rule.key,
                "version": rule.version,
                "label": rule.label,
                "value": f"{rule.value.normalize():f}",
                "unit": rule.unit,
                "article": rule.article,
                "document": rule.document,
                "citation": rule.citation,
                "effective_from": rule.effective_from,
                "effective_to": rule.effective_to,
                "in_force": in_force,
                "note": rule.note,
            }
        )
    return rows


@router.get("/tiers", response={200: list[TierOut], **READ_ERRORS})
def list_tiers(request: HttpRequest, on: Date | None = None):
    """The tiers in force on `on` (today by default), highest first, each with its support items."""
    _require(request, "policy.view_rules")
    on = on or timezone.localdate()
    items = all_support_items_in_force(on)
    return [
        {
            "id": tier.pk,
            "code": tier.code,
            "name": tier.name,
            "rank": tier.rank,
            "version": tier.version,
            "max_age": tier.max_age,
            "min_education": tier.min_education,
            "min_title": tier.min_title,
            "honours": tier.honours,
            "qualifications": tier.qualifications,
            "article": tier.article,
            "document": tier.document,
            "citation": tier.citation,
            "effective_from": tier.effective_from,
            "effective_to": tier.effective_to,
            "is_example": tier.is_example,
            "support_items": [support_item_dict(item) for item in items.get(tier.code, [])],
        }
        for tier in tiers_in_force(on)
    ]


def _result(profile: Profile, on: datetime.date, talent_id: Id | None = None) -> dict:
    return {
        "on": on,
        "talent_id": talent_id,
        "profile": profile.as_dict(),
        "verdicts": [verdict.as_dict() for verdict in evaluate_all(profile, on, RuleBook())],
    }


@router.post("/calculator", auth=None, response={200: CalculatorOut, 400: ErrorOut, 422: ErrorOut})
def calculate(request: HttpRequest, payload: ProfileIn):
    """政策计算器 for a typed-in profile (no login): every tier in force, whether each condition is
    met, the article that says so, and the support items of each tier met."""
    on = payload.on or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if payload.education and payload.education not in Education.values:
        errors["education"] = [_("学历不在可选范围内。")]
    if payload.title and payload.title not in ProfessionalTitle.values:
        errors["title"] = [_("职称不在可选范围内。")]
    if payload.employment not in ("full_time", "flexible", "none"):
        errors["employment"] = [_("工作方式须为 full_time、flexible 或 none。")]
    if payload.basis not in (None, "", "introduced", "cultivated"):
        errors["basis"] = [_("依据须为 introduced、cultivated 或空。")]
    if payload.birth_date is not None and payload.birth_date > on:
        errors["birth_date"] = [_("出生日期须早于评估日期。")]
    if errors:
        raise ValidationError(errors)
    birth_date = payload.birth_date
    if birth_date is None and payload.age is not None:
        birth_date = born_years_before(on, payload.age)
    basis = payload.basis or None
    profile = Profile(
        birth_date=birth_date,
        education=payload.education,
        title=payload.title,
        honours=frozenset(h.strip() for h in payload.honours if h.strip()),
        employment=payload.employment,
        basis=basis,
        basis_date=payload.basis_date if basis else None,
        introduction_confirmed=payload.introduction_confirmed,
        civil_servant=payload.civil_servant,
    )
    return _result(profile, on)


@router.get("/calculator/talents/{talent_id}", response={200: CalculatorOut, **READ_ERRORS})
def calculate_for_talent(
    request: HttpRequest,
    talent_id: Id,
    on: Date | None = None,
    honours: str = "",
    civil_servant: bool = False,
):
    """政策计算器 for a talent in the caller's scope, from the registry and the introductions.
    `honours`: the talent's honours, separated by commas (the registry does not hold them)."""
    if not request.user.has_perm("policy.calculate_for_talent"):
        raise PermissionDenied(_("无权按人才库信息计算。"))
    talent = get_object_or_404(visible_talents(request.user), pk=talent_id)
    today = timezone.localdate()
    may_see_birth = request.user.has_perm("registry.view_personal_data", talent)
    # Ages on chosen days would give the birth date away, day by day, to those who may not see it.
    if on is not None and on != today and not may_see_birth:
        raise ValidationError({"on": [_("您无权查看该人才的出生日期，评估日期只能为今天。")]})
    on = on or today
    listed = [h for h in honours.replace("，", ",").split(",") if h.strip()]
    result = _result(profile_of(talent, on, honours=listed, civil_servant=civil_servant), on, talent.pk)
    if not may_see_birth:
        result["profile"]["birth_date"] = None
    return result
