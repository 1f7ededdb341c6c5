"""The read side of introductions: what each user may see, and the counts for the home page."""

from django.db.models import Count, F, QuerySet
from django.utils.translation import gettext_lazy as _

from yingcai.introductions.enums import ChannelKind, IntroductionManner, IntroductionMode, IntroductionState
from yingcai.introductions.models import Introduction
from yingcai.introductions.scopes import INTRODUCTION_SCOPE
from yingcai.registry.domain.queries.overview import Breakdown
from yingcai.registry.enums import UnitKind


def visible_introductions(user) -> QuerySet[Introduction]:
    return INTRODUCTION_SCOPE.visible_to(user)


def introductions_for_list(queryset: QuerySet[Introduction]) -> QuerySet[Introduction]:
    return queryset.select_related("talent", "unit", "unit__county", "channel", "chain")


def _breakdown(rows, choices, none_key: str | None = None) -> Breakdown:
    counts = {r["key"]: r["n"] for r in rows}
    result = Breakdown()
    for value, label in choices:
        result.add(label, counts.get(value, 0), value if value is not None else none_key)
    return result


# What the home page counts as an introduction (审核中及已确认): drafts and returned declarations are
# not; the list's `stage=counted` filter gives the same rows.
COUNTED_STATES = (IntroductionState.SUBMITTED, IntroductionState.COUNTY_APPROVED, IntroductionState.CONFIRMED)


def counted_introductions(queryset):
    return queryset.filter(state__in=COUNTED_STATES)


def in_post(queryset):
    """Flexible or full-time introductions whose service has not ended."""
    return queryset.filter(ended_on__isnull=True)


def introduction_overview(user) -> dict[str, Breakdown]:
    """Counts of confirmed and in-review introductions by mode, manner, channel, county, chain and
    unit type (drafts and returned declarations are not counted)."""
    counted = counted_introductions(visible_introductions(user))

    def by(field: str):
        return counted.values(key=F(field)).annotate(n=Count("id"))

    overview = {
        "mode": _breakdown(by("mode"), IntroductionMode.choices),
        "manner": _breakdown(by("manner"), IntroductionManner.choices),
        "channel": _breakdown(by("channel__kind"), [*ChannelKind.choices, (None, _("未经渠道"))], none_key="none"),
        "unit_kind": _breakdown(by("unit__kind"), UnitKind.choices),
    }
    county = Breakdown()
    for row in (
        counted.values("unit__county_id", "unit__county__name", "unit__county__sort_order")
        .annotate(n=Count("id"))
        .order_by("unit__county__sort_order")
    ):
        county.add(row["unit__county__name"], row["n"], row["unit__county_id"])
    overview["county"] = county
    chain = Breakdown()
    for row in (
        counted.filter(chain__isnull=False)
        .values("chain_id", "chain__code", "chain__name")
        .annotate(n=Count("id"))
        .order_by("chain__code")
    ):
        chain.add(row["chain__name"], row["n"], row["chain_id"])
    overview["chain"] = chain
    overview["total"] = counted.count()
    overview["flexible_active"] = in_post(counted.filter(mode=IntroductionMode.FLEXIBLE)).count()
    return overview
