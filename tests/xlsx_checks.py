"""Reading a downloaded .xlsx to check that nothing in it is a formula (formula injection)."""

import io

from openpyxl import load_workbook

# What a malicious name or note looks like: a live link in Excel if written as it is.
INJECTED = '=HYPERLINK("http://x","y")'


def cells_of(response_or_bytes) -> list:
    """Every cell of every sheet (not read-only: only then does openpyxl report the cell type)."""
    if isinstance(response_or_bytes, bytes):
        content = response_or_bytes
    else:
        assert response_or_bytes.status_code == 200
        content = b"".join(response_or_bytes.streaming_content)
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(response_or_bytes, text: str = INJECTED) -> None:
    """No cell is a formula, and `text` is there, readable as it was typed."""
    cells = cells_of(response_or_bytes)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert any(cell.value == text and cell.data_type == "s" for cell in cells)
