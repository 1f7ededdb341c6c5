"""Whether an application may be certified (第十三条), as an explanation object.

Every decision is a function of the talent's data, the application and the rule versions in force
on the day: the tier's own conditions come from `yingcai.policy.eligibility` (age, education,
title, honours, civil servants), the application's from here (全职新引进 or 新培养, within the
"new" window, evidence, no double certification). The result is a plain dict of the platform's
one decision shape (`yingcai.core.decisions`: each condition with its sentences kept as data),
stored on the record when a decision is taken, and rendered in the reader's language on the page
and in the API (`render_decision`).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from yingcai.certification.enums import CertificationBasis, CertificationState, EvidenceCheck
from yingcai.core.decisions import Condition, Text, choice, listing, register_choices
from yingcai.introductions.enums import IntroductionMode, IntroductionState
from yingcai.policy.models import PolicyRule, TalentTier

ARTICLE = "第十三条"
# An application still on its way: a talent has at most one at a time.
OPEN_STATES = (
    CertificationState.DRAFT,
    CertificationState.RETURNED,
    CertificationState.SUBMITTED,
    CertificationState.COUNTY_APPROVED,
    CertificationState.OFFICE_APPROVED,
    CertificationState.IN_PUBLICITY,
)
# Conditions that refuse an application from the start (the others may still be met before it is
# submitted: evidence uploaded, an introduction confirmed, honours added).
# The tier engine's conditions (the talent's profile) and this application's own.
TIER_GROUP, APPLICATION_GROUP = "tier", "application"
# States a condition names by their code (rendered as their label in the reader's language).
register_choices({"certification_state": CertificationState, "introduction_state": IntroductionState})
BLOCKING_AT_APPLY = (
    "tier",
    "affiliation",
    "basis",
    "introduction_owner",
    "full_time",
    "open_application",
    "already_certified",
)


@dataclass
class Application:
    """The facts of an application, saved or only typed into the form (for the live preview)."""

    talent: Any
    unit: Any
    tier_code: str
    basis: str
    introduction: Any = None
    cultivation_note: str = ""
    cultivated_on: datetime.date | None = None
    honours: Iterable[str] = ()
    civil_servant: bool = False
    evidence_count: int = 0
    rejected_evidence: list[str] = field(default_factory=list)
    pk: int | None = None

    @classmethod
    def of(cls, certification) -> "Application":
        evidence = list(certification.evidence.all()) if certification.pk else []
        return cls(
            talent=certification.talent,
            unit=certification.unit,
            tier_code=certification.tier_code,
            basis=certification.basis,
            introduction=certification.introduction,
            cultivation_note=certification.cultivation_note,
            cultivated_on=certification.cultivated_on,
            honours=tuple(certification.honours or ()),
            civil_servant=certification.civil_servant,
            evidence_count=len(evidence),
            rejected_evidence=[e.original_name for e in evidence if e.check_result == EvidenceCheck.REJECTED],
            pk=certification.pk,
        )


def check_eligibility(certification, on: datetime.date) -> dict:
    """The explanation object for `certification` on day `on` (see `explain`)."""
    return explain(Application.of(certification), on)


def failing(explanation: dict, codes: Iterable[str] | None = None) -> list[dict]:
    wanted = set(codes) if codes is not None else None
    return [c for c in explanation["conditions"] if not c["passed"] and (wanted is None or c["code"] in wanted)]


def refusal_messages(conditions: list[dict]) -> list[str]:
    """One line per failing condition, with the article (and rule version) that decides it."""
    return [
        _("%(label)s：%(detail)s（%(source)s）")
        % {"label": c["label"], "detail": c["detail"], "source": c.get("citation") or c.get("article") or ARTICLE}
        for c in conditions
    ]


def explain(application: Application, on: datetime.date) -> dict:
    """{on, verdict (and its older name eligible), article, tier: {...} | None, conditions:
    [Condition.as_dict()], rules: [{id, key, version, value, citation}]}: a stored Decision
    (core.decisions) with the tier and the rules' values beside it."""
    conditions: list[dict] = []
    rules: list[PolicyRule] = []
    tier = _tier(application.tier_code, on)
    if tier is None:
        conditions.append(
            _condition(
                "tier",
                Text(gettext_noop("申报层次")),
                False,
                Text(
                    gettext_noop("%(code)s类人才层次在%(on)s没有有效的认定标准。"),
                    {"code": application.tier_code, "on": on.isoformat()},
                ),
            )
        )
    else:
        conditions.extend(_tier_conditions(application, tier, on, rules))
    conditions.extend(_basis_conditions(application))
    conditions.extend(_duplicate_conditions(application, tier, on))
    conditions.extend(_evidence_conditions(application))
    eligible = all(c["passed"] for c in conditions)
    return {
        "on": on.isoformat(),
        "verdict": eligible,
        "eligible": eligible,
        "article": ARTICLE,
        "tier": _tier_ref(tier),
        "conditions": conditions,
        "rules": [
            {
                "id": r.pk,
                "key": r.key,
                "version": r.version,
                "value": f"{r.value.normalize():f}",
                "citation": r.citation,
            }
            for r in rules
        ],
    }


def rule_ids(explanation: dict) -> list[int]:
    return [r["id"] for r in explanation.get("rules", [])]


# --- the parts ----------------------------------------------------------------------------------


def _condition(
    code: str,
    label: Text,
    passed: bool,
    detail: Text,
    *,
    article: str = ARTICLE,
    citation: str = "",
    group: str = APPLICATION_GROUP,
) -> dict:
    return Condition.of(code, label, passed, detail, article, citation, group=group).as_dict()


def _tier(code: str, on: datetime.date) -> TalentTier | None:
    from yingcai.policy.tiers import tier_in_force

    try:
        return tier_in_force(code, on)
    except (LookupError, TalentTier.DoesNotExist):
        return None


def _tier_ref(tier: TalentTier | None) -> dict | None:
    if tier is None:
        return None
    return {
        "id": tier.pk,
        "code": tier.code,
        "name": tier.name,
        "rank": tier.rank,
        "version": tier.version,
        "citation": tier.citation,
        "is_example": tier.is_example,
    }


def _tier_conditions(
    application: Application, tier: TalentTier, on: datetime.date, rules: list[PolicyRule]
) -> list[dict]:
    """The tier's conditions and the talent's "full-time, new" status (第十三条), as the policy's
    eligibility engine decides them for the talent's profile on the day."""
    from yingcai.policy.eligibility import evaluate_tier, profile_of

    profile = profile_of(
        application.talent,
        on,
        honours=tuple(application.honours),
        civil_servant=application.civil_servant,
        cultivated_on=application.cultivated_on if application.basis == CertificationBasis.CULTIVATED else None,
    )
    verdict = evaluate_tier(profile, tier, on)
    for key, version in getattr(verdict, "rules", ()):
        rule = PolicyRule.objects.filter(key=key, version=version).first()
        if rule is not None:
            rules.append(rule)
    return [
        replace(
            item,
            code=f"tier_{item.code}",
            article=item.article or ARTICLE,
            citation=item.citation or tier.citation,
            group=TIER_GROUP,
        ).as_dict()
        for item in verdict.conditions
    ]


def _basis_conditions(application: Application) -> list[dict]:
    talent, unit = application.talent, application.unit
    result = []
    works_here = talent.affiliations.filter(unit=unit, end_date__isnull=True).exists()
    result.append(
        _condition(
            "affiliation",
            Text(gettext_noop("申报单位")),
            works_here,
            Text(gettext_noop("该人才目前在%(unit)s工作。"), {"unit": unit.name})
            if works_here
            else Text(gettext_noop("该人才目前不在%(unit)s工作，须由其所在单位申报。"), {"unit": unit.name}),
        )
    )
    if application.basis == CertificationBasis.INTRODUCED:
        introduction = application.introduction
        if introduction is None:
            result.append(
                _condition(
                    "basis",
                    Text(gettext_noop("认定依据")),
                    False,
                    Text(gettext_noop("以“全职新引进”申报的，须选择该人才在本单位的全职引进记录。")),
                )
            )
            return result
        owned = introduction.talent_id == talent.pk and introduction.unit_id == unit.pk
        result.append(
            _condition(
                "introduction_owner",
                Text(gettext_noop("引进记录")),
                owned,
                Text(gettext_noop("引进记录属于该人才和申报单位。"))
                if owned
                else Text(gettext_noop("所选引进记录不是该人才在申报单位的引进记录。")),
            )
        )
        full_time = introduction.mode == IntroductionMode.FULL_TIME
        result.append(
            _condition(
                "full_time",
                Text(gettext_noop("全职引进")),
                full_time,
                Text(gettext_noop("所选引进记录为全职引进（人事关系已转入我市）。"))
                if full_time
                else Text(
                    gettext_noop(
                        "所选引进记录为柔性引进：柔性引进人才不属于第十三条所称“全职新引进”人才，不能申报认定享受支持政策。"
                    )
                ),
            )
        )
        confirmed = introduction.state == IntroductionState.CONFIRMED
        result.append(
            _condition(
                "introduction_confirmed",
                Text(gettext_noop("引进确认")),
                confirmed,
                Text(gettext_noop("所选引进记录已经市委人才办确认。"))
                if confirmed
                else Text(
                    gettext_noop("引进记录尚未经市委人才办确认（当前：%(state)s），确认后方可申报认定。"),
                    {"state": choice("introduction_state", introduction.state)},
                ),
            )
        )
        ongoing = introduction.ended_on is None
        result.append(
            _condition(
                "introduction_ongoing",
                Text(gettext_noop("在岗情况")),
                ongoing,
                Text(gettext_noop("引进关系存续中。"))
                if ongoing
                else Text(
                    gettext_noop("该引进记录已于%(date)s结束（%(reason)s），不能据此申报认定。"),
                    {
                        "date": str(introduction.ended_on),
                        "reason": introduction.end_reason or Text(gettext_noop("已结束")),
                    },
                ),
            )
        )
    elif application.basis == CertificationBasis.CULTIVATED:
        note = (application.cultivation_note or "").strip()
        result.append(
            _condition(
                "cultivation_note",
                Text(gettext_noop("培养情况说明")),
                bool(note),
                Text(gettext_noop("已填写培养情况说明。"))
                if note
                else Text(gettext_noop("以“新培养”申报的，须说明培养情况（入选计划、晋升等）。")),
            )
        )
        dated = application.cultivated_on is not None
        result.append(
            _condition(
                "cultivated_on",
                Text(gettext_noop("入选/晋升日期")),
                dated,
                Text(gettext_noop("%(date)s入选或晋升。"), {"date": str(application.cultivated_on)})
                if dated
                else Text(gettext_noop("请填写入选或晋升的日期，以判定是否属于“新培养”。")),
            )
        )
    else:
        result.append(
            _condition(
                "basis",
                Text(gettext_noop("认定依据")),
                False,
                Text(gettext_noop("请选择认定依据：全职新引进或新培养。")),
            )
        )
    return result


def _others(application: Application) -> QuerySet:
    from yingcai.certification.models import Certification

    others = Certification.objects.filter(talent=application.talent)
    return others.exclude(pk=application.pk) if application.pk else others


def _duplicate_conditions(application: Application, tier: TalentTier | None, on: datetime.date) -> list[dict]:
    open_one = _others(application).filter(state__in=OPEN_STATES).select_related("unit").first()
    result = [
        _condition(
            "open_application",
            Text(gettext_noop("在办申请")),
            open_one is None,
            Text(gettext_noop("该人才没有其他在办的认定申请。"))
            if open_one is None
            else Text(
                gettext_noop("该人才已有一份在办的认定申请（%(unit)s，%(tier)s类，%(state)s），不能重复申报。"),
                {
                    "unit": open_one.unit.name,
                    "tier": open_one.tier_code,
                    "state": choice("certification_state", open_one.state),
                },
            ),
        )
    ]
    rank = tier.rank if tier is not None else None
    blocking = None
    for held in (
        _others(application).filter(state=CertificationState.CERTIFIED, valid_until__gte=on).select_related("tier")
    ):
        held_rank = held.tier.rank if held.tier is not None else None
        same_or_higher = held.tier_code == application.tier_code or (
            rank is not None and held_rank is not None and held_rank <= rank
        )
        if same_or_higher:
            blocking = held
            break
    result.append(
        _condition(
            "already_certified",
            Text(gettext_noop("已有认定")),
            blocking is None,
            Text(gettext_noop("该人才没有同级或更高层次的有效认定。"))
            if blocking is None
            else Text(
                gettext_noop(
                    "该人才已被认定为%(tier)s类人才（证书%(number)s，有效期至%(until)s），不能再申报同级或较低层次。"
                ),
                {"tier": blocking.tier_code, "number": blocking.certificate_number, "until": str(blocking.valid_until)},
            ),
        )
    )
    return result


def _evidence_conditions(application: Application) -> list[dict]:
    present = application.evidence_count > 0
    result = [
        _condition(
            "evidence",
            Text(gettext_noop("证明材料")),
            present,
            Text(gettext_noop("已上传%(n)s份证明材料。"), {"n": application.evidence_count})
            if present
            else (
                Text(gettext_noop("以“新培养”申报的，须上传入选、晋升等证明材料。"))
                if application.basis == CertificationBasis.CULTIVATED
                else Text(gettext_noop("请上传引进合同、学历学位、职称或荣誉等证明材料。"))
            ),
        )
    ]
    if application.rejected_evidence:
        result.append(
            _condition(
                "evidence_checks",
                Text(gettext_noop("材料核验")),
                False,
                Text(
                    gettext_noop("以下材料核验不通过，请删除后重新上传：%(names)s。"),
                    {"names": listing(application.rejected_evidence)},
                ),
            )
        )
    return result
