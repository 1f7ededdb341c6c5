"""The API's value types with their bounds, so that input the database cannot hold (an id past 64 bits,
a year 99999, an amount of 10¹⁵ 万元) is refused at the schema with a 422 that names the field,
and the bounds are in the OpenAPI document for every client to see."""

import datetime
import re
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import BeforeValidator, Field, Strict, model_validator
from pydantic_core import PydanticCustomError

MAX_ID = 2**63 - 1  # BigAutoField: 64-bit on PostgreSQL and SQLite
MAX_INT = 2**31 - 1  # PositiveIntegerField: 32-bit on PostgreSQL
MAX_PAGE = 100  # rows per page
MAX_OFFSET = 10**9
MAX_ITEMS = 1000  # entries in a list given as input (ids, codes, honours)
MAX_TEXT = 10_000  # characters of free text (reasons, notes)


def _no_bool(error_type: str):
    """pydantic takes true and false for 1 and 0; a number field takes numbers only."""

    def refuse(value: Any) -> Any:
        if isinstance(value, bool):
            raise PydanticCustomError(error_type, "Input should be a number, not a boolean")
        return value

    return BeforeValidator(refuse)


Int = Annotated[int, _no_bool("int_type")]
Id = Annotated[Int, Field(ge=1, le=MAX_ID)]
Version = Annotated[Int, Field(ge=1, le=MAX_INT)]
Count = Annotated[Int, Field(ge=0, le=MAX_INT)]
# Calendar years the platform deals in (rounds, grants, spending, compliance years).
Year = Annotated[Int, Field(ge=2000, le=2100)]


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_text(value: Any) -> Any:
    """A date is written YYYY-MM-DD; pydantic would also take a number (or a text of digits) as a
    Unix timestamp."""
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Input should be a valid date in the format YYYY-MM-DD")
    return value


# Dates: the policy's horizon, far enough from datetime's limits that date arithmetic
# (contract terms, working-day counts) never overflows.
Date = Annotated[
    datetime.date,
    BeforeValidator(_date_text),
    Field(ge=datetime.date(1900, 1, 1), le=datetime.date(2199, 12, 31)),
]
# A yes/no in a request body: true or false, not 0, 1 or "yes".
Flag = Annotated[bool, Strict()]
# Money as the models hold it: DecimalField(max_digits=12, decimal_places=2).
Money = Annotated[Decimal, _no_bool("decimal_type"), Field(ge=0, max_digits=12, decimal_places=2)]
# Percentages (criterion weights, score spreads): DecimalField(max_digits=5, decimal_places=2).
Percent = Annotated[Decimal, _no_bool("decimal_type"), Field(ge=0, max_digits=5, decimal_places=2)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Code = Annotated[str, Field(max_length=64)]
Codes = Annotated[list[Code], Field(max_length=MAX_ITEMS)]
Ids = Annotated[list[Id], Field(max_length=MAX_ITEMS)]


def _no_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def omitted() -> Any:
    """A field of a PATCH that may be left out (nothing changes) but is never null: the OpenAPI
    document shows it as its plain type, without the `null` default."""
    return Field(default=None, json_schema_extra=_no_default)


class InputSchema(Schema):
    """The base of every request body: a JSON object. (ninja's Schema reads attributes of any value,
    so `5` or `[]` would pass as an object whose fields all take their defaults.)"""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        raw = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(raw, dict | Schema):
            raise PydanticCustomError("model_type", "Input should be an object")
        return data
