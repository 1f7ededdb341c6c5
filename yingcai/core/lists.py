"""Sorting and paging of console tables, shared by every list page."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass
class ListPage:
    page: Page
    sort: str
    query_without_page: str
    query_without_sort: str


def paginate(request: HttpRequest, queryset: QuerySet, *, sortable: dict[str, str], default: str) -> ListPage:
    """`sortable` maps the names users see in ?o= to model orderings; anything else is ignored."""
    sort = request.GET.get("o", default)
    key = sort.lstrip("-")
    if key not in sortable:
        sort, key = default, default.lstrip("-")
    prefix = "-" if sort.startswith("-") else ""
    queryset = queryset.order_by(f"{prefix}{sortable[key]}", f"{prefix}pk")
    paginator = Paginator(queryset, settings.LIST_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    without_page = params.urlencode()
    params.pop("o", None)
    return ListPage(page=page, sort=sort, query_without_page=without_page, query_without_sort=params.urlencode())
