from django.urls import reverse
from django.utils.translation import gettext as _

from yingcai.core.navigation import TodoItem
from yingcai.workdays.entry import next_year_missing


def items(user, today) -> list[TodoItem]:
    """From October the office enters next year's official schedule (published in November or
    December); urgent in December and whenever the current year itself is unknown."""
    if not user.has_perm("workdays.enter_year"):
        return []
    year = next_year_missing(today)
    if year is None:
        return []
    return [
        TodoItem(
            _("录入%(year)s年工作日历（法定节假日及调休）") % {"year": year},
            1,
            reverse("workdays:year", args=[year]),
            urgent=today.month == 12 or year <= today.year,
            order=15,
        )
    ]
