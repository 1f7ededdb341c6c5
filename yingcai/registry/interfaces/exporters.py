"""Real .xlsx exports of what the user may see, with personal data masked, streamed row by row.

The registry's own (large) exports run on the task queue: see `yingcai.registry.domain.exports`."""

from collections.abc import Iterable, Iterator

from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from yingcai.audit.domain import record
from yingcai.audit.models import AuditAction
from yingcai.core.files import serve_content
from yingcai.core.xlsx import write_xlsx
from yingcai.registry.domain.masking import mask_id_number, mask_id_numbers_in_query, mask_phone
from yingcai.registry.models import Talent, Unit

CHUNK = 2000


def unit_rows(units: QuerySet[Unit]) -> Iterator[list]:
    yield [
        _("单位名称"),
        _("统一社会信用代码"),
        _("单位类型"),
        _("所在县区"),
        _("主管部门"),
        _("产业链"),
        _("联系人"),
        _("联系电话"),
        _("状态"),
    ]
    for unit in units.iterator(chunk_size=CHUNK):
        yield [
            unit.name,
            unit.credit_code,
            unit.get_kind_display(),
            unit.county.name,
            unit.department.name if unit.department else "",
            "、".join(c.name for c in unit.chains.all()),
            unit.contact_name,
            mask_phone(unit.contact_phone) if unit.contact_phone else "",
            _("有效") if unit.is_active else _("无效"),
        ]


def talent_rows(talents: QuerySet[Talent]) -> Iterator[list]:
    yield [
        _("姓名"),
        _("公民身份号码"),
        _("性别"),
        _("出生年份"),
        _("学历"),
        _("职称"),
        _("专业方向"),
        _("关键技术领域"),
        _("产业链"),
        _("所在单位"),
        _("海外经历"),
        _("手机号码"),
    ]
    for talent in talents.iterator(chunk_size=CHUNK):
        yield [
            talent.name,
            mask_id_number(talent.id_number),
            talent.get_gender_display(),
            talent.birth_date.year,
            talent.get_education_display(),
            talent.get_title_display(),
            talent.specialty,
            talent.tech_field.name if talent.tech_field else "",
            talent.chain.name if talent.chain else "",
            "、".join(a.unit.name for a in talent.current_affiliations),
            _("是") if talent.has_overseas_experience else _("否"),
            mask_phone(talent.phone) if talent.phone else "",
        ]


def export_response(
    request: HttpRequest, *, title: str, rows: Iterable[list], filename: str, target_model: type[Model]
) -> FileResponse:
    buffer, count = write_xlsx(title, rows)
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        changes={
            "what": target_model._meta.label,
            "rows": count,
            "filters": mask_id_numbers_in_query(request.GET.urlencode()),
        },
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return serve_content(
        buffer,
        filename=f"{filename}-{stamp}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
