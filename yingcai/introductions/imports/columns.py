"""The columns of the two import templates, shared by the template, the reader and the checks.

Column keys are the names of the model fields they fill, so a refusal the domain raises for a
field (`contract_end`) points back at the column a clerk typed it in (合同终止日期).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from yingcai.introductions.models.imports import ImportKind

TEXT, ID_NUMBER, CREDIT_CODE, DATE, CHOICE, MULTI_CHOICE = "text", "id_number", "credit_code", "date", "choice", "multi"

# The template's example row: its name carries the mark, and rows so marked are not imported.
EXAMPLE_MARK = "（示例）"
EXAMPLE_NAME = "张三" + EXAMPLE_MARK
EXAMPLE_ID_NUMBER = "410402199001010019"  # valid per GB 11643, fictitious
EXAMPLE_CREDIT_CODE = "9141040029141777X4"  # valid per GB 32100, fictitious
# What separates several 服务方式 in one cell (the template asks for 、).
MULTI_SEPARATORS = "、,，;；/ "


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    kind: str
    required: bool
    width: int
    note: str | Promise


INTRODUCTION_COLUMNS = (
    Column("name", _("姓名"), TEXT, True, 12, _("须与人才库中登记的姓名一致。")),
    Column(
        "id_number",
        _("公民身份号码"),
        ID_NUMBER,
        True,
        22,
        _("18位，末位可为X；该人才须已登记在人才库并在用人单位任职。"),
    ),
    Column(
        "credit_code",
        _("用人单位统一社会信用代码"),
        CREDIT_CODE,
        False,
        24,
        _("市委人才办导入时必填；用人单位导入时可留空，默认为本单位，且只能填写本单位的代码。"),
    ),
    Column("mode", _("引进方式"), CHOICE, True, 12, _("从下拉列表选择：全职引进或柔性引进（第七条）。")),
    Column("manner", _("引进形式"), CHOICE, True, 12, _("从下拉列表选择：个别引进、集中引进或自主引进（第八条）。")),
    Column("introduced_on", _("引进日期"), DATE, True, 13, _("日期，如 2025-03-01。")),
    Column("channel", _("引才渠道"), CHOICE, False, 26, _("可留空；从下拉列表选择引才活动、平台或市场主体等渠道。")),
    Column("chain", _("服务产业链"), CHOICE, False, 20, _("可留空；从下拉列表选择7群12链中的产业链。")),
    Column("personnel_transferred_on", _("人事关系转入日期"), DATE, False, 16, _("全职引进必填。")),
    Column("transferred_from", _("人事关系转出单位/地区"), TEXT, False, 22, _("全职引进必填。")),
    Column("contract_start", _("合同起始日期"), DATE, False, 14, _("全职引进必填。")),
    Column(
        "contract_end",
        _("合同终止日期"),
        DATE,
        False,
        14,
        # %(years)s: the rule in force when the template is made (imports.templates.column_note).
        _("全职引进必填；合同期限须%(years)s年以上（含%(years)s年，首尾两日均计入），以现行政策规则为准。"),
    ),
    Column(
        "service_forms",
        _("服务方式"),
        MULTI_CHOICE,
        False,
        22,
        _("柔性引进必填；项目合作、技术咨询、兼职服务，可多选，用顿号“、”分隔。"),
    ),
    Column("agreement_start", _("协议起始日期"), DATE, False, 14, _("柔性引进必填。")),
    Column("agreement_end", _("协议终止日期"), DATE, False, 14, _("柔性引进必填。")),
)

WORK_PERIOD_COLUMNS = (
    Column("name", _("姓名"), TEXT, True, 12, _("须与人才库中登记的姓名一致。")),
    Column("id_number", _("公民身份号码"), ID_NUMBER, True, 22, _("18位，末位可为X；须为本单位柔性引进的人才。")),
    Column("start", _("起始日期"), DATE, True, 13, _("日期，如 2025-03-01。")),
    Column(
        "end",
        _("终止日期"),
        DATE,
        True,
        13,
        _("起止两日均计入；须在柔性引进协议期内，且不晚于今天。"),
    ),
    Column("description", _("工作内容"), TEXT, True, 40, _("在引进单位完成的工作，255字以内。")),
)

COLUMNS = {ImportKind.INTRODUCTIONS: INTRODUCTION_COLUMNS, ImportKind.WORK_PERIODS: WORK_PERIOD_COLUMNS}

# Where a refusal about something that is not itself a column (the talent, the whole row) points.
FIELD_ALIASES = {"talent": "id_number", "introduction": "id_number", "unit": "credit_code"}


def column_label(kind: str, key: str) -> str:
    """The header a domain field's error belongs under ('' when it concerns the whole row)."""
    key = FIELD_ALIASES.get(key, key)
    for column in COLUMNS[kind]:
        if column.key == key:
            return str(column.label)
    return ""
