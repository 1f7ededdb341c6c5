from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.accounts.enums import Role
from yingcai.certification.domain.queries import certified_statistics
from yingcai.console.todos import todo_items
from yingcai.console.views.talent_home import talent_home
from yingcai.introductions.domain.queries import introduction_overview
from yingcai.registry.domain.queries.overview import registry_overview
from yingcai.selection.domain.queries import visible_nominations
from yingcai.selection.enums import NominationOutcome
from yingcai.support.domain.queries import money_by_year


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role == Role.TALENT and user.talent_id:
        return talent_home(request)
    if user.is_administrator:
        # 三员分立: no business figures for the administrators; their pages are in the menu.
        return render(request, "console/home.html", {"todo": [], "nav_active": "home"})
    overview = registry_overview(user) if user.role != Role.EXPERT else None
    # Experts and talents see no city-wide counts of introductions.
    introductions = introduction_overview(user) if user.role not in (Role.EXPERT, Role.TALENT) else None
    today = timezone.localdate()
    programmes = _programmes(user, today) if user.role not in (Role.EXPERT, Role.TALENT) else None
    _link_charts(overview, introductions, programmes)
    return render(
        request,
        "console/home.html",
        {
            "overview": overview,
            "introductions": introductions,
            "programmes": programmes,
            "todo": todo_items(user, today),
            "nav_active": "home",
        },
    )


TEN_THOUSAND = Decimal(10_000)


def _link_charts(overview, introductions, programmes) -> None:
    """Each bar and slice opens the list it counts, filtered as the figure is (the same filters as
    the cards above the charts: tests/console/test_figures_match_lists.py)."""
    if overview is not None:
        overview.units_by_kind.linked(reverse("registry:unit-list"), "kind")
        overview.talents_by_county.linked(reverse("registry:talent-list"), "county")
        overview.talents_by_chain.linked(reverse("registry:talent-list"), "chain")
    if introductions is not None:
        counted = f"{reverse('introductions:list')}?stage=counted"
        for chart, param in (
            ("mode", "mode"),
            ("manner", "manner"),
            ("channel", "channel_kind"),
            ("county", "county"),
            ("chain", "chain"),
            ("unit_kind", "unit_kind"),
        ):
            introductions[chart].linked(counted, param)
    if programmes is not None:
        in_force = f"{reverse('certification:list')}?in_force=true"
        for chart, param in (("tier", "tier"), ("county", "county"), ("chain", "chain")):
            programmes["certified"][chart].linked(in_force, param)


def _programmes(user, today) -> dict:
    """第三条 and 第十三条 at a glance: selected leading talents, certified talents, support money."""
    certified = certified_statistics(user, today)
    programmes = {
        # Selection runs between the units and the office; counties and departments do not list it.
        "selected": visible_nominations(user).filter(outcome=NominationOutcome.SELECTED).count()
        if user.has_perm("selection.list_nominations")
        else None,
        "certified": certified,
        "promised": None,
    }
    if not user.has_perm("support.totals"):
        return programmes  # the money figures link to 资金统计, which those without it cannot open
    years = money_by_year(user)
    programmes |= {
        # In 元 as on 资金统计; the chart in 万元, the unit budgets are read in.
        "promised": sum(row.promised for row in years),
        "paid": sum(row.paid for row in years),
        "money_by_year": {
            "labels": [row.label for row in years],
            "series": [
                {"name": str(_("承诺")), "values": [float(row.promised / TEN_THOUSAND) for row in years]},
                {"name": str(_("已发放")), "values": [float(row.paid / TEN_THOUSAND) for row in years]},
            ],
        },
    }
    return programmes
