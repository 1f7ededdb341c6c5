from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from yingcai.accounts.enums import Role
from yingcai.registry.domain.queries.overview import registry_overview


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role == Role.TALENT and user.talent_id:
        return redirect("registry:talent-detail", pk=user.talent_id)
    overview = registry_overview(user) if user.role != Role.EXPERT else None
    return render(request, "console/home.html", {"overview": overview, "nav_active": "home"})
