"""Pages of public notices (公示): the public list and notice with its objection form (no login),
and the talent office's pages to answer objections and conclude a notice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yingcai.audit.middleware import client_ip
from yingcai.core.forms import add_form_errors
from yingcai.core.lists import paginate
from yingcai.publicity import domain, throttle
from yingcai.publicity.enums import PublicityState
from yingcai.publicity.interfaces.forms import AnswerForm, ContactForm, ObjectionForm
from yingcai.publicity.models import Objection, Publicity
from yingcai.registry.views.common import require

NOTICE_SORTS = {"starts": "starts_on", "ends": "ends_on"}
OFFICE_NAV = "publicity"


def _notice_rows(listing, today) -> None:
    for notice in listing.page:
        notice.is_open_now = domain.is_open(notice, today)


def notice_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    listing = paginate(request, domain.public_notices(), sortable=NOTICE_SORTS, default="-starts")
    _notice_rows(listing, today)
    return render(request, "publicity/notice_list.html", {"listing": listing, "nav_active": "publicity"})


@require_http_methods(["GET", "POST"])
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publicity = get_object_or_404(Publicity.objects.select_related("rule"), pk=pk)
    today = timezone.localdate()
    open_now = domain.is_open(publicity, today)
    form = ObjectionForm(request.POST or None, publicity=publicity) if open_now else None
    if request.method == "POST":
        if not open_now:
            messages.error(
                request,
                _("本公示当前不受理异议（公示期：%(start)s至%(end)s）。")
                % {"start": publicity.starts_on, "end": publicity.ends_on},
            )
            return redirect("publicity:notice-detail", pk=publicity.pk)
        ip = client_ip(request)
        if form.is_robot:
            # Say nothing a robot could learn from; nothing is saved.
            messages.success(request, _("您的异议已提交。"))
            return redirect("publicity:notice-detail", pk=publicity.pk)
        if form.is_valid():
            data = form.cleaned_data
            if not throttle.take(ip):
                form.add_error(
                    None,
                    _("同一网络地址每小时最多提交%(n)s条异议，请稍后再试或致电市委人才办。") % {"n": throttle.limit()},
                )
                return _notice_page(request, publicity, form, open_now, today)
            try:
                objection = domain.file_objection(
                    publicity=publicity,
                    entry=data["entry"],
                    name=data["name"],
                    phone=data["phone"],
                    content=data["content"],
                    on=today,
                )
            except ValidationError as error:
                throttle.give_back(ip)
                add_form_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "您的异议已提交（受理编号：%(number)s）。市委人才办将在核实后通过您留下的联系电话答复，"
                        "您的姓名和电话不会公开。"
                    )
                    % {"number": objection.pk},
                )
                return redirect("publicity:notice-detail", pk=publicity.pk)
    return _notice_page(request, publicity, form, open_now, today)


def _notice_page(request: HttpRequest, publicity: Publicity, form, open_now: bool, today) -> HttpResponse:
    return render(
        request,
        "publicity/notice_detail.html",
        {
            "publicity": publicity,
            "entries": publicity.entries.all(),
            "form": form,
            "open_now": open_now,
            "not_started": publicity.state == PublicityState.OPEN and today < publicity.starts_on,
            "nav_active": "publicity",
        },
    )


# The talent office's pages.


@login_required
def office_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "publicity.manage")
    today = timezone.localdate()
    listing = paginate(request, domain.notices_for_office(request.user), sortable=NOTICE_SORTS, default="-starts")
    _notice_rows(listing, today)
    return render(
        request,
        "publicity/office_list.html",
        {"listing": listing, "contact": domain.objection_contact(), "nav_active": OFFICE_NAV},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """The office keeps the contact for objections printed on every public notice."""
    require(request.user, "publicity.manage")
    current = domain.objection_contact()
    form = ContactForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_objection_contact(
                by=request.user, data=form.cleaned_data, version=form.cleaned_data.get("version")
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("异议受理联系方式已保存，所有公示页面即时显示。"))
            return redirect("publicity:office-list")
    return render(request, "publicity/contact_form.html", {"form": form, "nav_active": OFFICE_NAV})


def _office_detail_context(request: HttpRequest, publicity: Publicity) -> dict:
    today = timezone.localdate()
    entries = list(publicity.entries.all())
    return {
        "publicity": publicity,
        "entries": entries,
        "objections": domain.objections_for_office(request.user, publicity),
        "blockers": domain.conclusion_blockers(publicity, today),
        "is_concluded": publicity.state == PublicityState.CONCLUDED,
        "nav_active": OFFICE_NAV,
    }


@login_required
def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "publicity.manage")
    publicity = get_object_or_404(Publicity.objects.select_related("rule", "concluded_by"), pk=pk)
    return render(request, "publicity/office_detail.html", _office_detail_context(request, publicity))


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer (or revise the answer to) one objection; with htmx the objection's row is returned."""
    require(request.user, "publicity.manage")
    objection = get_object_or_404(Objection.objects.select_related("publicity", "entry"), pk=pk)
    publicity = objection.publicity
    form = AnswerForm(request.POST, publicity=publicity)
    error_messages: list[str] = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            objection = domain.answer_objection(
                by=request.user,
                objection=objection,
                answer=data["answer"],
                upheld=data["upheld"],
                entry=data["entry"],
            )
        except ValidationError as error:
            error_messages = error.messages
    else:
        error_messages = [
            f"{form.fields[f].label}：{'；'.join(e)}" if f in form.fields else "；".join(e)
            for f, e in form.errors.items()
        ]
    if request.headers.get("HX-Request"):
        objection = Objection.objects.select_related("entry", "answered_by").get(pk=objection.pk)
        return render(
            request,
            "publicity/_objection.html",
            {
                "objection": objection,
                "entries": list(publicity.entries.all()),
                "is_concluded": publicity.state == PublicityState.CONCLUDED,
                "errors": error_messages,
                "saved": not error_messages,
            },
        )
    if error_messages:
        messages.error(request, "；".join(error_messages))
    else:
        messages.success(request, _("答复已保存。"))
    return redirect("publicity:office-detail", pk=publicity.pk)


@login_required
@require_POST
def conclude(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "publicity.manage")
    publicity = get_object_or_404(Publicity, pk=pk)
    try:
        domain.finish(by=request.user, publicity=publicity)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, _("公示已结束。异议成立的对象不予通过，其余对象公示通过。"))
    return redirect("publicity:office-detail", pk=publicity.pk)
