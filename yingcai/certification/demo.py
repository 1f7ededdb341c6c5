"""Demo certifications (第十三条) for the demo data: run after the registry and introductions demo
and after the demo logins exist (the steps are taken by those accounts, through the domain).

One certified talent with a certificate (the demo talent login's, when eligible), one more
certified, one in 公示, one waiting for the 公示, one at the office, one at the county, one returned
and a draft. A flexible talent is not created as an application: the policy calculator and the
application form show why they are refused.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q

from yingcai.accounts.enums import Role
from yingcai.certification.domain import applications, certificates
from yingcai.certification.domain.eligibility import Application, explain
from yingcai.certification.enums import CertificationBasis, EvidenceKind
from yingcai.certification.models import Certification
from yingcai.introductions.enums import IntroductionMode, IntroductionState
from yingcai.introductions.models import Introduction

DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
# The tiers tried for each candidate, highest first, with the honour that would qualify for it.
TIER_TRIES = (
    ("C", ["享受国务院政府特殊津贴专家"]),
    ("D", ["河南省优秀青年科学基金获得者"]),
    ("E", []),
)
# What each candidate becomes, in order.
PLAN = (
    "certified",
    "certified",
    "in_publicity",
    "office_approved",
    "county_approved",
    "submitted",
    "returned",
    "draft",
)


def _users():
    users = get_user_model().objects.filter(is_active=True)
    office = users.filter(role=Role.TALENT_OFFICE).order_by("pk").first()
    reviewers = {}
    for user in users.filter(role=Role.JURISDICTION, jurisdiction__isnull=False).order_by("pk"):
        reviewers.setdefault(user.jurisdiction_id, user)
    unit_users = {}
    for user in users.filter(role=Role.UNIT, unit__isnull=False).order_by("pk"):
        unit_users.setdefault(user.unit_id, user)
    talent_login = users.filter(role=Role.TALENT, talent__isnull=False).order_by("pk").first()
    return office, reviewers, unit_users, talent_login


def _candidates(rng: random.Random, reviewers: dict, talent_login, today: datetime.date) -> list[tuple]:
    """Confirmed, ongoing full-time introductions under a county or department that has a demo
    reviewer, each with the highest tier the talent would qualify for today."""
    introductions = list(
        Introduction.objects.filter(
            mode=IntroductionMode.FULL_TIME, state=IntroductionState.CONFIRMED, ended_on__isnull=True
        )
        .filter(Q(unit__county_id__in=reviewers) | Q(unit__department_id__in=reviewers))
        .select_related("talent", "unit")
        .order_by("pk")
    )
    rng.shuffle(introductions)
    if talent_login is not None:
        introductions.sort(key=lambda i: i.talent_id != talent_login.talent_id)  # the demo talent first
    found, seen = [], set()
    for introduction in introductions:
        if introduction.talent_id in seen:
            continue
        for tier_code, honours in TIER_TRIES:
            application = Application(
                introduction.talent,
                introduction.unit,
                tier_code,
                CertificationBasis.INTRODUCED,
                introduction,
                honours=honours,
                evidence_count=1,
            )
            if explain(application, today)["eligible"]:
                found.append((introduction, tier_code, honours))
                seen.add(introduction.talent_id)
                break
        if len(found) == len(PLAN):
            break
    return found


def _evidence(by, certification, rng: random.Random) -> None:
    for kind, name in ((EvidenceKind.INTRODUCTION, "劳动合同.pdf"), (EvidenceKind.DEGREE, "博士学位证书.pdf")):
        applications.add_evidence(
            by=by, certification=certification, kind=kind, file=SimpleUploadedFile(name, DEMO_PDF, "application/pdf")
        )
    if rng.random() < 0.5:
        applications.add_evidence(
            by=by,
            certification=certification,
            kind=EvidenceKind.TITLE,
            file=SimpleUploadedFile("副高级职称证书.pdf", DEMO_PDF, "application/pdf"),
        )


def seed(*, rng: random.Random, today: datetime.date) -> int:
    """Create the demo certifications (nothing when some exist). Returns how many were made."""
    if Certification.objects.exists():
        return 0
    office, reviewers, unit_users, talent_login = _users()
    if office is None:
        return 0
    made: dict[str, list[Certification]] = {}
    with transaction.atomic():
        for (introduction, tier_code, honours), goal in zip(
            _candidates(rng, reviewers, talent_login, today), PLAN, strict=False
        ):
            unit = introduction.unit
            applicant = unit_users.get(unit.pk, office)
            reviewer = reviewers.get(unit.county_id) or reviewers.get(unit.department_id)
            certification = applications.apply(
                by=applicant,
                talent=introduction.talent,
                unit=unit,
                tier_code=tier_code,
                basis=CertificationBasis.INTRODUCED,
                introduction=introduction,
                honours=honours,
            )
            made.setdefault(goal, []).append(certification)
            if goal == "draft":
                continue
            _evidence(applicant, certification, rng)
            applications.submit(by=applicant, certification=certification)
            if goal == "submitted":
                continue
            if goal == "returned":
                applications.review(
                    by=reviewer,
                    certification=certification,
                    transition="county_return",
                    reason="请补充近三年代表性业绩成果证明材料。",
                )
                continue
            applications.review(by=reviewer, certification=certification, transition="county_approve")
            if goal == "county_approved":
                continue
            applications.review(by=office, certification=certification, transition="office_approve")
        # The certified ones went through a 公示 that ended three weeks ago; another is running now.
        if made.get("certified"):
            notice = certificates.start_publicity(
                by=office, certifications=made["certified"], on=today - datetime.timedelta(days=40)
            )
            certificates.finish_publicity(by=office, publicity=notice, on=notice.ends_on + datetime.timedelta(days=3))
        if made.get("in_publicity"):
            certificates.start_publicity(by=office, certifications=made["in_publicity"], on=today)
    return sum(len(v) for v in made.values())
