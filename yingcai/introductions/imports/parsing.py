"""Reading an uploaded workbook into rows, and reading the values clerks type into cells.

Columns are found by their Chinese header, so a clerk may reorder or add columns. Rows are numbered
as Excel numbers them, so every refusal can say "第N行".
"""

import datetime
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel

from yingcai.introductions.imports.columns import COLUMNS, EXAMPLE_MARK, Column
from yingcai.registry.validators import normalize_credit_code, normalize_id_number

MAX_ROWS = 20_000  # data rows one import may hold
# Every row of the sheet counts, blank or not: the header, the example row and MAX_ROWS rows may be
# used, and nothing past this row is ever read (a sheet formatted down to row 1 048 576 would
# otherwise be read to its end, blank row by blank row).
LAST_ROW = MAX_ROWS + 2
# Columns read of each row: the template has about 20; a row whose formatting runs to column XFD
# must not become 16 384 values.
MAX_COLUMNS = 100
# The unpacked size of the workbook's parts: a small .xlsx can unpack to gigabytes of XML.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
FILE = 0  # the row number of a refusal that concerns the whole file


@dataclass(frozen=True)
class RowError:
    """Why a row (its number as Excel shows it; 0 for the whole file) cannot be imported."""

    row: int
    column: str
    message: str
    name: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message, "name": self.name}


@dataclass
class SheetRow:
    number: int
    values: dict[str, Any]

    def text(self, key: str) -> str:
        return cell_text(self.values.get(key))


@dataclass
class Sheet:
    rows: list[SheetRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class CellError(ValueError):
    """A cell whose value cannot be read as what its column asks for; the message says why."""


def read_sheet(file: IO[bytes], kind: str) -> Sheet:
    """The data rows of the first worksheet of `file`, by column key, or the reasons it cannot be
    read (missing columns, too many rows, not an .xlsx file)."""
    try:
        if _unpacked_size(file) > MAX_UNPACKED_BYTES:
            return Sheet(
                errors=[RowError(FILE, "", _("文件解压后过大，无法导入：请删除多余的行、列和格式后重新上传。"))]
            )
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # zipfile, XML and openpyxl errors alike: the file is not a workbook we can read
        return Sheet(errors=[RowError(FILE, "", _("无法读取该文件：请上传使用本系统模板填写的 .xlsx 文件。"))])
    try:
        worksheet = workbook.worksheets[0]
        # The size written in the file may be wrong, or huge: ignore it, read the rows that are
        # there, and stop at the cap (_read_rows).
        worksheet.reset_dimensions()
        return _read_rows(worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), COLUMNS[kind])
    finally:
        workbook.close()


def _unpacked_size(file: IO[bytes]) -> int:
    """What the parts of the .xlsx declare they unpack to (zipfile never reads a part past the size
    it declares)."""
    position = file.tell()
    try:
        with zipfile.ZipFile(file) as archive:
            return sum(info.file_size for info in archive.infolist())
    finally:
        file.seek(position)


def _read_rows(rows, columns: Sequence[Column]) -> Sheet:
    sheet = Sheet()
    header = next(rows, None)
    positions, errors = _map_header(header or (), columns)
    if errors:
        sheet.errors = errors
        return sheet
    for number, cells in enumerate(rows, start=2):
        if number > LAST_ROW:
            # Stop here, whatever follows: blank rows count like any other.
            sheet.errors = [
                RowError(
                    FILE,
                    "",
                    _(
                        "文件超过%(last)s行（空白行、示例行也计算在内），一次最多导入%(max)s行。"
                        "如数据没有这么多行，请在Excel中删除最后一行数据下方的所有空白行后重新上传；否则请分成几个文件导入。"
                    )
                    % {"last": LAST_ROW, "max": MAX_ROWS},
                )
            ]
            sheet.rows = []
            return sheet
        values = {key: _clean(cells[i]) if i < len(cells) else None for key, i in positions.items()}
        if all(v is None for v in values.values()):
            continue
        if cell_text(values.get("name")).endswith(EXAMPLE_MARK):
            continue
        if len(sheet.rows) == MAX_ROWS:
            sheet.errors = [RowError(FILE, "", _("一次最多导入%(max)s行，请分成几个文件导入。") % {"max": MAX_ROWS})]
            sheet.rows = []
            return sheet
        sheet.rows.append(SheetRow(number, values))
    if not sheet.rows:
        sheet.errors = [RowError(FILE, "", _("文件中没有可导入的数据行（第1行为表头，示例行不导入）。"))]
    return sheet


def _map_header(header: Sequence[Any], columns: Sequence[Column]) -> tuple[dict[str, int], list[RowError]]:
    by_label = {_header_key(str(c.label)): c for c in columns}
    positions: dict[str, int] = {}
    errors = []
    for i, value in enumerate(header):
        column = by_label.get(_header_key(cell_text(value)))
        if column is None:
            continue
        if column.key in positions:
            errors.append(RowError(1, str(column.label), _("表头中“%(label)s”出现了两次。") % {"label": column.label}))
        positions[column.key] = i
    missing = [str(c.label) for c in columns if c.required and c.key not in positions]
    if missing:
        errors.append(
            RowError(
                1,
                "、".join(missing),
                _("表头缺少必填列：%(columns)s。请使用本系统提供的导入模板。") % {"columns": "、".join(missing)},
            )
        )
    return positions, errors


def _header_key(text: str) -> str:
    # "姓名*" and "姓名 （必填）" are the 姓名 column.
    text = re.sub(r"[\s*＊]", "", text)
    return re.sub(r"[（(][^）)]*[）)]$", "", text)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("\u00a0", " ").replace("\u200b", "").strip()
        return value or None
    return value


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return str(value).strip()


_DATE_PATTERNS = (
    re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)


def cell_date(value: Any) -> datetime.date | None:
    """A date from a date cell, an Excel serial number or text such as 2025-03-01, 2025/3/1,
    2025.3.1, 2025年3月1日 or 20250301; None for an empty cell."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 19000101 <= value <= 29991231 and float(value).is_integer():
            return cell_date(str(int(value)))
        if 1 <= value < 2_958_466:  # a date cell without its date format: Excel's serial day number
            return from_excel(value).date()
    if isinstance(value, str):
        for pattern in _DATE_PATTERNS:
            match = pattern.fullmatch(value.strip())
            if match:
                try:
                    return datetime.date(*(int(part) for part in match.groups()))
                except ValueError:
                    break
    raise CellError(_("日期“%(value)s”无法识别，请填写如 2025-03-01 的日期。") % {"value": cell_text(value)})


def cell_id_number(value: Any) -> str:
    """The ID number as text; a number cell has already lost digits (Excel keeps 15)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(_("公民身份号码被Excel当作数字保存，后几位可能已丢失：请把该列设为“文本”格式后重新填写。"))
    return normalize_id_number(cell_text(value)).upper()


def cell_credit_code(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(_("统一社会信用代码被Excel当作数字保存：请把该列设为“文本”格式后重新填写。"))
    return normalize_credit_code(cell_text(value)).upper()
