"""我的档案: a talent's workspace. Their profile (with what they may ask to change), their records as
the policy apps' dossier sections tell them, this year's working days, what awaits them, notices."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from yingcai.console.todos import todo_items
from yingcai.notifications.domain import inbox
from yingcai.registry.domain.profile_changes import PROFILE_FIELDS, pending_change
from yingcai.registry.domain.queries import current_affiliations
from yingcai.registry.dossier import dossier_of
from yingcai.registry.enums import ProfileChangeState
from yingcai.registry.models import Talent
from yingcai.registry.views.common import require

NOTICES_SHOWN = 5


def talent_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    talent = get_object_or_404(Talent.objects.select_related("tech_field", "chain"), pk=user.talent_id)
    require(user, "registry.view_talent", talent)
    dossier = dossier_of(talent=talent, viewer=user)
    introductions = dossier.section("introductions")
    last_decided = talent.profile_changes.exclude(state=ProfileChangeState.PENDING).order_by("-decided_at").first()
    return render(
        request,
        "console/talent_home.html",
        {
            "talent": talent,
            "editable": [Talent._meta.get_field(name).verbose_name for name in PROFILE_FIELDS],
            "can_reveal": user.has_perm("registry.view_personal_data", talent),
            "affiliations": current_affiliations().filter(talent=talent).select_related("unit"),
            "pending_change": pending_change(talent),
            "last_decided": last_decided,
            "dossier": dossier,
            "working_days": introductions.facts if introductions else [],
            "awaiting": dossier.awaiting_talent,
            "notices": list(inbox(user).order_by("-created_at")[:NOTICES_SHOWN]),
            "todo": todo_items(user, timezone.localdate()),
            "nav_active": "home",
        },
    )
