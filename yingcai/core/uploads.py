"""Uploaded files, one checker for every upload of the platform (contracts, certification evidence,
policy attachments, import workbooks).

- What a file *is* is read from its content (its first bytes, and for the zip-based formats the
  parts inside), not from its name: an executable or a web page renamed `.pdf` is refused, with a
  Chinese message that names the field.
- It is stored under a random name with the extension of the type found (`accept_upload`); the
  name the user gave it is kept by the caller in a column, shown on the pages and used as the
  download's file name (`yingcai.core.files.serve_file`).
- The files and directories the storage writes get the modes of FILE_UPLOAD_PERMISSIONS and
  FILE_UPLOAD_DIRECTORY_PERMISSIONS (settings.py).
"""

import re
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileType:
    """A format an upload may have: the extension it is stored under, the extensions a user's
    file of this format may carry, what the clerk calls it, and the type it is served as."""

    extension: str
    extensions: tuple[str, ...]
    label: str
    content_type: str


PDF = FileType("pdf", ("pdf",), "PDF", "application/pdf")
OFD = FileType("ofd", ("ofd",), "OFD", "application/ofd")  # GB/T 33190, the state's layout format
DOCX = FileType("docx", ("docx",), "Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileType("xlsx", ("xlsx",), "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
DOC = FileType("doc", ("doc",), "Word", "application/msword")
XLS = FileType("xls", ("xls",), "Excel", "application/vnd.ms-excel")
JPEG = FileType("jpg", ("jpg", "jpeg"), "JPG", "image/jpeg")
PNG = FileType("png", ("png",), "PNG", "image/png")

# What offices exchange: the documents of a policy, the evidence of an application.
DOCUMENTS: tuple[FileType, ...] = (PDF, DOC, DOCX, XLS, XLSX, OFD, JPEG, PNG)
# A signed contract or agreement: scanned, printed to PDF/OFD, or the Word original.
CONTRACTS: tuple[FileType, ...] = (PDF, OFD, JPEG, PNG, DOC, DOCX)
# The import template.
WORKBOOKS: tuple[FileType, ...] = (XLSX,)

MB = 1024 * 1024

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of Word 97–2003 and Excel 97–2003
_ZIP = b"PK\x03\x04"  # the container of docx, xlsx and OFD
_HEADS: tuple[tuple[bytes, tuple[FileType, ...]], ...] = (
    (b"%PDF-", (PDF,)),
    (b"\x89PNG\r\n\x1a\n", (PNG,)),
    (b"\xff\xd8\xff", (JPEG,)),
    # Which of the two an OLE file holds is not told apart: both are office documents, and the
    # stored extension is the one the user declared of the two. One with macros is refused (detect).
    (_OLE, (DOC, XLS)),
)
# Every Word or Excel 97–2003 file that carries VBA macros has a stream of this name in its OLE
# directory (names are stored in UTF-16LE): such a file is refused like a .docm renamed .docx.
_OLE_MACROS = "_VBA_PROJECT".encode("utf-16-le")


def extension_of(filename: str) -> str:
    return PurePath(filename or "").suffix.lower().lstrip(".")


def describe(types: Sequence[FileType]) -> str:
    """The formats for a message or a help text: "PDF、Word（doc、docx）、JPG（jpg、jpeg）"."""
    by_label: dict[str, list[str]] = {}
    for kind in types:
        by_label.setdefault(kind.label, []).extend(kind.extensions)
    parts = []
    for label, extensions in by_label.items():
        parts.append(label if extensions == [label.lower()] else f"{label}（{'、'.join(extensions)}）")
    return "、".join(parts)


def accept_attribute(types: Sequence[FileType]) -> str:
    """The `accept` of an <input type=file>: ".pdf,.doc,…" (a hint to the browser; the server checks)."""
    return ",".join(f".{extension}" for kind in types for extension in kind.extensions)


def detect(file) -> tuple[FileType, ...]:
    """The formats the content of `file` can be, read from its bytes; () for anything else (an
    executable, a web page, a script, a plain zip, a macro-enabled Office file)."""
    head = _read_head(file, 16)
    if head.startswith(_OLE) and _ole_has_macros(file):
        return ()
    for signature, kinds in _HEADS:
        if head.startswith(signature):
            return kinds
    if head.startswith(_ZIP):
        return _zip_kind(file)
    return ()


def check_upload(file, *, field: str, types: Sequence[FileType], max_bytes: int) -> FileType:
    """The format of `file` if it is one of `types`, both by its extension and by its content, not
    empty and at most `max_bytes`; else a ValidationError whose Chinese message names `field`."""
    declared = extension_of(getattr(file, "name", ""))
    kind = next((k for k in types if declared in k.extensions), None)
    if kind is None:
        raise ValidationError(
            _("“%(field)s”不支持该文件格式。仅可上传 %(kinds)s 格式的文件。")
            % {"field": field, "kinds": describe(types)},
            code="file_type",
        )
    size = file.size
    if not size:
        raise ValidationError(_("“%(field)s”的文件为空，请重新选择。") % {"field": field}, code="file_empty")
    if size > max_bytes:
        raise ValidationError(
            _("“%(field)s”的文件过大（%(size)s MB），不能超过 %(limit)s MB。")
            % {"field": field, "size": f"{size / MB:.1f}", "limit": f"{max_bytes / MB:g}"},
            code="file_size",
        )
    if kind not in detect(file):
        raise ValidationError(
            _(
                "“%(field)s”的文件内容不是 %(kind)s 文件，与扩展名（.%(extension)s）不符。"
                "请确认文件未损坏、格式正确后重新上传。"
            )
            % {"field": field, "kind": kind.label, "extension": declared},
            code="file_content",
        )
    return kind


def client_name(filename: str, *, limit: int = 255) -> str:
    """The name the user gave the file, without a path or control characters, at most `limit`
    characters (the extension kept): for display and as the download's name only."""
    name = PurePath((filename or "").replace("\\", "/")).name
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip() or _("未命名文件")
    if len(name) > limit:
        stem, dot, extension = name.rpartition(".")
        keep = limit - len(extension) - 1
        name = f"{stem[:keep]}.{extension}" if dot and keep > 0 else name[:limit]
    return name


def random_name(kind: FileType) -> str:
    """A stored name that says nothing of whose file it is and cannot be guessed."""
    return f"{uuid.uuid4().hex}.{kind.extension}"


def accept_upload(file, *, field: str, types: Sequence[FileType], max_bytes: int) -> str:
    """Check `file` (see check_upload) and rename it to a random name with the extension of its
    format, so the storage never sees the user's name. Returns the user's name, to keep."""
    kind = check_upload(file, field=field, types=types, max_bytes=max_bytes)
    original = client_name(file.name)
    file.name = random_name(kind)
    return original


def content_type_of(stored_name: str) -> str:
    extension = extension_of(stored_name)
    for kind in (*DOCUMENTS, *CONTRACTS, *WORKBOOKS):
        if extension in kind.extensions:
            return kind.content_type
    return "application/octet-stream"


def file_response(file: FieldFile, *, filename: str, as_attachment: bool = True) -> FileResponse:
    """The former name of `yingcai.core.files.serve_file`, which serves every file."""
    from yingcai.core.files import serve_file  # here, not on top: files builds on this module

    return serve_file(file, filename=filename, inline=not as_attachment)


def _read_head(file, size: int) -> bytes:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        return file.read(size) or b""
    finally:
        file.seek(position)


def _ole_has_macros(file, chunk: int = 1 << 20) -> bool:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        tail = b""
        while block := file.read(chunk):
            if _OLE_MACROS in tail + block:
                return True
            tail = block[-len(_OLE_MACROS) :]
        return False
    finally:
        file.seek(position)


def _zip_kind(file) -> tuple[FileType, ...]:
    position = file.tell()
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return ()
    finally:
        file.seek(position)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        return ()  # macros: a .docm/.xlsm renamed .docx/.xlsx
    if "OFD.xml" in names:
        return (OFD,)
    if "[Content_Types].xml" not in names:
        return ()
    if any(name.startswith("word/") for name in names):
        return (DOCX,)
    if any(name.startswith("xl/") for name in names):
        return (XLSX,)
    return ()
