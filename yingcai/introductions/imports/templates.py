"""The .xlsx templates the app hands out for imports: Chinese headers, one example row, drop-down
lists for every choice column, date columns formatted as dates, and a "填写说明" sheet."""

import datetime
import io
from collections import Counter
from collections.abc import Sequence

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from yingcai.accounts.rules import is_unit_staff
from yingcai.core.xlsx import set_cell
from yingcai.introductions.domain.channels import active_channels
from yingcai.introductions.domain.rule_copy import rule_values
from yingcai.introductions.enums import IntroductionManner, IntroductionMode, ServiceForm
from yingcai.introductions.imports.columns import (
    CHOICE,
    COLUMNS,
    CREDIT_CODE,
    DATE,
    EXAMPLE_CREDIT_CODE,
    EXAMPLE_ID_NUMBER,
    EXAMPLE_NAME,
    ID_NUMBER,
    MULTI_CHOICE,
    Column,
)
from yingcai.introductions.imports.domain import channel_label
from yingcai.introductions.imports.parsing import LAST_ROW, MAX_ROWS
from yingcai.introductions.models.imports import ImportKind
from yingcai.registry.models import IndustryChain

DATA_SHEET = {ImportKind.INTRODUCTIONS: "引进记录", ImportKind.WORK_PERIODS: "在岗工作时段"}
LISTS_SHEET = "下拉选项"
DATE_FORMAT = "yyyy-mm-dd"

HEADER_FILL = PatternFill("solid", fgColor="DCE6F5")
EXAMPLE_FONT = Font(italic=True, color="808080")


def build_template(*, kind: str, by) -> bytes:
    """The template workbook for `kind`, with the example row filled for `by` (a unit's own code)."""
    with translation.override(settings.LANGUAGE_CODE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = DATA_SHEET[ImportKind(kind)]
        columns = COLUMNS[ImportKind(kind)]
        lists = _choice_lists(kind)
        _write_header(sheet, columns, by)
        _write_example(sheet, columns, _example(kind, by))
        _add_lists(workbook, sheet, columns, lists)
        _write_instructions(workbook.create_sheet("填写说明"), kind, columns, by)
        buffer = io.BytesIO()
        workbook.save(buffer)
    return buffer.getvalue()


def template_filename(kind: str) -> str:
    return {ImportKind.INTRODUCTIONS: "引进记录导入模板.xlsx", ImportKind.WORK_PERIODS: "在岗工作时段导入模板.xlsx"}[
        ImportKind(kind)
    ]


def _choice_lists(kind: str) -> dict[str, list[str]]:
    if kind != ImportKind.INTRODUCTIONS:
        return {}
    channels = list(active_channels().order_by("kind", "name"))
    repeated = Counter(c.name for c in channels)
    forms = [str(label) for _value, label in ServiceForm.choices]
    return {
        "mode": [str(label) for _value, label in IntroductionMode.choices],
        "manner": [str(label) for _value, label in IntroductionManner.choices],
        "channel": [channel_label(c, unique=repeated[c.name] == 1) for c in channels],
        "chain": list(IndustryChain.objects.order_by("code").values_list("name", flat=True)),
        # Every combination of the three forms, in their order, so several can be picked too.
        "service_forms": [
            "、".join(f for i, f in enumerate(forms) if mask >> i & 1) for mask in range(1, 2 ** len(forms))
        ],
    }


def _write_header(sheet: Worksheet, columns: Sequence[Column], by) -> None:
    for index, column in enumerate(columns, start=1):
        cell = set_cell(sheet, row=1, column=index, value=str(column.label))
        required = column.required or (column.kind == CREDIT_CODE and not is_unit_staff(by))
        cell.font = Font(bold=True, color="C00000" if required else "000000")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        note = (_("必填。") if required else "") + column_note(column)
        cell.comment = Comment(note, "yingcai", width=260, height=90)
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        # Typed values keep their kind: numbers stay text (an 18-digit number loses digits), dates are dates.
        if column.kind in (ID_NUMBER, CREDIT_CODE):
            sheet.column_dimensions[letter].number_format = "@"
        elif column.kind == DATE:
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "C2"


def _example(kind: str, by) -> dict[str, object]:
    today = datetime.date.today()
    start = datetime.date(today.year, 1, 1)
    if kind == ImportKind.WORK_PERIODS:
        return {
            "name": EXAMPLE_NAME,
            "id_number": EXAMPLE_ID_NUMBER,
            "start": start,
            "end": start + datetime.timedelta(days=30),
            "description": _("联合攻关项目技术指导"),
        }
    unit_code = by.unit.credit_code if is_unit_staff(by) else EXAMPLE_CREDIT_CODE
    return {
        "name": EXAMPLE_NAME,
        "id_number": EXAMPLE_ID_NUMBER,
        "credit_code": unit_code,
        "mode": str(IntroductionMode.FULL_TIME.label),
        "manner": str(IntroductionManner.INDIVIDUAL.label),
        "introduced_on": start,
        "personnel_transferred_on": start,
        "transferred_from": _("郑州大学"),
        "contract_start": start,
        "contract_end": datetime.date(start.year + 3, 1, 1) - datetime.timedelta(days=1),
    }


def _write_example(sheet: Worksheet, columns: Sequence[Column], values: dict[str, object]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = set_cell(sheet, row=2, column=index, value=values.get(column.key))
        cell.font = EXAMPLE_FONT
        if column.kind == DATE:
            cell.number_format = DATE_FORMAT
        elif column.kind in (ID_NUMBER, CREDIT_CODE):
            cell.number_format = "@"


def _add_lists(workbook: Workbook, sheet: Worksheet, columns: Sequence[Column], lists: dict[str, list[str]]) -> None:
    """Drop-down lists: the values live on a hidden sheet (a list typed into the validation itself
    may hold only 255 characters), and each choice column points at its range."""
    options = workbook.create_sheet(LISTS_SHEET)
    options.sheet_state = "hidden"
    list_column = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        target = f"{letter}2:{letter}{LAST_ROW}"
        if column.kind == DATE:
            validation = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(1950,1,1)",
                formula2="DATE(2099,12,31)",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("日期格式不正确"),
                error=_("请填写日期，如 2025-03-01。"),
            )
        elif column.kind in (CHOICE, MULTI_CHOICE) and lists.get(column.key):
            values = lists[column.key]
            list_column += 1
            list_letter = get_column_letter(list_column)
            set_cell(options, row=1, column=list_column, value=str(column.label))
            for row, value in enumerate(values, start=2):
                set_cell(options, row=row, column=list_column, value=value)
            validation = DataValidation(
                type="list",
                formula1=f"'{LISTS_SHEET}'!${list_letter}$2:${list_letter}${len(values) + 1}",
                allow_blank=True,
                showErrorMessage=True,
                # Several 服务方式 may be typed in any order: warn, do not forbid.
                errorStyle="warning" if column.kind == MULTI_CHOICE else "stop",
                errorTitle=_("请从下拉列表选择"),
                error=_("请从下拉列表中选择%(column)s。") % {"column": column.label},
            )
        else:
            continue
        validation.add(target)
        sheet.add_data_validation(validation)


def column_note(column: Column) -> str:
    """A column's note, with the rule values it quotes (%(years)s, %(days)s) read from the rules in force."""
    note = str(column.note)
    return note % rule_values() if "%(" in note else note


def _write_instructions(sheet: Worksheet, kind: str, columns: Sequence[Column], by) -> None:
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 90
    title = set_cell(sheet, row=1, column=1, value=_("填写说明"))
    title.font = Font(bold=True, size=14)
    general = [
        _("1. 第1行为表头，请勿修改列名；第2行为示例（姓名带“（示例）”字样），导入时不会导入，可删除。"),
        _("2. 每行一条记录；一次最多导入%(max)s行。日期请按 2025-03-01 填写，选择项请从下拉列表选择。")
        % {"max": MAX_ROWS},
        _(
            "3. 导入时逐行校验：只要有一行不符合要求，整个文件都不导入，页面会列出每一行的错误及原因，改正后重新上传即可。"
        ),
        _("4. 人才须已登记在人才库，并在用人单位任职；姓名须与人才库登记一致。"),
    ]
    if kind == ImportKind.INTRODUCTIONS:
        general += [
            _(
                "5. 全职引进须填写人事关系转入日期、转出单位/地区和合同起止日期，合同期限须%(years)s年以上（含%(years)s年，第七条）；"
                "柔性引进须填写服务方式和协议起止日期，另一种方式的列导入时不予保存。"
            )
            % rule_values(),
            _("6. 同一人在一个文件中只能出现一次；已有未结束引进记录的人才不能重复导入。"),
            _("7. 导入的引进记录为草稿：全职引进请在引进记录页面上传合同文件后提交审核。"),
        ]
        if is_unit_staff(by):
            general.append(_("8. 用人单位只能导入本单位的引进记录，“用人单位统一社会信用代码”可留空。"))
    else:
        general += [
            _(
                "5. 只有柔性引进人才需要登记在岗工作时段（第八条：每年累计不少于%(days)s天）；起止两日均计入，时段可不连续，"
                "重叠部分不重复计算。"
            )
            % rule_values(),
            _("6. 工作时段须在柔性引进协议期内，且不晚于今天；同一人的同一时段不能重复导入。"),
        ]
    row = 2
    for line in general:
        row += 1
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        cell = set_cell(sheet, row=row, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 32
    row += 2
    for index, heading in enumerate((_("列名"), _("是否必填"), _("填写要求")), start=1):
        cell = set_cell(sheet, row=row, column=index, value=heading)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for column in columns:
        row += 1
        required = column.required or (column.kind == CREDIT_CODE and not is_unit_staff(by))
        set_cell(sheet, row=row, column=1, value=str(column.label))
        set_cell(sheet, row=row, column=2, value=_("必填") if required else _("选填"))
        set_cell(sheet, row=row, column=3, value=column_note(column)).alignment = Alignment(wrap_text=True)
