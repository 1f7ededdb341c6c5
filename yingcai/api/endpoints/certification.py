"""Certification (人才认定, 第十三条) over JSON.

The same domain functions, scopes and permissions as the pages: an application outside the
caller's scope is 404, a step the caller may not take is 403, a refusal by the rules is 422 with
every failing condition and its article. The verification of a certificate is public.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import File, Form, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate

from yingcai.api.pagination import Pagination
from yingcai.api.schemas import ERRORS, LIST_ERRORS, READ_ERRORS, ErrorOut, ReviewIn
from yingcai.api.schemas_certification import (
    ApplicationIn,
    ApplicationPatch,
    CertificationDetailOut,
    CertificationOut,
    EligibilityOut,
    EvidenceCheckIn,
    EvidenceOut,
    FinishOut,
    PublicityIn,
    PublicityOut,
    RevokeIn,
    VerificationOut,
)
from yingcai.api.types import Id
from yingcai.certification.domain import applications, certificates
from yingcai.certification.domain.queries import certifications_for_list, visible_certifications
from yingcai.certification.models import Certification, Evidence
from yingcai.certification.workflow import BATCH_TRANSITIONS, CERTIFICATION_REVIEW
from yingcai.introductions.models import Introduction
from yingcai.registry.domain.masking import mask_name
from yingcai.registry.domain.queries import visible_talents, visible_units

router = Router(tags=["人才认定"])
STATUS_LABELS = {"valid": gettext_lazy("有效"), "expired": gettext_lazy("已过期"), "revoked": gettext_lazy("已撤销")}


def _visible(request: HttpRequest, pk: int) -> Certification:
    return get_object_or_404(certifications_for_list(visible_certifications(request.user)), pk=pk)


def _with_explanation(request: HttpRequest, pk: int) -> Certification:
    """A draft or returned application shows today's check; a decided one the stored decision."""
    certification = _visible(request, pk)
    if certification.state in applications.EDITABLE_STATES or not certification.eligibility:
        certification.eligibility = applications.check_eligibility(certification, timezone.localdate())
    return certification


def _introduction(introduction_id: Id | None) -> Introduction | None:
    if introduction_id is None:
        return None
    introduction = Introduction.objects.filter(pk=introduction_id).first()
    if introduction is None:
        raise ValidationError({"introduction": [_("引进记录不存在。")]})
    return introduction


def _talent_and_unit(request: HttpRequest, talent_id: Id, unit_id: Id):
    unit = visible_units(request.user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    talent = visible_talents(request.user).filter(pk=talent_id).first()
    if talent is None:
        raise ValidationError({"talent": [_("人才不存在或不在您的管理范围内。")]})
    return talent, unit


@router.get("", response={200: list[CertificationOut], **LIST_ERRORS})
@paginate(Pagination)
def list_certifications(request: HttpRequest, state: str = "", tier_code: str = "", basis: str = ""):
    """The applications the caller may see: the office all, a county or department its
    jurisdiction (without drafts), a unit its own, a talent their own."""
    certifications = visible_certifications(request.user)
    if state:
        certifications = certifications.filter(state=state)
    if tier_code:
        certifications = certifications.filter(tier_code=tier_code)
    if basis:
        certifications = certifications.filter(basis=basis)
    return certifications_for_list(certifications).order_by("-created_at", "-pk")


@router.post("", response={201: CertificationDetailOut, **ERRORS})
def apply(request: HttpRequest, payload: ApplicationIn):
    """Apply (a draft). A flexible talent, another unit's introduction, an open application or an
    equal certification already held are refused at once (422, 第十三条)."""
    data = payload.dict()
    talent, unit = _talent_and_unit(request, data.pop("talent_id"), data.pop("unit_id"))
    data["introduction"] = _introduction(data.pop("introduction_id"))
    certification = applications.apply(by=request.user, talent=talent, unit=unit, **data)
    return 201, _with_explanation(request, certification.pk)


@router.post("/eligibility", response={200: EligibilityOut, **ERRORS})
def preview_eligibility(request: HttpRequest, payload: ApplicationIn):
    """The eligibility explanation for an application not yet saved (every condition, ✓/✗, the
    article and the rule version), as the application form shows it."""
    if not request.user.has_perm("certification.apply"):
        raise PermissionDenied(_("您无权申报人才认定。"))
    data = payload.dict()
    talent, unit = _talent_and_unit(request, data.pop("talent_id"), data.pop("unit_id"))
    data["introduction"] = _introduction(data.pop("introduction_id"))
    return applications.preview(talent=talent, unit=unit, **data)


@router.get("/verify/{token}", auth=None, response={200: VerificationOut, 404: ErrorOut, 422: ErrorOut})
def verify(request: HttpRequest, token: str):
    """Public: is the certificate with this QR token genuine, and valid, expired or revoked?"""
    certification = (
        Certification.objects.select_related("talent", "unit", "tier")
        .filter(verification_token=token, certificate_number__isnull=False)
        .first()
    )
    if certification is None:
        return 404, {"detail": _("未查到该证书。")}
    status = certificates.certificate_status(certification, timezone.localdate())
    return {
        "certificate_number": certification.certificate_number,
        "status": status,
        "status_label": str(STATUS_LABELS[status]),
        "name_masked": mask_name(certification.talent.name),
        "tier_code": certification.tier_code,
        "tier_name": certification.tier.name if certification.tier else None,
        "unit_name": certification.unit.name,
        "certified_on": certification.certified_on,
        "valid_until": certification.valid_until,
    }


@router.post("/publicity", response={201: PublicityOut, **ERRORS})
def start_publicity(request: HttpRequest, payload: PublicityIn):
    """Office: one 公示 for the selected applications it approved (state office_approved)."""
    chosen = list(visible_certifications(request.user).filter(pk__in=payload.certification_ids))
    if len(chosen) != len(set(payload.certification_ids)):
        raise Http404
    return 201, certificates.start_publicity(by=request.user, certifications=chosen)


@router.post("/publicity/{publicity_id}/finish", response={200: FinishOut, **ERRORS})
def finish_publicity(request: HttpRequest, publicity_id: Id):
    """Office: close the notice after its last day; those who passed are certified, those with an
    upheld objection refused with the answer as the reason."""
    from yingcai.publicity.enums import PublicityKind
    from yingcai.publicity.models import Publicity

    if not request.user.has_perm("certification.manage_publicity"):
        raise PermissionDenied(_("只有市委人才办可以结束认定公示。"))
    publicity = get_object_or_404(Publicity, pk=publicity_id, kind=PublicityKind.CERTIFICATION)
    outcome = certificates.finish_publicity(by=request.user, publicity=publicity)
    return {"certified": [c.pk for c in outcome["certified"]], "rejected": [c.pk for c in outcome["rejected"]]}


@router.get("/{certification_id}", response={200: CertificationDetailOut, **READ_ERRORS})
def get_certification(request: HttpRequest, certification_id: Id):
    return _with_explanation(request, certification_id)


@router.patch("/{certification_id}", response={200: CertificationDetailOut, **ERRORS})
def update_application(request: HttpRequest, certification_id: Id, payload: ApplicationPatch):
    """Change a draft or returned application. `version` is the one read: a stale copy is refused."""
    certification = _visible(request, certification_id)
    data: dict[str, Any] = payload.dict(exclude_unset=True)
    version = data.pop("version")
    if "introduction_id" in data:
        data["introduction"] = _introduction(data.pop("introduction_id"))
    applications.update_application(by=request.user, certification=certification, data=data, version=version)
    return _with_explanation(request, certification_id)


@router.get("/{certification_id}/eligibility", response={200: EligibilityOut, **READ_ERRORS})
def check_eligibility(request: HttpRequest, certification_id: Id):
    """Today's check of the application against the rule versions in force today."""
    return applications.check_eligibility(_visible(request, certification_id), timezone.localdate())


@router.post("/{certification_id}/review", response={200: CertificationDetailOut, **ERRORS})
def review(request: HttpRequest, certification_id: Id, payload: ReviewIn):
    """Take a review step: `submit` (unit), `county_approve` / `county_return` (county or
    department), `office_approve` / `office_return` / `reject` (talent office). Returns and
    rejections need a reason. Submission refuses with every failing condition (422)."""
    certification = _visible(request, certification_id)
    names = [t.name for t in CERTIFICATION_REVIEW.transitions if t.name not in BATCH_TRANSITIONS]
    if payload.transition not in names:
        raise ValidationError({"transition": [_("未知的审核操作，可选：%(names)s") % {"names": "、".join(names)}]})
    applications.review(
        by=request.user, certification=certification, transition=payload.transition, reason=payload.reason
    )
    return _with_explanation(request, certification_id)


@router.post("/{certification_id}/revoke", response={200: CertificationDetailOut, **ERRORS})
def revoke(request: HttpRequest, certification_id: Id, payload: RevokeIn):
    """Office: revoke a certification (reason required); future support stops."""
    certificates.revoke(by=request.user, certification=_visible(request, certification_id), reason=payload.reason)
    return _with_explanation(request, certification_id)


@router.get("/{certification_id}/evidence", response={200: list[EvidenceOut], **READ_ERRORS})
def list_evidence(request: HttpRequest, certification_id: Id):
    return list(_visible(request, certification_id).evidence.all())


@router.post("/{certification_id}/evidence", response={201: EvidenceOut, **ERRORS})
def add_evidence(request: HttpRequest, certification_id: Id, kind: Form[str], file: File[UploadedFile]):
    """Upload a document (multipart: `kind`, `file`; PDF, OFD, Word, Excel, JPG, PNG; ≤ 20 MB)."""
    certification = _visible(request, certification_id)
    return 201, applications.add_evidence(by=request.user, certification=certification, kind=kind, file=file)


@router.post("/evidence/{evidence_id}/check", response={200: EvidenceOut, **ERRORS})
def check_evidence(request: HttpRequest, evidence_id: Id, payload: EvidenceCheckIn):
    """A reviewer accepts or rejects a document (a rejection needs a note)."""
    evidence = get_object_or_404(Evidence.objects.select_related("certification"), pk=evidence_id)
    _visible(request, evidence.certification_id)
    return applications.check_evidence(by=request.user, evidence=evidence, result=payload.result, note=payload.note)
