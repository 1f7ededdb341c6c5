"""One helper serves every file: the same safe name (RFC 5987 for non-ASCII), nosniff and
`Cache-Control: private, no-store` on a stored upload, a workbook, an archive or a certificate."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from tests.core import files as samples
from yingcai.core.files import serve_content, serve_file


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class _Stored:
    def __init__(self, name: str) -> None:
        self.name = name

    def open(self, mode: str):
        return default_storage.open(self.name, mode)


def cache_control(response) -> set[str]:
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_stored_file_is_a_private_download_of_its_stored_format():
    name = default_storage.save("x/0123abcd.pdf", ContentFile(samples.PDF))
    response = serve_file(_Stored(name), filename="学位证书.html")
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E5%AD%A6%E4%BD%8D%E8%AF%81%E4%B9%A6.html"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert {"private", "no-store"} <= cache_control(response)
    assert b"".join(response.streaming_content) == samples.PDF
    response.file_to_stream.close()


def test_inline_only_when_asked():
    name = default_storage.save("x/0123abcd.pdf", ContentFile(samples.PDF))
    for inline, expected in ((True, 'inline; filename="a.pdf"'), (False, 'attachment; filename="a.pdf"')):
        response = serve_file(_Stored(name), filename="a.pdf", inline=inline)
        assert response["Content-Disposition"] == expected
        response.file_to_stream.close()  # as the server does once it is sent


def test_a_missing_stored_file_is_a_404():
    with pytest.raises(Http404):
        serve_file(_Stored("x/missing.pdf"), filename="a.pdf")


@pytest.mark.parametrize(
    ("given", "disposition"),
    [
        ('../../etc/pass"wd.pdf', 'attachment; filename="pass\\"wd.pdf"'),  # no path; the quote escaped
        ("C:\\Users\\张三\\合同.pdf", "attachment; filename*=utf-8''%E5%90%88%E5%90%8C.pdf"),
        ("a\r\nSet-Cookie: x=1.pdf", 'attachment; filename="aSet-Cookie: x=1.pdf"'),  # no header splitting
        ("", "attachment; filename*=utf-8''%E6%9C%AA%E5%91%BD%E5%90%8D%E6%96%87%E4%BB%B6"),
    ],
)
def test_the_name_is_made_safe(given, disposition):
    response = serve_content(b"x", filename=given, content_type="application/pdf")
    assert response["Content-Disposition"] == disposition


def test_bytes_are_answered_whole_and_files_streamed():
    whole = serve_content(b"%PDF-1.7", filename="YC2026-0001.pdf", content_type="application/pdf", inline=True)
    assert whole.content == b"%PDF-1.7"
    assert whole["Content-Disposition"] == 'inline; filename="YC2026-0001.pdf"'
    assert whole["X-Content-Type-Options"] == "nosniff" and {"private", "no-store"} <= cache_control(whole)
    streamed = serve_content(io.BytesIO(b"PK"), filename="导出.xlsx", content_type="application/zip")
    assert isinstance(streamed, FileResponse)
    assert b"".join(streamed.streaming_content) == b"PK"
    assert streamed["Content-Type"] == "application/zip"
    assert {"private", "no-store"} <= cache_control(streamed)
