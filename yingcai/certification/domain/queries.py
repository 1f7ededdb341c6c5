"""The read side of certification: what each user may see, and the totals of certified talents."""

import datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from yingcai.certification.enums import CertificationState
from yingcai.certification.models import Certification
from yingcai.certification.scopes import CERTIFICATION_SCOPE
from yingcai.registry.domain.queries.overview import Breakdown


def visible_certifications(user) -> QuerySet[Certification]:
    return CERTIFICATION_SCOPE.visible_to(user)


def certifications_for_list(queryset: QuerySet[Certification]) -> QuerySet[Certification]:
    return queryset.select_related("talent", "unit", "unit__county", "tier", "talent__chain")


def in_force_q(on: datetime.date) -> Q:
    return Q(state=CertificationState.CERTIFIED, valid_until__gte=on)


def certified_statistics(user, on: datetime.date) -> dict:
    """Talents holding a certificate in force on `on`, by tier, industrial chain and county."""
    counted = visible_certifications(user).filter(in_force_q(on))
    result: dict = {"total": counted.count()}
    tier = Breakdown()
    for row in counted.values("tier_code").annotate(n=Count("id")).order_by("tier_code"):
        tier.add(f"{row['tier_code']}类", row["n"], row["tier_code"])
    result["tier"] = tier
    county = Breakdown()
    for row in (
        counted.values(key=F("unit__county_id"), name=F("unit__county__name"), order=F("unit__county__sort_order"))
        .annotate(n=Count("id"))
        .order_by("order", "name")
    ):
        county.add(row["name"], row["n"], row["key"])
    result["county"] = county
    chain = Breakdown()
    rows = (
        counted.values(key=F("talent__chain_id"), code=F("talent__chain__code"), name=F("talent__chain__name"))
        .annotate(n=Count("id"))
        .order_by("code")
    )
    for row in rows:
        chain.add(row["name"] or _("未归属产业链"), row["n"], row["key"])
    result["chain"] = chain
    return result
