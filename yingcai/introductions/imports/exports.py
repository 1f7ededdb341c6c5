"""The rows of the .xlsx exports of introductions and of working periods (ID numbers masked).

Which introductions are exported is decided as on the list page (its IntroductionFilter).

The columns follow the import templates, plus what the platform adds (state, decision, days), so a
clerk reads an export the way they filled the template.
"""

from collections.abc import Iterator, Mapping

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.introductions.domain.dates import inclusive_days
from yingcai.introductions.models import Introduction, WorkPeriod
from yingcai.registry.domain.masking import mask_id_number

CHUNK = 2000


def work_periods_of(introductions: QuerySet[Introduction], *, year: int | None) -> QuerySet[WorkPeriod]:
    """The periods logged for `introductions`; with `year`, those that touch that year."""
    periods = WorkPeriod.objects.filter(introduction__in=introductions.values("pk"))
    if year is not None:
        periods = periods.filter(start__year__lte=year, end__year__gte=year)
    return periods


def period_year(params: Mapping[str, str]) -> int | None:
    """`year` of the periods export: the year a period touches (on the list page, `year` is the
    year of introduction; a period export asks about the years worked)."""
    value = (params.get("year") or "").strip()
    return int(value) if value.isdigit() and 1949 < int(value) < 2200 else None


def introduction_rows(introductions: QuerySet[Introduction]) -> Iterator[list]:
    yield [
        _("姓名"),
        _("公民身份号码"),
        _("用人单位"),
        _("用人单位统一社会信用代码"),
        _("所在县区"),
        _("引进方式"),
        _("引进形式"),
        _("引进日期"),
        _("引才渠道"),
        _("服务产业链"),
        _("人事关系转入日期"),
        _("人事关系转出单位/地区"),
        _("合同起始日期"),
        _("合同终止日期"),
        _("服务方式"),
        _("协议起始日期"),
        _("协议终止日期"),
        _("审核状态"),
        _("判定说明"),
        _("结束日期"),
        _("结束原因"),
    ]
    rows = introductions.select_related("talent", "unit", "unit__county", "channel", "chain")
    for i in rows.iterator(chunk_size=CHUNK):
        yield [
            i.talent.name,
            mask_id_number(i.talent.id_number),
            i.unit.name,
            i.unit.credit_code,
            i.unit.county.name,
            i.get_mode_display(),
            i.get_manner_display(),
            i.introduced_on,
            str(i.channel) if i.channel else "",
            i.chain.name if i.chain else "",
            i.personnel_transferred_on,
            i.transferred_from,
            i.contract_start,
            i.contract_end,
            "、".join(i.service_form_labels),
            i.agreement_start,
            i.agreement_end,
            i.get_state_display(),
            i.decision_note,
            i.ended_on,
            i.end_reason,
        ]


def work_period_rows(periods: QuerySet[WorkPeriod]) -> Iterator[list]:
    yield [
        _("姓名"),
        _("公民身份号码"),
        _("用人单位"),
        _("起始日期"),
        _("终止日期"),
        _("天数（含首尾）"),
        _("工作内容"),
        _("登记人"),
        _("登记时间"),
    ]
    rows = periods.select_related("introduction__talent", "introduction__unit", "logged_by")
    for period in rows.iterator(chunk_size=CHUNK):
        talent = period.introduction.talent
        yield [
            talent.name,
            mask_id_number(talent.id_number),
            period.introduction.unit.name,
            period.start,
            period.end,
            inclusive_days(period.start, period.end),
            period.description,
            str(period.logged_by) if period.logged_by else "",
            timezone.localtime(period.logged_at).replace(tzinfo=None) if period.logged_at else None,
        ]
