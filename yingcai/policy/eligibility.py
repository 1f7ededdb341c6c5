"""Who qualifies for which tier and its support (第十三条), as a pure function of (profile, rule
versions) with an explanation object (a `TierVerdict`, whose `decision` is the platform's one
`core.decisions.Decision`).

`evaluate_tier(profile, tier, on)` checks every condition and says, for each, whether it passed,
why, and which article (and document version) says so. The certification check, the support
entitlements and the policy calculator (政策计算器) all decide through here.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_noop

from yingcai.core.dates import minimum_end
from yingcai.core.decisions import (  # noqa: F401  (Text, render_condition: part of this module's interface)
    Condition,
    Decision,
    RuleVersion,
    Text,
    choice,
    listing,
    register_choices,
    render_condition,
)
from yingcai.policy.domain import RuleBook
from yingcai.policy.engagements import engagements_in_force
from yingcai.policy.enums import SupportKind
from yingcai.policy.models import PolicyRule, SupportItem, TalentTier
from yingcai.policy.tiers import all_support_items_in_force, support_items_in_force, tiers_in_force
from yingcai.registry.enums import Education, ProfessionalTitle

NEW_TALENT_WINDOW_YEARS = "certification.new_talent_window_years"  # 第十三条
ARTICLE_13 = "第十三条"

FULL_TIME, FLEXIBLE, NO_EMPLOYMENT = "full_time", "flexible", "none"
INTRODUCED, CULTIVATED = "introduced", "cultivated"

# Higher is more: 博士 > 硕士 > 本科 > 大专; 正高 > 副高 > 中级 > 初级 > 无.
EDUCATION_ORDER = {
    Education.COLLEGE: 1,
    Education.BACHELOR: 2,
    Education.MASTER: 3,
    Education.DOCTORATE: 4,
}
TITLE_ORDER = {
    ProfessionalTitle.NONE: 0,
    ProfessionalTitle.JUNIOR: 1,
    ProfessionalTitle.INTERMEDIATE: 2,
    ProfessionalTitle.SENIOR_DEPUTY: 3,
    ProfessionalTitle.SENIOR_FULL: 4,
}


@dataclass(frozen=True)
class Profile:
    """What eligibility looks at, whether it comes from the registry or is typed into the calculator."""

    birth_date: datetime.date | None
    education: str  # registry.enums.Education value, or ""
    title: str  # registry.enums.ProfessionalTitle value, or ""
    honours: frozenset[str]
    employment: str  # "full_time" | "flexible" | "none"
    basis: str | None  # "introduced" | "cultivated" | None
    basis_date: datetime.date | None  # introduced_on, or the day the talent was grown (selected/promoted)
    introduction_confirmed: bool
    civil_servant: bool = False
    # The day the personnel relation moved in, for a full-time introduction (第七条: 全职 from then on).
    transferred_on: datetime.date | None = None

    def as_dict(self) -> dict:
        return {
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "education": self.education,
            "title": self.title,
            "honours": sorted(self.honours),
            "employment": self.employment,
            "basis": self.basis,
            "basis_date": self.basis_date.isoformat() if self.basis_date else None,
            "introduction_confirmed": self.introduction_confirmed,
            "civil_servant": self.civil_servant,
            "transferred_on": self.transferred_on.isoformat() if self.transferred_on else None,
        }


# A condition's parameters may name an education or a title by its code (rendered as its label).
register_choices({"education": Education, "title": ProfessionalTitle})


@dataclass(frozen=True)
class TierVerdict:
    """The decision on one tier: eligible only if every condition passed. `support` is what the
    tier gives on the day evaluated, for an eligible profile (empty when not eligible)."""

    tier: TalentTier
    eligible: bool
    conditions: tuple[Condition, ...]
    support: tuple[SupportItem, ...]
    on: datetime.date | None = None
    # The policy rule versions the decision applied: ((key, version), ...).
    rules: tuple[tuple[str, int], ...] = field(default=())

    @property
    def failed(self) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if not c.passed)

    @property
    def decision(self) -> Decision:
        """The verdict as the platform's one decision type (core.decisions)."""
        return Decision(
            self.eligible,
            self.conditions,
            tuple(RuleVersion(key, version) for key, version in self.rules),
            self.tier.article,
        )

    def as_dict(self) -> dict:
        tier = self.tier
        return {
            "tier": {
                "id": tier.pk,
                "code": tier.code,
                "name": tier.name,
                "rank": tier.rank,
                "version": tier.version,
                "article": tier.article,
                "document": tier.document,
                "citation": tier.citation,
                "effective_from": tier.effective_from.isoformat(),
                "effective_to": tier.effective_to.isoformat() if tier.effective_to else None,
                "is_example": tier.is_example,
                "qualifications": tier.qualifications,
            },
            "on": self.on.isoformat() if self.on else None,
            "eligible": self.eligible,
            "conditions": [c.as_dict() for c in self.conditions],
            "failed": [c.code for c in self.failed],
            "rules": [{"key": key, "version": version} for key, version in self.rules],
            "support": [support_item_dict(item) for item in self.support],
        }


def support_item_dict(item: SupportItem) -> dict:
    return {
        "id": item.pk,
        "code": item.code,
        "tier_code": item.tier_code,
        "version": item.version,
        "kind": item.kind,
        "kind_label": str(SupportKind(item.kind).label) if item.kind in SupportKind.values else item.kind,
        "name": item.name,
        "amount": str(item.amount) if item.amount is not None else None,
        "instalments": item.instalments,
        "interval_months": item.interval_months,
        "needs_decision": item.needs_decision,
        "responsible_office": item.responsible_office.name if item.responsible_office_id else None,
        "decision_working_days": item.decision_working_days,
        "confirm_fields": list(item.confirm_fields),
        "article": item.article,
        "document": item.document,
        "citation": item.citation,
        "effective_from": item.effective_from.isoformat(),
        "effective_to": item.effective_to.isoformat() if item.effective_to else None,
        "is_example": item.is_example,
    }


# --- date helpers ------------------------------------------------------------------------------


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    """Age in whole years (周岁) on `on`: one more on each birthday (29 Feb: on 1 Mar in other years)."""
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def window_end(start: datetime.date, years: int) -> datetime.date:
    """The last day of a window of `years` years that starts on `start`, both ends included, the way
    the rules read every period (SPEC; as 第七条's contract years): 2023-07-01 + 3 → 2026-06-30."""
    return minimum_end(start, years)


# --- conditions ------------------------------------------------------------------------------


def _article_13_citation(rule: PolicyRule) -> str:
    return f"《{rule.document}》{ARTICLE_13}"


def _full_time(profile: Profile, rule: PolicyRule) -> Condition:
    label = Text(gettext_noop("全职在本市工作"))
    if profile.employment == FULL_TIME and profile.transferred_on is not None:
        passed = True
        detail = Text(
            gettext_noop("人事关系已于%(date)s转入本市，全职引进，符合第十三条“全职”要求。"),
            {"date": profile.transferred_on.isoformat()},
        )
    elif profile.employment == FULL_TIME:
        passed, detail = True, Text(gettext_noop("全职引进或在本市全职工作，符合第十三条“全职”要求。"))
    elif profile.employment == FLEXIBLE:
        passed = False
        detail = Text(gettext_noop("柔性引进人才不享受第十三条待遇（第十三条仅适用于全职新引进或新培养的人才）。"))
    elif profile.transferred_on is not None:
        passed = False
        detail = Text(
            gettext_noop("人事关系将于%(date)s转入本市（待转入），转入前不按全职计算，不符合第十三条“全职”要求。"),
            {"date": profile.transferred_on.isoformat()},
        )
    else:
        passed, detail = False, Text(gettext_noop("未登记全职引进或在本市全职工作，不符合第十三条“全职”要求。"))
    return Condition.of("full_time", label, passed, detail, ARTICLE_13, _article_13_citation(rule))


def _newness(profile: Profile, on: datetime.date, rule: PolicyRule) -> Condition:
    years = rule.number
    label = Text(gettext_noop("新引进或新培养（%(years)s年内）"), {"years": years})
    kind = {INTRODUCED: Text(gettext_noop("全职引进")), CULTIVATED: Text(gettext_noop("培养（入选、晋升）"))}.get(
        profile.basis or "", ""
    )
    if profile.basis not in (INTRODUCED, CULTIVATED) or profile.basis_date is None:
        passed = False
        detail = Text(
            gettext_noop("未登记全职引进日期或培养（入选、晋升）日期，无法认定为第十三条所称“新引进或新培养”。")
        )
    elif profile.basis_date > on:
        passed = False
        detail = Text(
            gettext_noop("%(kind)s日期%(date)s晚于评估日%(on)s，尚不能认定。"),
            {"kind": kind, "date": profile.basis_date.isoformat(), "on": on.isoformat()},
        )
    else:
        last_day = window_end(profile.basis_date, years)
        passed = on <= last_day
        values = {"kind": kind, "date": profile.basis_date.isoformat(), "years": years, "last": last_day.isoformat()}
        if passed:
            detail = Text(
                gettext_noop("%(kind)s日期%(date)s，在%(years)s年内（含，至%(last)s），属新引进或新培养。"), values
            )
        else:
            detail = Text(
                gettext_noop(
                    "%(kind)s日期%(date)s，已超过%(years)s年（截至%(last)s），不属第十三条所称“新引进或新培养”。"
                ),
                values,
            )
    return Condition.of("newness", label, passed, detail, rule.article, rule.citation, rule_version=rule.version)


def _confirmed(profile: Profile, rule: PolicyRule) -> Condition:
    label = Text(gettext_noop("引进已经确认"))
    if profile.introduction_confirmed:
        passed, detail = True, Text(gettext_noop("全职引进记录已经市委人才办确认。"))
    else:
        passed = False
        detail = Text(gettext_noop("全职引进记录尚未经市委人才办确认，确认前不能按“全职新引进”认定（第十三条）。"))
    return Condition.of("introduction_confirmed", label, passed, detail, ARTICLE_13, _article_13_citation(rule))


def _not_civil_servant(profile: Profile, tier: TalentTier) -> Condition:
    label = Text(gettext_noop("非公务员、参公人员"))
    if profile.civil_servant:
        passed, detail = False, Text(gettext_noop("公务员、参公人员不参与认定。"))
    else:
        passed, detail = True, Text(gettext_noop("不是公务员或参照公务员法管理人员。"))
    return Condition.of("not_civil_servant", label, passed, detail, tier.article, tier.citation)


def _age(profile: Profile, tier: TalentTier, on: datetime.date) -> Condition:
    limit = tier.max_age
    label = Text(gettext_noop("年龄不超过%(n)s周岁"), {"n": limit})
    if profile.birth_date is None:
        passed, detail = False, Text(gettext_noop("未填写出生日期，无法核对年龄条件。"))
    else:
        age = age_on(profile.birth_date, on)
        passed = age <= limit
        values = {"on": on.isoformat(), "age": age, "n": limit}
        if passed:
            detail = Text(gettext_noop("评估日%(on)s年满%(age)s周岁，不超过%(n)s周岁（含）。"), values)
        else:
            detail = Text(gettext_noop("评估日%(on)s年满%(age)s周岁，超过%(n)s周岁的上限。"), values)
    return Condition.of("age", label, passed, detail, tier.article, tier.citation)


def _education(profile: Profile, tier: TalentTier) -> Condition:
    required = Education(tier.min_education)
    label = Text(gettext_noop("学历不低于%(e)s"), {"e": choice("education", required.value)})
    have = EDUCATION_ORDER.get(profile.education, 0)
    if not profile.education:
        passed, detail = False, Text(gettext_noop("未填写学历，无法核对学历条件。"))
    else:
        passed = have >= EDUCATION_ORDER[required]
        values = {"have": choice("education", profile.education), "need": choice("education", required.value)}
        if passed:
            detail = Text(gettext_noop("学历为%(have)s，不低于%(need)s。"), values)
        else:
            detail = Text(gettext_noop("学历为%(have)s，低于要求的%(need)s。"), values)
    return Condition.of("education", label, passed, detail, tier.article, tier.citation)


def _title(profile: Profile, tier: TalentTier) -> Condition:
    required = ProfessionalTitle(tier.min_title)
    label = Text(gettext_noop("职称不低于%(t)s"), {"t": choice("title", required.value)})
    have_code = profile.title or ProfessionalTitle.NONE
    passed = TITLE_ORDER.get(have_code, 0) >= TITLE_ORDER[required]
    values = {"have": choice("title", str(have_code)), "need": choice("title", required.value)}
    if passed:
        detail = Text(gettext_noop("职称为%(have)s，不低于%(need)s。"), values)
    else:
        detail = Text(gettext_noop("职称为%(have)s，低于要求的%(need)s。"), values)
    return Condition.of("title", label, passed, detail, tier.article, tier.citation)


def _honours(profile: Profile, tier: TalentTier) -> Condition:
    label = Text(gettext_noop("具有所列荣誉称号或入选计划之一"))
    held = [h for h in tier.honours if h in profile.honours]
    if held:
        passed, detail = True, Text(gettext_noop("具有：%(held)s。"), {"held": listing(held)})
    else:
        passed = False
        detail = Text(
            gettext_noop("不具有本层次所列荣誉称号或入选计划（须具有其一：%(list)s）。"),
            {"list": listing(tier.honours)},
        )
    return Condition.of("honours", label, passed, detail, tier.article, tier.citation)


def evaluate_tier(
    profile: Profile,
    tier: TalentTier,
    on: datetime.date,
    book: RuleBook | None = None,
    *,
    support_items: list[SupportItem] | None = None,
) -> TierVerdict:
    """Every condition of `tier` (the version given) checked for `profile` on `on`."""
    book = book or RuleBook()
    window = book.get(NEW_TALENT_WINDOW_YEARS, on)
    conditions = [_full_time(profile, window), _newness(profile, on, window)]
    if profile.basis == INTRODUCED:
        conditions.append(_confirmed(profile, window))
    conditions.append(_not_civil_servant(profile, tier))
    if tier.max_age is not None:
        conditions.append(_age(profile, tier, on))
    if tier.min_education:
        conditions.append(_education(profile, tier))
    if tier.min_title and tier.min_title != ProfessionalTitle.NONE:
        conditions.append(_title(profile, tier))
    if tier.honours:
        conditions.append(_honours(profile, tier))
    eligible = all(c.passed for c in conditions)
    support: tuple[SupportItem, ...] = ()
    if eligible:
        items = support_items if support_items is not None else support_items_in_force(tier.code, on)
        support = tuple(items)
    return TierVerdict(
        tier=tier,
        eligible=eligible,
        conditions=tuple(conditions),
        support=support,
        on=on,
        rules=((window.key, window.version),),
    )


def evaluate_all(profile: Profile, on: datetime.date, book: RuleBook | None = None) -> list[TierVerdict]:
    """Every tier in force on `on`, highest first, each with its verdict (a fixed number of queries)."""
    book = book or RuleBook()
    items = all_support_items_in_force(on)
    return [
        evaluate_tier(profile, tier, on, book, support_items=items.get(tier.code, [])) for tier in tiers_in_force(on)
    ]


# --- profiles from the registry ----------------------------------------------------------------


def profile_of(
    talent,
    on: datetime.date,
    *,
    honours=(),
    civil_servant: bool = False,
    cultivated_on: datetime.date | None = None,
) -> Profile:
    """The profile of a registered talent on `on`: birth date, education and title from the
    registry; employment and basis from the introductions in force that day (a confirmed full-time
    one first, then a flexible one, then an unconfirmed full-time one). `cultivated_on` (the day
    the talent was selected or promoted) makes them 新培养 when it is later than their introduction."""
    from yingcai.registry.models import Affiliation

    # A full-time introduction counts only from its transfer date (待转入 is confirmed, waiting for
    # that day), and until then the talent is not full-time at all.
    current = engagements_in_force(talent=talent, on=on)

    def awaits_transfer(engagement) -> bool:
        return engagement.full_time and engagement.transferred_on is not None and engagement.transferred_on > on

    awaiting = sorted(e.transferred_on for e in current if awaits_transfer(e))
    current = [e for e in current if not awaits_transfer(e)]

    def first(full_time: bool, confirmed: bool):
        return next((e for e in current if e.full_time == full_time and e.confirmed == confirmed), None)

    introduction = first(True, True) or first(False, True) or first(True, False) or first(False, False)
    employment, basis, basis_date, confirmed, transferred_on = NO_EMPLOYMENT, None, None, False, None
    if introduction is not None:
        employment = FULL_TIME if introduction.full_time else FLEXIBLE
        confirmed = introduction.confirmed
        if employment == FULL_TIME:
            basis, basis_date = INTRODUCED, introduction.introduced_on
            transferred_on = introduction.transferred_on
    elif awaiting:
        transferred_on = awaiting[0]  # not full-time before the personnel relation moves in
    elif (
        Affiliation.objects.filter(talent=talent)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=on))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .exists()
    ):
        employment = FULL_TIME  # grown in the city: works at a unit here without an introduction
    newer = cultivated_on is not None and (basis_date is None or cultivated_on > basis_date)
    if newer and cultivated_on <= on and employment != FLEXIBLE:
        basis, basis_date = CULTIVATED, cultivated_on
    return Profile(
        birth_date=talent.birth_date,
        education=talent.education or "",
        title=talent.title or "",
        honours=frozenset(h.strip() for h in honours if h and h.strip()),
        employment=employment,
        basis=basis,
        basis_date=basis_date,
        introduction_confirmed=confirmed,
        civil_servant=civil_servant,
        transferred_on=transferred_on,
    )
