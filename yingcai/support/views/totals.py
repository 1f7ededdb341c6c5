"""Money promised against money paid, by year, kind, county and tier."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yingcai.registry.views.common import require
from yingcai.support.domain.queries import totals

NAV = "support-totals"


@login_required
def totals_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "support.totals")
    return render(request, "support/totals.html", {"totals": totals(request.user), "nav_active": NAV})
