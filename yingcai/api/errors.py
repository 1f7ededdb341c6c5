"""Every refusal of the API in one shape, `ErrorOut` (`{"detail": "…"}` or `{"detail": {field: ["…"]}}`),
with a Chinese message that names the field. Registered on the NinjaAPI in one place, so that no
endpoint answers a client's mistake with a server error: invalid input (ninja's own validation
included) is 422, a record others still point to is 409, a clash with an existing record is 409,
a value the database cannot hold is 422."""

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError

from yingcai.api.schemas import ErrorOut

# Where ninja found the value; left out of the field name the client sees.
SOURCES = {"body", "query", "path", "form", "file", "header", "cookie"}


def _messages() -> dict[str, str]:
    """pydantic's error types in Chinese; %(field)s is the field, the rest comes from the error's ctx."""
    return {
        "missing": _("%(field)s：必填。"),
        "int_parsing": _("%(field)s：须为整数。"),
        "int_type": _("%(field)s：须为整数。"),
        "int_from_float": _("%(field)s：须为整数。"),
        "float_parsing": _("%(field)s：须为数字。"),
        "float_type": _("%(field)s：须为数字。"),
        "decimal_parsing": _("%(field)s：须为数字。"),
        "decimal_type": _("%(field)s：须为数字。"),
        "finite_number": _("%(field)s：须为有限的数字。"),
        "decimal_max_digits": _("%(field)s：最多 %(max_digits)s 位数字。"),
        "decimal_max_places": _("%(field)s：最多 %(decimal_places)s 位小数。"),
        "decimal_whole_digits": _("%(field)s：整数部分最多 %(whole_digits)s 位。"),
        "greater_than_equal": _("%(field)s：不能小于 %(ge)s。"),
        "greater_than": _("%(field)s：须大于 %(gt)s。"),
        "less_than_equal": _("%(field)s：不能大于 %(le)s。"),
        "less_than": _("%(field)s：须小于 %(lt)s。"),
        "string_type": _("%(field)s：须为文本。"),
        "string_too_long": _("%(field)s：最多 %(max_length)s 个字符。"),
        "string_too_short": _("%(field)s：至少 %(min_length)s 个字符。"),
        "too_long": _("%(field)s：最多 %(max_length)s 项。"),
        "too_short": _("%(field)s：至少 %(min_length)s 项。"),
        "bool_parsing": _("%(field)s：须为 true 或 false。"),
        "bool_type": _("%(field)s：须为 true 或 false。"),
        "date_parsing": _("%(field)s：须为日期（YYYY-MM-DD）。"),
        "date_from_datetime_parsing": _("%(field)s：须为日期（YYYY-MM-DD）。"),
        "date_from_datetime_inexact": _("%(field)s：须为日期（YYYY-MM-DD）。"),
        "date_type": _("%(field)s：须为日期（YYYY-MM-DD）。"),
        "datetime_parsing": _("%(field)s：须为日期时间。"),
        "datetime_from_date_parsing": _("%(field)s：须为日期时间。"),
        "datetime_type": _("%(field)s：须为日期时间。"),
        "list_type": _("%(field)s：须为列表。"),
        "dict_type": _("%(field)s：须为对象。"),
        "model_type": _("%(field)s：须为对象。"),
        "model_attributes_type": _("%(field)s：须为对象。"),
        "json_invalid": _("%(field)s：不是有效的 JSON。"),
        "json_type": _("%(field)s：不是有效的 JSON。"),
        "enum": _("%(field)s：取值不在允许范围内。"),
        "literal_error": _("%(field)s：取值不在允许范围内。"),
    }


def field_name(loc: tuple | list) -> str:
    """`("body", "payload", "units", 0, "name")` → `units.0.name`: the field as the client wrote it
    (`body` for the whole request body)."""
    parts = [str(part) for i, part in enumerate(loc) if not (i == 0 and part in SOURCES)]
    if parts and parts[0] == "payload":  # the body parameter of every endpoint
        parts = parts[1:] or ["body"]
    return ".".join(parts) or "__all__"


def validation_detail(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    messages = _messages()
    detail: dict[str, list[str]] = {}
    for error in errors:
        field = field_name(error.get("loc", ()))
        context = {key: str(value) for key, value in (error.get("ctx") or {}).items()}
        template = messages.get(error.get("type", ""), _("%(field)s：格式不正确。"))
        try:
            message = template % {**context, "field": field}
        except (KeyError, ValueError):
            message = _("%(field)s：格式不正确。") % {"field": field}
        detail.setdefault(field, []).append(message)
    return detail


def _names(objects) -> str:
    return "、".join(sorted({str(o._meta.verbose_name) for o in objects}))


# What a database says about the column of a failed constraint, on PostgreSQL and SQLite.
SQLITE_COLUMN = re.compile(r"constraint failed: \w+\.(\w+)")


def _column(error: Exception) -> str | None:
    cause = error.__cause__
    diag = getattr(cause, "diag", None)
    if diag is not None and getattr(diag, "column_name", None):
        return diag.column_name
    found = SQLITE_COLUMN.search(str(error))
    return found.group(1) if found else None


def _sqlstate(error: Exception) -> str:
    return getattr(error.__cause__, "sqlstate", None) or getattr(error.__cause__, "pgcode", None) or ""


def _integrity_kind(error: IntegrityError) -> str | None:
    state, text = _sqlstate(error), str(error).upper()
    if state == "23505" or "UNIQUE CONSTRAINT FAILED" in text:
        return "unique"
    if state == "23503" or "FOREIGN KEY CONSTRAINT FAILED" in text:
        return "reference"
    if state in {"23502", "23514"} or "NOT NULL CONSTRAINT FAILED" in text or "CHECK CONSTRAINT FAILED" in text:
        return "invalid"
    return None


def _data_error_known(error: DataError) -> bool:
    """Values out of the column's range: numeric overflow (22003), text too long (22001), a date or
    time out of range (22008), an invalid number text (22P02). SQLite raises none of these."""
    return _sqlstate(error) in {"22001", "22003", "22008", "22P02"}


def _detail(field: str | None, message: str) -> str | dict[str, list[str]]:
    return {field: [message]} if field else message


def install(api: NinjaAPI) -> None:
    """Register the handlers on `api` (see the module's docstring)."""

    def respond(request: HttpRequest, detail: Any, status: int) -> HttpResponse:
        return api.create_response(request, ErrorOut(detail=detail).dict(), status=status)

    @api.exception_handler(RequestValidationError)
    def request_invalid(request, error: RequestValidationError):
        return respond(request, validation_detail(error.errors), 422)

    @api.exception_handler(AuthenticationError)
    def not_signed_in(request, error: AuthenticationError):
        return respond(request, _("请先登录。"), 401)

    @api.exception_handler(HttpError)
    def http_error(request, error: HttpError):
        if error.status_code == 400:  # ninja could not parse the body
            return respond(request, {"body": [_("请求体不是有效的 JSON。")]}, 400)
        return respond(request, str(error), error.status_code)

    @api.exception_handler(ValidationError)
    def domain_invalid(request, error: ValidationError):
        detail = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return respond(request, detail, 422)

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, error: PermissionDenied):
        return respond(request, str(error) or _("无权执行此操作。"), 403)

    @api.exception_handler(Http404)
    def not_found(request, error: Http404):
        return respond(request, _("记录不存在或不在您的管理范围内。"), 404)

    @api.exception_handler(ProtectedError)
    @api.exception_handler(RestrictedError)
    def still_referenced(request, error: ProtectedError | RestrictedError):
        objects = getattr(error, "protected_objects", None) or getattr(error, "restricted_objects", ())
        message = _("该记录仍被其他记录引用（%(names)s），不能删除。") % {"names": _names(objects)}
        return respond(request, message, 409)

    @api.exception_handler(IntegrityError)
    def clash(request, error: IntegrityError):
        kind = _integrity_kind(error)
        if kind is None:
            raise error
        field = _column(error)
        if kind == "unique":
            return respond(request, _detail(field, _("已有相同的记录，未保存。")), 409)
        if kind == "reference":
            return respond(request, _detail(field, _("引用的记录不存在，或该记录仍被其他记录引用。")), 409)
        return respond(request, _detail(field, _("取值不符合要求，未保存。")), 422)

    @api.exception_handler(DataError)
    def out_of_range(request, error: DataError):
        if not _data_error_known(error):
            raise error
        return respond(request, _detail(_column(error), _("取值超出允许的范围或长度，未保存。")), 422)

    @api.exception_handler(OverflowError)
    def overflow(request, error: OverflowError):
        # SQLite's "Python int too large to convert to SQLite INTEGER", and date arithmetic past year 9999.
        return respond(request, _("数值超出允许的范围。"), 422)
