"""Sample files for the upload tests: real containers of each accepted format (tiny), and the
things that must be refused when renamed (an executable, a web page, a plain zip, macros)."""

import io
import stat
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64  # Word or Excel 97–2003
# The same with VBA macros: its directory names the _VBA_PROJECT stream (UTF-16LE), here past the
# first megabyte as in a real document with a long text, and across the checker's read blocks.
OLE_MACROS = OLE + b"\x00" * ((1 << 20) - len(OLE) - 7) + "_VBA_PROJECT".encode("utf-16-le") + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 48 + b"This program cannot be run in DOS mode"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def _zip(parts: dict[str, bytes]) -> bytes:
    """The same bytes on every run and in every xdist worker (a fixed date on each member): the test
    ids made from these files must match across the workers."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            member = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            member.external_attr = 0o600 << 16  # as writestr(name, …) gives
            archive.writestr(member, content)
    return buffer.getvalue()


_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
DOCX = _zip({"[Content_Types].xml": _TYPES, "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": _TYPES, "xl/workbook.xml": b"<workbook/>"})
OFD = _zip({"OFD.xml": b"<ofd:OFD/>", "Doc_0/Document.xml": b"<ofd:Document/>"})
DOCM = _zip({"[Content_Types].xml": _TYPES, "word/document.xml": b"<w:document/>", "word/vbaProject.bin": b"x"})
ZIP = _zip({"setup.exe": EXE})


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def stored_tree_modes(media_root: Path, stored_name: str) -> tuple[int, list[int]]:
    """The mode of the stored file, and of every directory the storage made for it below MEDIA_ROOT."""
    directories = [media_root / parent for parent in reversed(Path(stored_name).parents[:-1])]
    return mode_of(media_root / stored_name), [mode_of(d) for d in directories]
