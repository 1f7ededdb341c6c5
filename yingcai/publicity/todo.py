from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.core.navigation import TodoItem
from yingcai.publicity.domain import can_manage
from yingcai.publicity.enums import PublicityState
from yingcai.publicity.models import Objection, Publicity


def items(user, today) -> list[TodoItem]:
    if not can_manage(user):
        return []
    unanswered = Objection.objects.filter(upheld__isnull=True).count()
    ended = Publicity.objects.filter(state=PublicityState.OPEN, ends_on__lt=today).count()
    url = reverse("publicity:office-list")
    return [
        TodoItem(_("待答复的公示异议"), unanswered, url, urgent=True, order=15),
        TodoItem(_("公示期已满待结束的公示"), ended, url, order=15),
    ]
