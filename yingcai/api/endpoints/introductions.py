"""Introductions, working periods and the yearly 3-month rule over JSON (第七条–第八条).

The same domain functions, scopes and permissions as the pages: a record outside the caller's
scope is 404, a step the caller may not take is 403, a refusal by the rules is 422 with the
article cited.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate

from yingcai.api.pagination import Pagination
from yingcai.api.schemas import ERRORS, LIST_ERRORS, READ_ERRORS, ReviewIn
from yingcai.api.schemas_introductions import (
    AtRiskOut,
    IntroductionDetailOut,
    IntroductionIn,
    IntroductionOut,
    IntroductionPatch,
    WorkPeriodIn,
    WorkPeriodOut,
    YearComplianceOut,
)
from yingcai.api.types import Id, Year
from yingcai.introductions.domain import compliance
from yingcai.introductions.domain import declarations as domain
from yingcai.introductions.domain.queries import introductions_for_list, visible_introductions
from yingcai.introductions.models import Channel, Introduction
from yingcai.introductions.workflow import INTRODUCTION_REVIEW
from yingcai.registry.domain.queries import visible_talents, visible_units
from yingcai.registry.models import IndustryChain

router = Router(tags=["人才引进"])


def _visible(request: HttpRequest, pk: int) -> Introduction:
    return get_object_or_404(
        introductions_for_list(visible_introductions(request.user)).select_related("contract_rule"), pk=pk
    )


def _declaration_data(payload: dict[str, Any]) -> dict[str, Any]:
    """API names (ids and codes) to the model values the domain takes."""
    data = dict(payload)
    if "channel_id" in data:
        channel_id = data.pop("channel_id")
        data["channel"] = None
        if channel_id is not None:
            data["channel"] = Channel.objects.filter(pk=channel_id, is_active=True).first()
            if data["channel"] is None:
                raise ValidationError({"channel": [_("引才渠道不存在或已停用。")]})
    if "chain_code" in data:
        code = data.pop("chain_code")
        data["chain"] = None
        if code:
            data["chain"] = IndustryChain.objects.filter(code=code).first()
            if data["chain"] is None:
                raise ValidationError({"chain": [_("未知的编码：%(codes)s") % {"codes": code}]})
    for name in ("transferred_from", "service_forms"):
        if name in data and data[name] is None:
            data[name] = [] if name == "service_forms" else ""
    return data


@router.get("", response={200: list[IntroductionOut], **LIST_ERRORS})
@paginate(Pagination)
def list_introductions(
    request: HttpRequest, mode: str = "", manner: str = "", state: str = "", year: Year | None = None
):
    """The introductions the caller may see: the office all, a county or department its
    jurisdiction (without the units' drafts), a unit its own, a talent their own."""
    introductions = visible_introductions(request.user)
    if mode:
        introductions = introductions.filter(mode=mode)
    if manner:
        introductions = introductions.filter(manner=manner)
    if state:
        introductions = introductions.filter(state=state)
    if year is not None:
        introductions = introductions.filter(introduced_on__year=year)
    return introductions_for_list(introductions).select_related("contract_rule").order_by("-introduced_on", "-pk")


DECLARE_DESCRIPTION = (
    "填报引进记录，保存为草稿；再以 `POST /introductions/{id}/review`（transition=submit）提交审核。"
    "全职引进须填写人事关系转入日期、转出单位/地区和合同起止日期，合同期限不短于现行政策规则"
    "`introduction.full_time_min_contract_years` 的年数（第七条，`GET /rules` 可查），"
    "柔性引进须填写服务方式和协议起止日期。\n\n"
    "注意：接口不支持上传合同/协议文件。通过接口填报的全职引进在提交审核时会被拒绝"
    "（422，字段 contract_file），须先在引进记录页面上传合同或协议文件后再提交。\n\n"
    "The API takes no file upload: a full-time declaration made here is refused at `submit` "
    "(422, `contract_file`) until the contract file is uploaded on the introduction's page."
)


@router.post("", response={201: IntroductionDetailOut, **ERRORS}, description=DECLARE_DESCRIPTION)
def declare_introduction(request: HttpRequest, payload: IntroductionIn):
    data = _declaration_data(payload.dict())
    talent_id, unit_id = data.pop("talent_id"), data.pop("unit_id")
    unit = visible_units(request.user).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    talent = visible_talents(request.user).filter(pk=talent_id).first()
    if talent is None:
        raise ValidationError({"talent": [_("人才不存在或不在您的管理范围内。")]})
    introduction = domain.declare_introduction(by=request.user, talent=talent, unit=unit, data=data)
    return 201, _visible(request, introduction.pk)


@router.get("/at-risk", response={200: list[AtRiskOut], **LIST_ERRORS})
@paginate(Pagination)
def list_at_risk(request: HttpRequest):
    """Flexible talents short of this year's days (第八条) and running out of time, largest
    shortfall first."""
    return compliance.at_risk(visible_introductions(request.user), today=timezone.localdate())


@router.get("/{introduction_id}", response={200: IntroductionDetailOut, **READ_ERRORS})
def get_introduction(request: HttpRequest, introduction_id: Id):
    return _visible(request, introduction_id)


@router.patch("/{introduction_id}", response={200: IntroductionDetailOut, **ERRORS})
def update_introduction(request: HttpRequest, introduction_id: Id, payload: IntroductionPatch):
    """Change a draft or returned declaration. `version` is the one read: a stale copy is refused."""
    introduction = _visible(request, introduction_id)
    data = _declaration_data(payload.dict(exclude_unset=True))
    version = data.pop("version")
    domain.update_introduction(by=request.user, introduction=introduction, data=data, version=version)
    return _visible(request, introduction_id)


@router.post("/{introduction_id}/review", response={200: IntroductionDetailOut, **ERRORS})
def review_introduction(request: HttpRequest, introduction_id: Id, payload: ReviewIn):
    """Take a review step: `submit` (unit), `county_approve` / `county_return` (county or
    department), `confirm` / `office_return` (talent office). Returns need a reason."""
    introduction = _visible(request, introduction_id)
    names = [t.name for t in INTRODUCTION_REVIEW.transitions]
    if payload.transition not in names:
        raise ValidationError({"transition": [_("未知的审核操作，可选：%(names)s") % {"names": "、".join(names)}]})
    domain.review(by=request.user, introduction=introduction, transition=payload.transition, reason=payload.reason)
    return _visible(request, introduction_id)


@router.get("/{introduction_id}/work-periods", response={200: list[WorkPeriodOut], **READ_ERRORS})
def list_work_periods(request: HttpRequest, introduction_id: Id):
    return list(_visible(request, introduction_id).work_periods.all())


@router.post("/{introduction_id}/work-periods", response={201: WorkPeriodOut, **ERRORS})
def log_work_period(request: HttpRequest, introduction_id: Id, payload: WorkPeriodIn):
    """Log days a flexible talent worked at the unit (both ends included; within the agreement;
    not in the future)."""
    period = domain.log_work_period(by=request.user, introduction=_visible(request, introduction_id), **payload.dict())
    return 201, period


@router.delete("/{introduction_id}/work-periods/{period_id}", response={204: None, **ERRORS})
def delete_work_period(request: HttpRequest, introduction_id: Id, period_id: Id, reason: str = ""):
    introduction = _visible(request, introduction_id)
    period = get_object_or_404(introduction.work_periods.all(), pk=period_id)
    domain.delete_work_period(by=request.user, period=period, reason=reason)
    return 204, None


@router.get("/{introduction_id}/compliance", response={200: list[YearComplianceOut], **READ_ERRORS})
def get_compliance(request: HttpRequest, introduction_id: Id):
    """Each year of a flexible agreement up to this one, newest first: days worked, days required,
    met / not yet / missed, the rule version applied and whether the year is closed (frozen).
    Empty for a full-time introduction."""
    introduction = _visible(request, introduction_id)
    return compliance.compliance_history(introduction, today=timezone.localdate())
