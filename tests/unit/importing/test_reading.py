"""Reading real-world files: encodings, binary input, malformed rows, missing columns, filters, progress."""

from datetime import date

import pytest

from dashboard.core.importing import ImportFormatError, ImportLimitError, import_file
from dashboard.core.importing.limits import ReadBudget, ReadLimits
from dashboard.core.importing.reading import read_csv_table
from tests.unit.importing.samples import ACLED_CSV, ASAM_CSV, GENERIC_CSV, GENERIC_MAPPING, balanced


def test_cp1252_input_is_decoded_with_a_note():
    data = "date,lat,lon,summary\n2024-01-05,13.1,43.2,Caf\u00e9 owner’s dhow\n".encode("cp1252")
    records, report = import_file("csv", data)
    assert records.loc[0, "summary"] == "Caf\u00e9 owner’s dhow"
    assert report.encoding == "cp1252"
    assert any("not valid UTF-8" in note for note in report.notes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \r\n ", "the file is empty"),
        (b"reference,date\x00\x01\x02binary", "binary content: the file contains NUL bytes"),
        (bytes(range(1, 32)) * 20, "binary content"),
        (b"PK\x03\x04rest-of-zip", "ZIP archive"),
    ],
)
def test_empty_or_binary_input_gives_one_clear_error(data, message):
    with pytest.raises(ImportFormatError, match=message):
        import_file("asam", data)


def test_a_file_without_the_expected_columns_names_the_missing_ones():
    with pytest.raises(ImportFormatError) as raised:
        import_file("asam", b"name,when,where\nx,y,z\n")
    message = str(raised.value)
    assert (
        "not a NGA ASAM file: missing column(s) reference, date (or dateofocc), position (or latitude and "
        "longitude), hostility, victim, description" in message
    )
    assert "columns found: name, when, where" in message
    with pytest.raises(ImportFormatError, match="no column\\(s\\) 'Datum' \\(for date\\)"):
        import_file("csv", GENERIC_CSV, mapping={**GENERIC_MAPPING, "date": "Datum"})
    with pytest.raises(ValueError, match="unknown field\\(s\\) in the column mapping: colour"):
        import_file("csv", GENERIC_CSV, mapping={"colour": "Kind"})


def test_too_many_rows_are_refused_with_a_clear_message():
    with pytest.raises(ImportFormatError, match="more than 2 rows"):
        import_file("asam", ASAM_CSV, max_rows=2)


def test_malformed_rows_are_rejected_and_the_rest_imported():
    data = (
        b"date,lat,lon,summary\n"
        b"2024-01-05,13.1,43.2,fine\n"
        b"2024-01-06,13.1,43.2,extra,field\n"
        b'2024-01-07,13.1,43.2,"unclosed\n'
        b"2024-01-08,13.1,43.2,swallowed\n"
    )
    records, report = import_file("csv", data)
    assert records["summary"].tolist() == ["fine"]
    assert report.rejected[0] == (
        3,
        "wrong number of fields: expected 4, got 5 (an unquoted comma or a missing quote?)",
    )
    assert report.rejected[1][0] == 4 and report.rejected[1][1].startswith("unclosed quote")


def test_filters_skip_records_and_keep_the_countsbalanced():
    records, report = import_file("acled", ACLED_CSV, bbox=(42.0, 12.0, 46.0, 14.0))
    assert records["id"].tolist() == ["ACLED-YEM1236"]
    assert "1 record(s) skipped: outside the bounding box" in report.notes
    records, report = import_file("asam", ASAM_CSV, date_from="2019-03-16", date_to=date(2019, 3, 16))
    assert records["id"].tolist() == ["ASAM-2019-124"]
    assert balanced(report)
    with pytest.raises(ValueError, match="bbox must satisfy"):
        import_file("asam", ASAM_CSV, bbox=(46, 12, 42, 14))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"format_code": "xml"}, "format_code must be one of asam, "),
        ({"mapping": {"date": "Date"}}, "a column mapping applies to csv, excel, geojson files, not 'asam'"),
        ({"date_from": "2019-03-17", "date_to": "2019-03-16"}, "date_from 2019-03-17 is after date_to 2019-03-16"),
        ({"date_to": "16/03/2019"}, "date_to must be a date or YYYY-MM-DD text, got '16/03/2019'"),
        ({"bbox": (1, 2, 3)}, "bbox must be four numbers"),
    ],
)
def test_arguments_are_checked_before_the_file_is_read(arguments, message):
    with pytest.raises(ValueError, match=message):
        import_file(**{"format_code": "asam", "data": ASAM_CSV, **arguments})


def test_the_time_limit_stops_conversion_and_is_logged(monkeypatch, caplog):
    def check_time(budget, where):
        if where.startswith("converting"):
            raise ImportLimitError("time", 1, f"reading took longer than the limit of 1 seconds (stopped at {where})")

    monkeypatch.setattr(ReadBudget, "check_time", check_time)
    with (
        caplog.at_level("WARNING", logger="dashboard.core.importing.pipeline"),
        pytest.raises(ImportLimitError, match="stopped at converting line 2"),
    ):
        import_file("asam", ASAM_CSV)
    assert any("NGA ASAM input refused at the time limit" in record.getMessage() for record in caplog.records)


def test_progress_reports_until_done():
    calls = []
    import_file("asam", ASAM_CSV, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (4, 4) and all(done <= total for done, total in calls)


@pytest.mark.parametrize(
    ("data", "rows", "rejected"),
    [
        (b'a,b\n1,"x"y\n2,z\n', [(3, {"a": "2", "b": "z"})], [(2, "malformed CSV: ',' expected after '\"'")]),
        # Trailing empty cells are dropped; a third value is not.
        (
            b"a,b\n1,2,,\n3,4,5\n",
            [(2, {"a": "1", "b": "2"})],
            [(3, "wrong number of fields: expected 2, got 3 (an unquoted comma or a missing quote?)")],
        ),
        (
            b'a,b\n\n1,"2\n',
            [],
            [(3, "unclosed quote: a quoted field opened on this row runs to the end of the file (line 3)")],
        ),
    ],
)
def test_csv_rows_are_kept_or_rejected_by_line(data, rows, rejected):
    table = read_csv_table(data, ReadBudget(ReadLimits()))
    assert table.header == ["a", "b"]
    assert [(row.line, row.values) for row in table.rows] == rows
    assert table.rejected == rejected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'"a"b,c\n1,2\n', "line 1: the header row is not readable CSV \\(',' expected after '\"'\\)"),
        (b",,,\n,,\n", "the file has no header row"),
    ],
)
def test_a_csv_without_a_readable_header_is_refused(data, message):
    with pytest.raises(ImportFormatError, match=message):
        read_csv_table(data, ReadBudget(ReadLimits()))
