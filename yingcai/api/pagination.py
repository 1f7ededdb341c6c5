"""The one pagination of the API: ninja's limit/offset, with both bounded (a huge offset would reach
the database as an integer it cannot hold)."""

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

from yingcai.api.types import MAX_OFFSET, MAX_PAGE


class Pagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(20, ge=1, le=MAX_PAGE, description="每页条数")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数")
