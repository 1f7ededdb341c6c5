from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from yingcai.certification.domain.queries import certified_statistics
from yingcai.registry.views.common import require


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """Talents holding a certificate in force: by tier, industrial chain and county."""
    require(request.user, "certification.statistics")
    today = timezone.localdate()
    stats = certified_statistics(request.user, today)
    return render(
        request,
        "certification/statistics.html",
        {
            "stats": stats,
            "by_tier": list(zip(stats["tier"].labels, stats["tier"].values, strict=True)),
            "by_chain": list(zip(stats["chain"].labels, stats["chain"].values, strict=True)),
            "by_county": list(zip(stats["county"].labels, stats["county"].values, strict=True)),
            "today": today,
            "nav_active": "certification-statistics",
        },
    )
