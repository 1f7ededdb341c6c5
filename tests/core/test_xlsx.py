"""The one .xlsx writer: text that looks like a formula stays text (OWASP formula injection)."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from yingcai.core.xlsx import set_cell, write_workbook

ATTACKS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1", "=1+1"]


def _read(buffer) -> list:
    buffer.seek(0)
    return list(load_workbook(buffer).active.iter_rows())


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_like_text_is_written_as_text(text):
    out = io.BytesIO()
    write_workbook("表", [["姓名", "金额"], [text, -5], ["张三", 3.5]], out)
    rows = _read(out)
    assert all(cell.data_type != "f" for row in rows for cell in row)
    # Readable, exactly as typed (XML reads a carriage return as a line feed).
    assert rows[1][0].value == text.replace("\r", "\n")
    assert rows[1][0].data_type == "s"
    assert rows[1][0].quotePrefix  # stays text when a clerk edits the cell
    assert rows[1][1].value == -5 and rows[1][1].data_type == "n"  # a negative number stays a number
    assert rows[2][0].value == "张三" and not rows[2][0].quotePrefix


def test_a_header_that_looks_like_a_formula_is_text_too():
    out = io.BytesIO()
    write_workbook("表", [["=1+1"]], out)
    (header,) = _read(out)[0]
    assert header.data_type == "s" and header.value == "=1+1"


def test_set_cell_on_an_ordinary_sheet():
    workbook = Workbook()
    set_cell(workbook.active, row=1, column=1, value='=HYPERLINK("http://x","y")')
    set_cell(workbook.active, row=1, column=2, value=-7)
    out = io.BytesIO()
    workbook.save(out)
    (row,) = _read(out)
    assert row[0].data_type == "s" and row[0].value.startswith("=HYPERLINK")
    assert row[1].value == -7 and row[1].data_type == "n"
