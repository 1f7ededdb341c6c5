"""What a policy attachment may be: the formats government offices exchange documents in, and a
size a reader can still download on a slow line."""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04",)  # docx, xlsx and OFD (GB/T 33190) are zip containers
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # legacy Word and Excel
# The first bytes each accepted extension must start with, so that a renamed file
# (an .exe or .html called .pdf) is refused rather than handed to the public.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": _PDF,
    "doc": _OLE,
    "docx": _ZIP,
    "xls": _OLE,
    "xlsx": _ZIP,
    "ofd": _ZIP,
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}


def attachment_extension(filename: str) -> str:
    return PurePath(filename or "").suffix.lower().lstrip(".")


def validate_attachment(file) -> None:
    """Refuse a file of another format, an empty one, one over 20 MB, or one whose content does
    not match its extension. Messages are written for the clerk who picked the file."""
    extension = attachment_extension(getattr(file, "name", ""))
    if extension not in SIGNATURES:
        raise ValidationError(
            _("不支持该文件格式。仅可上传 PDF、Word（doc、docx）、Excel（xls、xlsx）、OFD、JPG、PNG 格式的文件。"),
            code="file_type",
        )
    size = file.size
    if not size:
        raise ValidationError(_("文件为空，请重新选择。"), code="file_empty")
    if size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("文件过大（%(size)s MB），单个附件不能超过 %(limit)s MB。")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": MAX_ATTACHMENT_BYTES // 1024 // 1024},
            code="file_size",
        )
    if not _starts_with(file, SIGNATURES[extension]):
        raise ValidationError(
            _("文件内容与扩展名（.%(extension)s）不符，请确认文件未损坏、格式正确后重新上传。")
            % {"extension": extension},
            code="file_content",
        )


def _starts_with(file, signatures: tuple[bytes, ...]) -> bool:
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(16)
    finally:
        file.seek(position)
    return any(head.startswith(signature) for signature in signatures)
