"""The one upload checker: formats read from the content, messages naming the field, random stored
names, the user's name kept apart, and the response that serves a file back."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404

from tests.core import files
from yingcai.core import uploads
from yingcai.core.uploads import CONTRACTS, DOCUMENTS, MB, WORKBOOKS


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize(
    ("content", "kinds"),
    [
        (files.PDF, {"pdf"}),
        (files.PNG, {"png"}),
        (files.JPEG, {"jpg"}),
        (files.OLE, {"doc", "xls"}),
        (files.DOCX, {"docx"}),
        (files.XLSX, {"xlsx"}),
        (files.OFD, {"ofd"}),
        (files.EXE, set()),
        (files.HTML, set()),
        (files.ZIP, set()),
        (files.DOCM, set()),
        (files.OLE_MACROS, set()),
        (b"PK\x03\x04 a broken zip", set()),
        (b"", set()),
    ],
)
def test_the_format_is_read_from_the_content(content, kinds):
    upload = files.upload("whatever.bin", content)
    upload.seek(3)
    assert {kind.extension for kind in uploads.detect(upload)} == kinds
    assert upload.tell() == 3  # left where it was


@pytest.mark.parametrize(
    ("name", "content", "code", "message"),
    [
        ("合同.exe", files.EXE, "file_type", "“合同”不支持该文件格式。仅可上传 PDF、OFD、JPG（jpg、jpeg）、PNG、Word（doc、docx） 格式的文件。"),
        ("合同.pdf", b"", "file_empty", "“合同”的文件为空，请重新选择。"),
        ("合同.pdf", files.PDF + b"0" * 2 * MB, "file_size", "“合同”的文件过大（2.0 MB），不能超过 2 MB。"),
        ("合同.pdf", files.EXE, "file_content", "“合同”的文件内容不是 PDF 文件，与扩展名（.pdf）不符。请确认文件未损坏、格式正确后重新上传。"),
        ("合同.docx", files.ZIP, "file_content", "“合同”的文件内容不是 Word 文件，与扩展名（.docx）不符。请确认文件未损坏、格式正确后重新上传。"),
    ],
)  # fmt: skip
def test_refusals_name_the_field(name, content, code, message):
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(files.upload(name, content), field="合同", types=CONTRACTS, max_bytes=2 * MB)
    assert refused.value.code == code
    assert refused.value.messages == [message]


def test_an_accepted_file_gets_a_random_name_with_the_extension_of_its_format():
    upload = files.upload("C:\\fakepath\\张三\x07的 学位证书.JPEG", files.JPEG)
    original = uploads.accept_upload(upload, field="材料", types=DOCUMENTS, max_bytes=1024)
    assert original == "张三的 学位证书.JPEG"
    stem, extension = upload.name.split(".")
    assert extension == "jpg" and len(stem) == 32 and int(stem, 16) >= 0
    again = files.upload("张三的 学位证书.JPEG", files.JPEG)
    uploads.accept_upload(again, field="材料", types=DOCUMENTS, max_bytes=1024)
    assert again.name != upload.name


def test_a_long_name_keeps_its_extension():
    assert uploads.client_name("长" * 300 + ".pdf") == "长" * 251 + ".pdf"
    assert uploads.client_name("", limit=10) == "未命名文件"


def test_only_the_formats_of_the_field_are_accepted():
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(files.upload("汇总.pdf", files.PDF), field="Excel文件", types=WORKBOOKS, max_bytes=1024)
    assert refused.value.code == "file_type"


def test_the_accept_attribute_lists_every_extension():
    assert uploads.accept_attribute(CONTRACTS) == ".pdf,.ofd,.jpg,.jpeg,.png,.doc,.docx"


class _Stored:
    """What a FileField gives back: a name in the storage and open()."""

    def __init__(self, name: str) -> None:
        self.name = name

    def open(self, mode: str):
        return default_storage.open(self.name, mode)


def test_a_file_is_served_as_its_stored_format_under_the_users_name():
    name = default_storage.save("x/0123abcd.pdf", ContentFile(files.PDF))
    response = uploads.file_response(_Stored(name), filename="张三 合同.html")
    assert response["Content-Type"] == "application/pdf"  # never text/html from the user's name
    assert (
        response["Content-Disposition"] == "attachment; filename*=utf-8''%E5%BC%A0%E4%B8%89%20%E5%90%88%E5%90%8C.html"
    )
    assert b"".join(response.streaming_content) == files.PDF
    response.file_to_stream.close()  # as the server closes it once sent (here without request_finished)


def test_a_missing_file_is_a_404():
    with pytest.raises(Http404):
        uploads.file_response(_Stored("x/missing.pdf"), filename="a.pdf")


def test_detect_reads_a_file_object_too():
    assert uploads.detect(io.BytesIO(files.XLSX)) == (uploads.XLSX,)
