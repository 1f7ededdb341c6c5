from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from yingcai.accounts.enums import Role
from yingcai.console.todos import todo_items
from yingcai.introductions.domain.queries import introduction_overview
from yingcai.registry.domain.queries.overview import registry_overview


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.role == Role.TALENT and user.talent_id:
        return redirect("registry:talent-detail", pk=user.talent_id)
    overview = registry_overview(user) if user.role != Role.EXPERT else None
    # Experts and talents see no city-wide counts of introductions.
    introductions = introduction_overview(user) if user.role not in (Role.EXPERT, Role.TALENT) else None
    return render(
        request,
        "console/home.html",
        {
            "overview": overview,
            "introductions": introductions,
            "todo": todo_items(user, timezone.localdate()),
            "nav_active": "home",
        },
    )
