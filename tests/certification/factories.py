"""Certifications for the certification tests.

`eligible_introduction` makes a talent who meets tier E on their own (under 50, doctorate,
副高级) with a confirmed full-time introduction a year ago. `CertificationFactory` writes a draft
application directly (one approved by the office or in 公示 comes with an accepted document); tests of applying and reviewing go through `yingcai.certification.domain`.
"""

import datetime
import random

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from tests import factories
from tests.introductions.factories import IntroductionFactory
from yingcai.certification.enums import CertificationBasis, CertificationState, EvidenceCheck, EvidenceKind
from yingcai.certification.models import Certification, Evidence
from yingcai.registry import demo
from yingcai.registry.enums import Education, ProfessionalTitle

rng = random.Random(13)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "学位证书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def e_tier_talent(unit, *, born: datetime.date | None = None, **kwargs):
    """A talent at `unit` who meets tier E's own conditions (≤55, 硕士以上, 副高级以上): born
    between 1976 and 1991 unless told."""
    born = born or datetime.date(1976, 1, 1) + datetime.timedelta(days=rng.randrange(0, 15 * 365))
    return factories.TalentFactory(
        unit=unit,
        id_number=demo.id_number(rng, born=born),
        education=Education.DOCTORATE,
        title=ProfessionalTitle.SENIOR_DEPUTY,
        **kwargs,
    )


def eligible_introduction(unit=None, *, introduced_on: datetime.date | None = None, **kwargs):
    """A confirmed, ongoing full-time introduction of an E-tier talent, a year ago by default."""
    unit = unit or factories.UnitFactory()
    introduced_on = introduced_on or timezone.localdate().replace(day=1) - datetime.timedelta(days=365)
    return IntroductionFactory(unit=unit, talent=e_tier_talent(unit), introduced_on=introduced_on, **kwargs)


class CertificationFactory(DjangoModelFactory):
    class Meta:
        model = Certification
        skip_postgeneration_save = True

    introduction = factory.LazyFunction(eligible_introduction)
    talent = factory.SelfAttribute("introduction.talent")
    unit = factory.SelfAttribute("introduction.unit")
    tier_code = "E"
    basis = CertificationBasis.INTRODUCED
    state = CertificationState.DRAFT

    @factory.post_generation
    def verified_evidence(obj, create, extracted, **kwargs):
        """An application approved by the office or in 公示 has had its documents checked: one
        accepted document, unless `verified_evidence=False` (True adds one in any state)."""
        if not create or extracted is False:
            return
        if extracted or obj.state in (CertificationState.OFFICE_APPROVED, CertificationState.IN_PUBLICITY):
            EvidenceFactory(certification=obj, check_result=EvidenceCheck.ACCEPTED)


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = Evidence

    certification = factory.SubFactory(CertificationFactory)
    kind = EvidenceKind.DEGREE
    file = factory.LazyFunction(lambda: pdf_upload())
    original_name = "学位证书.pdf"
    size = len(PDF_BYTES)
    content_type = "application/pdf"
