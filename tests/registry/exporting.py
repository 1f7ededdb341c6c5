"""Helpers for the registry's exports: ask for one as a page would, then download the workbook."""

import io
from urllib.parse import urlencode

from django.urls import reverse
from openpyxl import load_workbook

from yingcai.registry.models import ExportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ask_for_export(client, capture, route: str, params: dict | None = None) -> ExportJob:
    """POST the list's export button (filters in the address, as the list page sends them). The job
    is queued when its row commits: run what was queued at once (the task itself is inline)."""
    url = reverse(route)
    if params:
        url += "?" + urlencode(params)
    with capture(execute=True):
        response = client.post(url)
    assert response.status_code == 302, response
    job = ExportJob.objects.latest("pk")
    assert response.url == reverse("registry:export-detail", args=[job.pk])
    return job


def read_xlsx(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert ".xlsx" in response["Content-Disposition"]
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content[:2] == b"PK"  # a zip container, as every .xlsx is
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def export_rows(client, capture, route: str, params: dict | None = None) -> list[tuple]:
    job = ask_for_export(client, capture, route, params)
    return read_xlsx(client.get(reverse("registry:export-download", args=[job.pk])))
