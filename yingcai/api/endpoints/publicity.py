"""Public notices (公示) over JSON.

Reading notices and filing an objection are public (no login, like the pages); the list of
objections with the objectors' contact details, answers and concluding are the talent office's
(403 for anyone else). A refusal by the rules is 422 with the reason.
"""

import datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from yingcai.api.pagination import Pagination
from yingcai.api.schemas import ERRORS, READ_ERRORS, ErrorOut
from yingcai.api.types import Flag, Id, InputSchema, Text
from yingcai.audit.middleware import client_ip
from yingcai.publicity import domain, throttle
from yingcai.publicity.models import Objection, Publicity
from yingcai.registry.views.common import require

router = Router(tags=["公示"])
# The public operations: nobody signs in, so neither 401 nor 403.
PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut}


class EntryOut(Schema):
    """What the public sees of a person on a notice: never ID numbers or phones."""

    id: int
    position: int
    name: str
    unit_name: str
    summary: str


class NoticeOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    starts_on: datetime.date
    ends_on: datetime.date
    working_days: int
    rule_citation: str
    state: str
    is_open: bool
    reference: str  # 〔2026〕第3号
    status: str  # upcoming, open, expired, concluded: domain.notice_status, as on the pages
    status_label: str

    @staticmethod
    def resolve_status(notice) -> str:
        return domain.notice_status(notice, timezone.localdate()).code

    @staticmethod
    def resolve_status_label(notice) -> str:
        return domain.notice_status(notice, timezone.localdate()).label

    @staticmethod
    def resolve_kind_label(notice) -> str:
        return notice.get_kind_display()

    @staticmethod
    def resolve_rule_citation(notice) -> str:
        return notice.rule.citation

    @staticmethod
    def resolve_is_open(notice) -> bool:
        return domain.is_open(notice, timezone.localdate())


class ContactOut(Schema):
    department: str
    phone: str
    address: str
    email: str
    hours: str


class NoticeDetailOut(NoticeOut):
    body: str
    entries: list[EntryOut]
    objection_contact: ContactOut | None  # where to send objections besides this API

    @staticmethod
    def resolve_objection_contact(notice):
        return domain.objection_contact()

    @staticmethod
    def resolve_entries(notice) -> list:
        return list(notice.entries.all())


class ObjectionIn(InputSchema):
    name: Annotated[str, Field(max_length=32)]
    phone: Annotated[str, Field(max_length=20)]
    content: Text
    entry_id: Id | None = None


class ObjectionReceiptOut(Schema):
    id: int
    message: str


class ObjectionOut(Schema):
    """An objection as the office reads it, contact details included."""

    id: int
    entry_id: Id | None
    entry_name: str | None
    name: str
    phone: str
    content: str
    submitted_at: datetime.datetime
    answer: str
    upheld: bool | None
    answered_at: datetime.datetime | None

    @staticmethod
    def resolve_entry_name(objection) -> str | None:
        return objection.entry.name if objection.entry_id else None


class AnswerIn(InputSchema):
    answer: Text
    upheld: Flag
    entry_id: Id | None = None


def _notice(pk: int) -> Publicity:
    return get_object_or_404(Publicity.objects.select_related("rule"), pk=pk)


@router.get("", response={200: list[NoticeOut], 422: ErrorOut}, auth=None)
@paginate(Pagination)
def list_notices(request: HttpRequest, state: str = ""):
    """Every notice, current and past, newest first (public)."""
    notices = domain.public_notices()
    if state:
        notices = notices.filter(state=state)
    return notices.order_by("-starts_on", "-pk")


@router.get("/{publicity_id}", response={200: NoticeDetailOut, **PUBLIC_ERRORS}, auth=None)
def get_notice(request: HttpRequest, publicity_id: Id):
    """A notice with its list: names, units and what for (public)."""
    return _notice(publicity_id)


@router.post(
    "/{publicity_id}/objections",
    response={201: ObjectionReceiptOut, 400: ErrorOut, 429: ErrorOut, **PUBLIC_ERRORS},
    auth=None,
)
def file_objection(request: HttpRequest, publicity_id: Id, payload: ObjectionIn):
    """File an objection while the notice is open (public; at most a few per address per hour).
    The name and phone are for the office to verify and answer, never published."""
    publicity = _notice(publicity_id)
    ip = client_ip(request)
    entry = None
    if payload.entry_id is not None:
        entry = get_object_or_404(publicity.entries, pk=payload.entry_id)
    if not throttle.take(ip):
        return 429, {"detail": _("同一网络地址每小时最多提交%(n)s条异议，请稍后再试。") % {"n": throttle.limit()}}
    try:
        objection = domain.file_objection(
            publicity=publicity, entry=entry, name=payload.name, phone=payload.phone, content=payload.content
        )
    except ValidationError:
        throttle.give_back(ip)
        raise
    return 201, {"id": objection.pk, "message": _("异议已提交，市委人才办将在核实后答复。")}


@router.get("/{publicity_id}/objections", response={200: list[ObjectionOut], **READ_ERRORS})
def list_objections(request: HttpRequest, publicity_id: Id):
    """The objections to a notice with the objectors' contact details (talent office only)."""
    require(request.user, "publicity.manage")
    return list(domain.objections_for_office(request.user, _notice(publicity_id)))


@router.post("/objections/{objection_id}/answer", response={200: ObjectionOut, **ERRORS})
def answer_objection(request: HttpRequest, objection_id: Id, payload: AnswerIn):
    """Answer an objection (talent office). An upheld objection must name the entry it concerns."""
    require(request.user, "publicity.manage")
    objection = get_object_or_404(Objection.objects.select_related("publicity"), pk=objection_id)
    entry = None
    if payload.entry_id is not None:
        entry = get_object_or_404(objection.publicity.entries, pk=payload.entry_id)
    objection = domain.answer_objection(
        by=request.user, objection=objection, answer=payload.answer, upheld=payload.upheld, entry=entry
    )
    return Objection.objects.select_related("entry").get(pk=objection.pk)


@router.post("/{publicity_id}/conclude", response={200: NoticeDetailOut, **ERRORS})
def conclude(request: HttpRequest, publicity_id: Id):
    """End a notice after its last day once every objection is answered (talent office)."""
    require(request.user, "publicity.manage")
    domain.finish(by=request.user, publicity=_notice(publicity_id))
    return _notice(publicity_id)
