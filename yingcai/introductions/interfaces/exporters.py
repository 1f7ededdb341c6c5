"""The at-risk list of flexible talents (第八条) as rows of an .xlsx export."""

import datetime
from collections.abc import Iterator

from django.utils.translation import gettext as _

from yingcai.introductions.domain.compliance import YearCompliance
from yingcai.introductions.models import Introduction


def at_risk_rows(items: list[tuple[Introduction, YearCompliance]], *, today: datetime.date) -> Iterator[list]:
    """A header and one row a talent: who, where, the days and whether the year can still be met."""
    yield [
        _("人才"),
        _("引进单位"),
        _("所在县区"),
        _("年度"),
        _("已工作（天）"),
        _("应工作（天）"),
        _("尚差（天）"),
        _("达标可能"),
        _("说明"),
        _("统计日期"),
    ]
    for introduction, result in items:
        yield [
            introduction.talent.name,
            introduction.unit.name,
            introduction.unit.county.name,
            result.year,
            result.days_worked,
            result.days_required,
            result.shortfall,
            _("已无法达标") if result.unreachable else _("仍可达标"),
            result.explanation,
            today,
        ]
