"""Demo certifications (第十三条) for the demo data: run after the registry and introductions demo
and after the demo logins exist (the steps are taken by the units, the county and department
reviewers and the office, through the domain).

About 34 talents certified at tiers A–E (most at C–E) in batches whose 公示 ran over the last two
and a half years (past ``on=`` dates, so the certificates carry those dates and numbers), all from
confirmed, ongoing full-time introductions; then one application in each open state: one in 公示
(running today), one waiting for the 公示, one at the office, one at the county, one returned
and a draft — those preferably at units the demo county and department logins review. The demo
talent login's application is as before (certified with the latest batch, when eligible; a
flexible talent gets none: the policy calculator and the application form show why).

Reviewing is the county's or the line department's: a county or department without a login of its
own gets a reviewer account (no password: it cannot log in), and so does each applying unit,
which applies for its talent and later confirms the support (`support.demo`). Where a tier's own
conditions need it (a doctorate for D; a master's degree and a senior title for E), the talent's
record is completed through the registry domain before the application, as the unit would.

The review steps and the eligibility check run on today's date (the domain takes no ``on=`` for
them); the 公示 and the certification take the batch's dates. Nothing is added when any
certification exists already.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from yingcai.accounts.enums import Role
from yingcai.certification.domain import applications, certificates
from yingcai.certification.domain.eligibility import Application, explain
from yingcai.certification.enums import CertificationBasis, EvidenceCheck, EvidenceKind
from yingcai.certification.models import Certification
from yingcai.core.demo_clock import as_of, some_day
from yingcai.introductions.enums import IntroductionMode, IntroductionState
from yingcai.introductions.models import Introduction
from yingcai.policy.eligibility import EDUCATION_ORDER, TITLE_ORDER, age_on
from yingcai.registry.domain.talents import update_talent
from yingcai.registry.enums import Education, ProfessionalTitle
from yingcai.registry.models import Jurisdiction
from yingcai.workdays.domain import is_workday

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
CERTIFIED = 34  # how many the demo certifies when the data set has enough candidates
# The honours the demo gives each tier's applicants (one of the tier's list in data/policy/tiers.csv).
HONOURS = {
    "A": (["两院院士"],),
    "B": (["国家杰出青年科学基金获得者"], ["长江学者特聘教授"]),
    "C": (["享受国务院政府特殊津贴专家"], ["中原学者"], ["中原英才计划（中原领军人才）入选者"]),
    "D": (["河南省优秀青年科学基金获得者"], ["中原英才计划入选者"], ["河南省青年科技奖获得者"]),
    "E": ([],),
}
# Age limits of the tiers (data/policy/tiers.csv), to choose who may apply for which.
MAX_AGE = {"A": 200, "B": 65, "C": 60, "D": 40, "E": 55}
# The states the applications after the certified ones are left in, in order.
OPEN_PLAN = ("in_publicity", "office_approved", "county_approved", "submitted", "returned", "draft")
FIRST_BATCH_DAYS_AGO = 900  # about two and a half years
BATCH_EVERY_DAYS = 90
LAST_BATCH_DAYS_AGO = 40  # the latest 公示 ended about three weeks ago
APPLY_AFTER_DAYS = 45  # a unit applies some weeks after the introduction is confirmed


class _Accounts:
    """The office, a reviewer for each county and line department, a login for each applying unit."""

    def __init__(self) -> None:
        users = get_user_model().objects.filter(is_active=True)
        self.office = users.filter(role=Role.TALENT_OFFICE).order_by("pk").first()
        self.reviewers: dict[int, object] = {}
        for user in users.filter(role=Role.JURISDICTION, jurisdiction__isnull=False).order_by("pk"):
            self.reviewers.setdefault(user.jurisdiction_id, user)
        self.units: dict[int, object] = {}
        for user in users.filter(role=Role.UNIT, unit__isnull=False).order_by("pk"):
            self.units.setdefault(user.unit_id, user)
        self.talent_login = users.filter(role=Role.TALENT, talent__isnull=False).order_by("pk").first()
        self.demo_reviewed = set(self.reviewers)  # the demo county and department logins

    def reviewer(self, unit):
        found = self.reviewers.get(unit.county_id) or self.reviewers.get(unit.department_id)
        if found is None:
            jurisdiction = Jurisdiction.objects.get(pk=unit.county_id)
            found = self.reviewers[jurisdiction.pk] = _account(
                f"review-{jurisdiction.pk}",
                f"{jurisdiction.name}人才工作科",
                Role.JURISDICTION,
                jurisdiction=jurisdiction,
            )
        return found

    def applicant(self, unit):
        found = self.units.get(unit.pk)
        if found is None:
            found = self.units[unit.pk] = _account(f"unit-{unit.pk}", f"{unit.name[:27]} 人事处", Role.UNIT, unit=unit)
        return found


def _account(username: str, full_name: str, role: str, **scope):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"full_name": full_name[:32], "role": role, **scope}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _introductions(rng: random.Random, accounts: _Accounts) -> list[Introduction]:
    """Confirmed, ongoing full-time introductions, one per talent, in random order; the demo
    talent's first, then those the demo county and department logins review."""
    introductions = list(
        Introduction.objects.filter(
            mode=IntroductionMode.FULL_TIME, state=IntroductionState.CONFIRMED, ended_on__isnull=True
        )
        .select_related("talent", "unit")
        .order_by("pk")
    )
    rng.shuffle(introductions)
    seen, unique = set(), []
    for introduction in introductions:
        if introduction.talent_id not in seen:
            seen.add(introduction.talent_id)
            unique.append(introduction)
    return unique


def _reviewed_by_demo_login(introduction: Introduction, accounts: _Accounts) -> bool:
    unit = introduction.unit
    return unit.county_id in accounts.demo_reviewed or unit.department_id in accounts.demo_reviewed


def _tiers(candidates: list[Introduction], count: int, today: datetime.date) -> list[tuple[Introduction, str]]:
    """`count` of the candidates with the tier each applies for: few at A and B (the oldest), about
    a quarter at C and at D (D only up to 40 years of age), the rest at E."""
    quota = {"A": 1 if count >= 8 else 0, "B": 2 if count >= 12 else 0}
    quota["D"] = round(count * 0.28)
    quota["C"] = round(count * 0.24)
    quota["E"] = max(count - sum(quota.values()), 0)
    remaining = list(candidates)
    chosen: list[tuple[Introduction, str]] = []
    for tier in ("D", "A", "B", "C", "E"):
        fits = [i for i in remaining if age_on(i.talent.birth_date, today) <= MAX_AGE[tier]]
        if tier in ("A", "B"):
            fits.sort(key=lambda i: i.talent.birth_date)  # the most senior
        take = fits[: quota[tier]]
        chosen.extend((i, tier) for i in take)
        remaining = [i for i in remaining if i not in take]
        if tier != "E" and len(take) < quota[tier]:
            quota["E"] += quota[tier] - len(take)
    return chosen[:count]


def _highest_open_tier(introduction: Introduction, today: datetime.date) -> str:
    age = age_on(introduction.talent.birth_date, today)
    return "E" if age <= MAX_AGE["E"] else "C" if age <= MAX_AGE["C"] else "B" if age <= MAX_AGE["B"] else "A"


def _prepare(office, introduction: Introduction, tier: str, rng: random.Random, today: datetime.date):
    """The talent's record completed for the tier's own conditions (see the module's docstring);
    returns the honours to apply with, or None when the talent still does not qualify today."""
    talent = introduction.talent
    data = {}
    if tier == "D" and talent.education != Education.DOCTORATE:
        data["education"] = Education.DOCTORATE
    if tier == "E":
        if EDUCATION_ORDER.get(talent.education, 0) < EDUCATION_ORDER[Education.MASTER]:
            data["education"] = Education.MASTER
        if TITLE_ORDER.get(talent.title or ProfessionalTitle.NONE, 0) < TITLE_ORDER[ProfessionalTitle.SENIOR_DEPUTY]:
            data["title"] = ProfessionalTitle.SENIOR_DEPUTY
    honours = rng.choice(HONOURS[tier])
    application = Application(
        talent, introduction.unit, tier, CertificationBasis.INTRODUCED, introduction, honours=honours, evidence_count=1
    )
    if data:
        # Check first with the completed record, so nothing is changed for a talent who would not qualify.
        for name, value in data.items():
            setattr(talent, name, value)
        eligible = explain(application, today)["eligible"]
        talent.refresh_from_db()
        if not eligible:
            return None
        introduction.talent = update_talent(
            by=office, talent=talent, data=data, version=None, reason="补录学历、职称（人才认定申报材料）"
        )
        return honours
    return honours if explain(application, today)["eligible"] else None


def _evidence(by, certification, tier: str, rng: random.Random) -> None:
    degree = "博士学位证书.pdf" if certification.talent.education == Education.DOCTORATE else "硕士学位证书.pdf"
    files = [(EvidenceKind.INTRODUCTION, "劳动合同.pdf"), (EvidenceKind.DEGREE, degree)]
    if tier == "E" or rng.random() < 0.5:
        files.append((EvidenceKind.TITLE, "高级职称证书.pdf"))
    for kind, name in files:
        applications.add_evidence(
            by=by, certification=certification, kind=kind, file=SimpleUploadedFile(name, DEMO_PDF, "application/pdf")
        )


def _take(accounts: _Accounts, introduction: Introduction, tier: str, honours, goal: str, rng) -> Certification:
    """Apply and take the application along the review chain up to `goal`."""
    unit = introduction.unit
    applicant = accounts.applicant(unit)
    certification = applications.apply(
        by=applicant,
        talent=introduction.talent,
        unit=unit,
        tier_code=tier,
        basis=CertificationBasis.INTRODUCED,
        introduction=introduction,
        honours=honours,
    )
    if goal == "draft":
        return certification
    _evidence(applicant, certification, tier, rng)
    applications.submit(by=applicant, certification=certification)
    if goal == "submitted":
        return certification
    reviewer = accounts.reviewer(unit)
    if goal == "returned":
        return applications.review(
            by=reviewer,
            certification=certification,
            transition="county_return",
            reason="请补充近三年代表性业绩成果证明材料。",
        )
    # The reviewer checks every document before passing it on: no certificate while one is open.
    for evidence in certification.evidence.all():
        applications.check_evidence(by=reviewer, evidence=evidence, result=EvidenceCheck.ACCEPTED)
    applications.review(by=reviewer, certification=certification, transition="county_approve")
    if goal == "county_approved":
        return certification
    return applications.review(by=accounts.office, certification=certification, transition="office_approve")


def _batches(
    certified: list[tuple[Introduction, str]], accounts: _Accounts, today: datetime.date
) -> dict[datetime.date, list[tuple[Introduction, str]]]:
    """The day each batch's 公示 was decided, with its members: each talent in the batch with the
    fewest members among those decided some weeks after their introduction (the earliest on a tie);
    the demo talent with the latest."""
    days = [
        today - datetime.timedelta(days=FIRST_BATCH_DAYS_AGO - BATCH_EVERY_DAYS * k)
        for k in range((FIRST_BATCH_DAYS_AGO - LAST_BATCH_DAYS_AGO) // BATCH_EVERY_DAYS)
    ]
    days.append(today - datetime.timedelta(days=LAST_BATCH_DAYS_AGO))
    batches: dict[datetime.date, list] = {day: [] for day in days}
    for introduction, tier in sorted(certified, key=lambda pair: pair[0].introduced_on):
        # A full-time talent counts from the day the personnel relation moved (第十三条).
        counts_from = max(
            introduction.introduced_on, introduction.personnel_transferred_on or introduction.introduced_on
        )
        possible = [d for d in days if d >= counts_from + datetime.timedelta(days=APPLY_AFTER_DAYS)]
        if accounts.talent_login is not None and introduction.talent_id == accounts.talent_login.talent_id:
            possible = possible[-1:]
        if possible:
            day = min(possible, key=lambda d: (len(batches[d]), d))
            batches[day].append((introduction, tier))
    return {day: members for day, members in batches.items() if members}


def seed(*, rng: random.Random, today: datetime.date) -> int:
    """Create the demo certifications (nothing when some exist). Returns how many were made."""
    if Certification.objects.exists():
        return 0
    accounts = _Accounts()
    if accounts.office is None:
        return 0
    made = 0
    with transaction.atomic():
        candidates = _introductions(rng, accounts)
        latest = today - datetime.timedelta(days=LAST_BATCH_DAYS_AGO + APPLY_AFTER_DAYS)
        login_talent = accounts.talent_login.talent_id if accounts.talent_login else None
        # The open ones first, at units the demo logins review where possible (they have work to do).
        open_pool = [i for i in candidates if i.talent_id != login_talent]
        open_pool.sort(key=lambda i: not _reviewed_by_demo_login(i, accounts))
        open_ones = []
        for introduction in open_pool:
            if len(open_ones) == len(OPEN_PLAN):
                break
            tier = _highest_open_tier(introduction, today)
            honours = _prepare(accounts.office, introduction, tier, rng, today)
            if honours is not None:
                open_ones.append((introduction, tier, honours))
        taken = {i.talent_id for i, _tier, _h in open_ones}
        pool = [i for i in candidates if i.talent_id not in taken and i.introduced_on <= latest]
        pool.sort(key=lambda i: i.talent_id != login_talent)  # the demo talent is certified, when eligible
        certified = []
        for introduction, tier in _tiers(pool, min(CERTIFIED, len(pool)), today):
            honours = _prepare(accounts.office, introduction, tier, rng, today)
            if honours is not None:
                certified.append((introduction, tier, honours))
        honours_of = {i.pk: h for i, _t, h in certified}
        for day, members in _batches([(i, t) for i, t, _h in certified], accounts, today).items():
            # Played on the days it happened (yingcai.core.demo_clock): the applications in the
            # weeks before the batch's decision, the notice and its conclusion after.
            approved = []
            for i, t in members:
                with as_of(some_day(day - datetime.timedelta(days=21), within_days=14, last=day)):
                    approved.append(_take(accounts, i, t, honours_of[i.pk], "office_approved", rng))
            with as_of(day):
                notice = certificates.start_publicity(by=accounts.office, certifications=approved, on=day)
            concluded = notice.ends_on + datetime.timedelta(days=3)
            with as_of(concluded):
                certificates.finish_publicity(by=accounts.office, publicity=notice, on=concluded)
            made += len(approved)
        for (introduction, tier, honours), goal in zip(open_ones, OPEN_PLAN, strict=False):
            certification = _take(accounts, introduction, tier, honours, goal, rng)
            if goal == "in_publicity":
                # The notice starts on the working day after its decision: decided on the working
                # day before the last one up to today, it runs today (or, on a weekend, ran on
                # Friday and is still open), so the public can object to it in the demo.
                starts = today
                while not is_workday(starts):
                    starts -= datetime.timedelta(days=1)
                decided = starts - datetime.timedelta(days=1)
                while not is_workday(decided):
                    decided -= datetime.timedelta(days=1)
                certificates.start_publicity(by=accounts.office, certifications=[certification], on=decided)
            made += 1
    return made
