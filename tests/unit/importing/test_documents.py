"""Reading Excel workbooks: the first sheet's header and rows, and the files refused."""

import io
from datetime import datetime

import pytest
from openpyxl import Workbook

from dashboard.core.importing import ImportFormatError
from dashboard.core.importing.documents import read_excel_table
from dashboard.core.importing.limits import ReadBudget, ReadLimits


def _workbook_bytes(*sheets: list[list[object]]) -> bytes:
    workbook = Workbook()
    workbook.active.title = "Incidents"
    for number, rows in enumerate(sheets):
        sheet = workbook.active if number == 0 else workbook.create_sheet(f"Sheet {number + 1}")
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_first_sheet_is_read_from_its_first_non_empty_row():
    data = _workbook_bytes(
        [[], ["Date", "Notes", "Notes"], [datetime(2024, 1, 12), "x", None, None, "extra"], ["2024-01-13"]],
        [["ignored"]],
    )
    table = read_excel_table(data, ReadBudget(ReadLimits()))
    # A cell right of the header's last name gets the name CSV would give it; short rows are padded.
    assert table.header == ["Date", "Notes", "Notes_2", "column_4", "column_5"]
    assert [(row.line, row.ordinal, row.values) for row in table.rows] == [
        (3, 1, {"Date": "2024-01-12", "Notes": "x", "Notes_2": "", "column_4": "", "column_5": "extra"}),
        (4, 2, {"Date": "2024-01-13", "Notes": "", "Notes_2": "", "column_4": "", "column_5": ""}),
    ]
    assert table.rows[0].original == {
        "Date": "2024-01-12",
        "Notes": "x",
        "Notes_2": None,
        "column_4": None,
        "column_5": "extra",
    }
    assert table.notes == [
        "read the first sheet 'Incidents' of 2",
        "column 'Notes' appears 2 times; the copy is named Notes_2",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"date,lat\n", "not an Excel .xlsx workbook"),
        (b"PK\x03\x04garbage", "not a readable Excel .xlsx workbook \\(BadZipFile"),
        (_workbook_bytes([]), "the workbook's first sheet is empty"),
    ],
)
def test_what_is_not_a_readable_workbook_is_refused(data, message):
    with pytest.raises(ImportFormatError, match=message):
        read_excel_table(data, ReadBudget(ReadLimits()))
