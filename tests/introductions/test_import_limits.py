"""The row cap of an import counts every row, blank or not, and reading stops there: a workbook
formatted down to row 1 048 576 (its declared size too) is refused after LAST_ROW rows, never read
to its end."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.introductions.test_imports import INTRO_HEADER, XLSX, workbook_bytes
from yingcai.introductions.imports import parsing
from yingcai.introductions.imports.columns import INTRODUCTION_COLUMNS
from yingcai.introductions.imports.parsing import LAST_ROW, MAX_ROWS, read_sheet
from yingcai.introductions.models import ImportJob
from yingcai.introductions.models.imports import ImportKind, ImportStatus

TOO_MANY = f"文件超过{LAST_ROW}行（空白行、示例行也计算在内），一次最多导入{MAX_ROWS}行。"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def with_blank_rows(content: bytes, count: int, *, first: int) -> bytes:
    """`content` with `count` formatted but empty rows from row `first` on, and a declared size
    of the whole sheet (A1:XFD1048576), as some programs write."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                rows = "".join(
                    f'<row r="{n}" s="1" customFormat="1"><c r="A{n}" s="1"/><c r="XFD{n}" s="1"/></row>'
                    for n in range(first, first + count)
                )
                text = data.decode().replace("</sheetData>", rows + "</sheetData>")
                text = re.sub(r"<dimension [^>]*/>", "", text)
                text = text.replace("<sheetData", '<dimension ref="A1:XFD1048576"/><sheetData', 1)
                data = text.encode()
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def two_rows() -> bytes:
    row = ["张三", "110101199003071234"] + [None] * (len(INTRO_HEADER) - 2)
    return workbook_bytes(INTRO_HEADER, [row, row])


def test_blank_rows_far_past_the_cap_make_the_file_too_long(client, unit_staff, django_capture_on_commit_callbacks):
    content = with_blank_rows(two_rows(), 10 * MAX_ROWS, first=4)
    client.force_login(unit_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("introductions:import"),
            {"kind": "introductions", "file": SimpleUploadedFile("引进.xlsx", content, content_type=XLSX)},
        )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert job.errors[0]["row"] == 0
    assert job.errors[0]["message"].startswith(TOO_MANY)
    assert "删除最后一行数据下方的所有空白行" in job.errors[0]["message"]
    assert not job.file  # the upload, which holds ID numbers, is gone


def test_reading_stops_at_the_cap_whatever_follows():
    header = tuple(str(c.label) for c in INTRODUCTION_COLUMNS)
    pulled = []

    def rows():
        yield header
        number = 1
        while True:
            number += 1
            if number > LAST_ROW + 1:
                raise AssertionError(f"row {number} was read: the reader went past the cap")
            pulled.append(number)
            yield (None,) * len(header)

    sheet = parsing._read_rows(rows(), INTRODUCTION_COLUMNS)
    assert sheet.errors[0].message.startswith(TOO_MANY)
    assert sheet.rows == []
    assert pulled[-1] == LAST_ROW + 1


def test_blank_rows_within_the_cap_are_ignored():
    content = with_blank_rows(two_rows(), 5000, first=4)
    sheet = read_sheet(io.BytesIO(content), ImportKind.INTRODUCTIONS)
    assert sheet.errors == []
    assert [row.number for row in sheet.rows] == [2, 3]
    assert sheet.rows[0].text("name") == "张三"


def test_the_last_allowed_row_is_read_and_the_next_is_too_many():
    base = two_rows()
    at_the_cap = with_blank_rows(base, LAST_ROW - 3, first=4)  # rows 4 … LAST_ROW
    assert read_sheet(io.BytesIO(at_the_cap), ImportKind.INTRODUCTIONS).errors == []
    past = with_blank_rows(base, LAST_ROW - 2, first=4)  # one more
    errors = read_sheet(io.BytesIO(past), ImportKind.INTRODUCTIONS).errors
    assert errors[0].message.startswith(TOO_MANY)


def test_a_workbook_that_unpacks_to_too_much_is_refused_unread(monkeypatch):
    monkeypatch.setattr(parsing, "MAX_UNPACKED_BYTES", 1024)
    monkeypatch.setattr(parsing, "load_workbook", lambda *a, **k: pytest.fail("the workbook was opened"))
    sheet = read_sheet(io.BytesIO(with_blank_rows(two_rows(), 100, first=4)), ImportKind.INTRODUCTIONS)
    assert sheet.errors[0].message == "文件解压后过大，无法导入：请删除多余的行、列和格式后重新上传。"
