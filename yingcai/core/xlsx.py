"""Writing .xlsx files the platform hands out: one writer, and text that is never a formula.

Formula injection (OWASP "CSV injection"): a name such as ``=HYPERLINK("http://x","y")`` written
as it is becomes a live formula when a clerk opens the export. Every cell value goes through
`cell_value` / `text_cell`: text that Excel would read as a formula (it starts with = + - @, a tab
or a carriage return) is written as an explicit string, flagged with Excel's own quote prefix
(the apostrophe a user types), so it shows exactly as typed and stays text even when the cell is
edited. Numbers, dates and booleans are written as they are (a negative amount stays a number).
"""

import tempfile
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F5")
SPOOL_IN_MEMORY = 32 * 1024 * 1024


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(cell: Cell) -> Cell:
    """Make `cell` hold its value as a string, never a formula."""
    if is_formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def text_cell(sheet, value: Any) -> Any:
    """A value for a write-only sheet's `append`: itself, or a string cell if it looks like a formula."""
    if not is_formula_like(value):
        return value
    return as_text(WriteOnlyCell(sheet, value=value))


def set_cell(sheet: Worksheet, *, row: int, column: int, value: Any) -> Cell:
    """`sheet.cell(row, column, value)` of an ordinary worksheet, never a formula."""
    return as_text(sheet.cell(row=row, column=column, value=value))


def write_workbook(
    title: str,
    rows: Iterable[list],
    out: BinaryIO,
    *,
    on_progress: Callable[[int], None] | None = None,
    every: int = 1000,
) -> int:
    """Stream `rows` (the first is the header) into an .xlsx written to `out`; returns the data rows.

    Write-only mode keeps memory flat however many rows there are; `on_progress(n)` is called
    every `every` data rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    count = -1
    for count, row in enumerate(rows):
        if count == 0:
            cells = []
            for value in row:
                cell = as_text(WriteOnlyCell(sheet, value=value))
                cell.font, cell.fill = HEADER_FONT, HEADER_FILL
                cells.append(cell)
            sheet.freeze_panes = "A2"
            sheet.append(cells)
        else:
            sheet.append([text_cell(sheet, value) for value in row])
            if on_progress is not None and count % every == 0:
                on_progress(count)
    workbook.save(out)
    return max(count, 0)


def write_xlsx(title: str, rows: Iterable[list]) -> tuple[tempfile.SpooledTemporaryFile, int]:
    """The workbook of `rows` in a rewound temporary file (the caller, or FileResponse, closes it)."""
    buffer = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - FileResponse closes it
    count = write_workbook(title, rows, buffer)
    buffer.seek(0)
    return buffer, count
