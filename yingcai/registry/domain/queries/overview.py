"""Counts for the home page: only ever over what the user may see."""

from dataclasses import dataclass, field

from django.db.models import Count

from yingcai.registry.domain.queries import current_affiliations, visible_talents, visible_units
from yingcai.registry.enums import Education, UnitKind


@dataclass
class Breakdown:
    """Counts by a category, for a chart. `keys` are the values of the list filter that gives each
    bar's rows (a county's pk, a kind's value), so the page can link each bar to its list."""

    labels: list[str] = field(default_factory=list)
    values: list[int] = field(default_factory=list)
    keys: list = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def add(self, label: str, value: int, key=None) -> None:
        self.labels.append(str(label))
        self.values.append(value)
        self.keys.append(key)

    def linked(self, list_url: str, param: str) -> "Breakdown":
        """Each bar links to `list_url` with `param` set to its key (the other filters kept)."""
        joiner = "&" if "?" in list_url else "?"
        self.urls = [f"{list_url}{joiner}{param}={key}" if key is not None else "" for key in self.keys]
        return self

    def as_chart(self) -> dict:
        chart: dict = {"labels": self.labels, "values": self.values}
        if self.urls:
            chart["urls"] = self.urls
        return chart


@dataclass
class RegistryOverview:
    unit_count: int
    talent_count: int
    doctorate_count: int
    overseas_count: int
    units_by_kind: Breakdown
    talents_by_county: Breakdown
    talents_by_chain: Breakdown


def registry_overview(user) -> RegistryOverview:
    units = visible_units(user)
    talents = visible_talents(user)
    by_kind = dict(units.values_list("kind").annotate(n=Count("id")))
    kinds = Breakdown()
    for kind in UnitKind:
        kinds.add(kind.label, by_kind.get(kind.value, 0), kind.value)

    by_county = (
        current_affiliations()
        .filter(talent__in=talents.values("pk"), unit__in=units.values("pk"))
        .values("unit__county_id", "unit__county__name", "unit__county__sort_order")
        .annotate(n=Count("talent", distinct=True))
        .order_by("unit__county__sort_order")
    )
    counties = Breakdown()
    for row in by_county:
        counties.add(row["unit__county__name"], row["n"], row["unit__county_id"])

    by_chain = (
        talents.filter(chain__isnull=False).values("chain_id", "chain__code", "chain__name").annotate(n=Count("id"))
    )
    chains = Breakdown()
    for row in sorted(by_chain, key=lambda r: r["chain__code"]):
        chains.add(row["chain__name"], row["n"], row["chain_id"])

    return RegistryOverview(
        unit_count=units.count(),
        talent_count=talents.count(),
        doctorate_count=talents.filter(education=Education.DOCTORATE).count(),
        overseas_count=talents.filter(has_overseas_experience=True).count(),
        units_by_kind=kinds,
        talents_by_county=counties,
        talents_by_chain=chains,
    )
