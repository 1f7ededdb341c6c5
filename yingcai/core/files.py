"""Every file the platform hands out (a stored upload, an export, an archive, a certificate) goes
through `serve_file` or `serve_content`, so each answer carries the same headers:

- `Content-Disposition` with a safe name (no path, no control characters: `uploads.client_name`),
  in the RFC 6266 / RFC 5987 form (`filename="…"` for ASCII, `filename*=utf-8''…` otherwise);
  `inline` only where the caller asks (a PDF in the document viewer, a certificate);
- `X-Content-Type-Options: nosniff`, so the browser keeps to the type we give;
- `Cache-Control: private, no-store`: personal data stays in no shared cache nor on a shared
  computer's disk, even on a public page (the policy library's attachments).

The caller checks the permission first, and writes its audit entry (a download of personal data,
an export) as it did: `serve_file` raises 404 before, for a stored file that is missing.
"""

from typing import IO

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from yingcai.core.uploads import client_name, content_type_of


def serve_content(
    content: bytes | IO[bytes], *, filename: str, content_type: str, inline: bool = False
) -> HttpResponse:
    """Answer with `content` (bytes, or an open binary file the response streams and closes) as a
    download named `filename`, or shown in the browser when `inline`."""
    name = client_name(filename)
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(not inline, name)
    else:
        response = FileResponse(content, as_attachment=not inline, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


def serve_file(file: FieldFile, *, filename: str, inline: bool = False) -> FileResponse:
    """Serve a stored file under the user's name. The type comes from the stored name (the format
    found at upload), never from the user's; a missing file is a 404."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as missing:
        raise Http404(_("文件缺失，请联系系统管理员。")) from missing
    return serve_content(handle, filename=filename, content_type=content_type_of(file.name), inline=inline)
