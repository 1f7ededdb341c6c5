"""Counts for the home page: only ever over what the user may see."""

from dataclasses import dataclass, field

from django.db.models import Count

from yingcai.registry.domain.queries import current_affiliations, visible_talents, visible_units
from yingcai.registry.enums import Education, UnitKind


@dataclass
class Breakdown:
    labels: list[str] = field(default_factory=list)
    values: list[int] = field(default_factory=list)

    def as_chart(self) -> dict:
        return {"labels": self.labels, "values": self.values}


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
        kinds.labels.append(str(kind.label))
        kinds.values.append(by_kind.get(kind.value, 0))

    by_county = (
        current_affiliations()
        .filter(talent__in=talents.values("pk"), unit__in=units.values("pk"))
        .values("unit__county__name", "unit__county__sort_order")
        .annotate(n=Count("talent", distinct=True))
        .order_by("unit__county__sort_order")
    )
    counties = Breakdown([r["unit__county__name"] for r in by_county], [r["n"] for r in by_county])

    by_chain = talents.filter(chain__isnull=False).values("chain__code", "chain__name").annotate(n=Count("id"))
    chains = Breakdown()
    for row in sorted(by_chain, key=lambda r: r["chain__code"]):
        chains.labels.append(row["chain__name"])
        chains.values.append(row["n"])

    return RegistryOverview(
        unit_count=units.count(),
        talent_count=talents.count(),
        doctorate_count=talents.filter(education=Education.DOCTORATE).count(),
        overseas_count=talents.filter(has_overseas_experience=True).count(),
        units_by_kind=kinds,
        talents_by_county=counties,
        talents_by_chain=chains,
    )
