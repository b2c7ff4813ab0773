"""CSV and Excel exports cannot run a formula from record text, in any cell, and lose no text."""

import csv
import io
import re

import openpyxl
import pytest
from openpyxl.utils.escape import unescape

from dashboard.cli import main
from dashboard.core.export import export_incidents
from dashboard.core.prepare import load_prepared_incidents
from dashboard.core.text import spreadsheet_original
from tests.factories import make_collection, write_collection

HOSTILE_TEXTS = {
    "vessel_name": "Galaxy Leader\r=cmd|' /C calc'!A0",
    "flag": "  +SUM(1,2)",
    "position_text": 'near Mocha\n@HYPERLINK("https://evil.example")',
    "summary": "struck\t-2+3 and\r\n  =1+1",
    "notes": '=HYPERLINK("https://evil.example","x")',
    "time_utc": None,
}
FORMULA_START = set("=+-@\uff1d\uff0b\uff0d\uff20")
CELL_BREAKS = "[\r\n\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]"


@pytest.fixture
def hostile_record(tmp_path):
    collection = make_collection(4)
    for feature in collection["features"]:
        feature["properties"].update({key: value for key, value in HOSTILE_TEXTS.items() if value is not None})
    return write_collection(tmp_path / "hostile.geojson", collection)


def _assert_no_formula_start(cell: str) -> None:
    for part in re.split(CELL_BREAKS, cell):
        assert part.lstrip()[:1] not in FORMULA_START, repr(cell)


def _assert_cells_are_safe_and_complete(rows: list[list], count: int) -> None:
    header, body = rows[0], rows[1:]
    assert len(body) == count
    for row in body:
        assert len(row) == len(header)
        cells = dict(zip(header, row, strict=True))
        for cell in row:
            if isinstance(cell, str):
                _assert_no_formula_start(cell)
        for column, text in HOSTILE_TEXTS.items():
            if text is not None:
                assert spreadsheet_original(cells[column]) == text


def test_csv_from_the_command_line_opened_by_the_csv_module(hostile_record, tmp_path, capsys):
    output = tmp_path / "out.csv"
    assert main(["export", "--format", "csv", "--input", str(hostile_record), "-o", str(output)]) == 0
    capsys.readouterr()
    data = output.read_bytes()
    # Every line break inside a cell is inside quotes, so a line-based reader cannot start a row there either.
    assert data.count(b"\r\n") >= 5
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    _assert_cells_are_safe_and_complete(rows, 4)


def test_xlsx_from_the_command_line_opened_by_openpyxl(hostile_record, tmp_path, capsys):
    output = tmp_path / "out.xlsx"
    assert main(["export", "--format", "xlsx", "--input", str(hostile_record), "-o", str(output)]) == 0
    capsys.readouterr()
    workbook = openpyxl.load_workbook(output)
    sheet = workbook.active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    # Excel reads OOXML's "_xHHHH_" escapes (used for CR and control characters) back as the characters.
    rows = [
        [unescape(cell) if isinstance(cell, str) else cell for cell in row] for row in sheet.iter_rows(values_only=True)
    ]
    _assert_cells_are_safe_and_complete(rows, 4)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_download_and_the_command_line_write_the_same_bytes(hostile_record, tmp_path, capsys, file_format):
    # The Incidents page's download buttons call export_incidents on the filtered table; so does the CLI.
    output = tmp_path / f"out.{file_format}"
    assert main(["export", "--format", file_format, "--input", str(hostile_record), "-o", str(output)]) == 0
    capsys.readouterr()
    page_bytes = export_incidents(load_prepared_incidents(hostile_record), file_format)
    if file_format == "csv":
        assert page_bytes == output.read_bytes()
    else:
        opened = [
            list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
            for data in (page_bytes, output.read_bytes())
        ]
        assert opened[0] == opened[1]


def test_xlsx_keeps_control_characters_and_ooxml_escapes_as_text(tmp_path):
    collection = make_collection(1)
    collection["features"][0]["properties"]["summary"] = "bell\x07 and literal _x0041_ text"
    incidents = load_prepared_incidents(write_collection(tmp_path / "r.geojson", collection))
    sheet = openpyxl.load_workbook(io.BytesIO(export_incidents(incidents, "xlsx"))).active
    header = [cell.value for cell in sheet[1]]
    stored = sheet.cell(row=2, column=header.index("summary") + 1).value
    assert unescape(stored) == "bell\x07 and literal _x0041_ text"
