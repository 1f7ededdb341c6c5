from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.core.forms import add_form_errors
from yingcai.workdays.domain import known_until
from yingcai.workdays.entry import can_be_entered, enter_year, schedule_of
from yingcai.workdays.forms import YearScheduleForm


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied


@login_required
def calendar_years(request: HttpRequest) -> HttpResponse:
    _require(request.user, "workdays.view_calendar")
    today = timezone.localdate()
    years = [schedule_of(year) for year in range(today.year + 1, today.year - 2, -1)]
    return render(
        request,
        "workdays/years.html",
        {"years": years, "known_until": known_until(), "nav_active": "workdays", "can_enter": can_be_entered},
    )


@login_required
def calendar_year(request: HttpRequest, year: int) -> HttpResponse:
    _require(request.user, "workdays.view_calendar")
    today = timezone.localdate()
    if not today.year - 10 <= year <= today.year + 1:
        raise Http404
    schedule = schedule_of(year)
    editable = can_be_entered(year) and request.user.has_perm("workdays.enter_year")
    form = None
    if editable:
        form = YearScheduleForm(request.POST or None, year=year, schedule=schedule)
        if request.method == "POST" and form.is_valid():
            try:
                enter_year(
                    by=request.user,
                    year=year,
                    holidays=form.holidays(),
                    make_up_workdays=form.make_up_workdays(),
                    note=form.cleaned_data["note"],
                    version=form.cleaned_data.get("version") or 0,
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(
                    request, _("%(year)s年工作日历已保存，按工作日计算的期限将据此计算。") % {"year": year}
                )
                return redirect("workdays:year", year=year)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "workdays/year.html",
        {"schedule": schedule, "form": form, "year": year, "nav_active": "workdays"},
    )
