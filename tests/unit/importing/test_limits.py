"""Uploads are bounded by what they expand to: rows, columns, cells, unpacked size, memory and time."""

import io
import zipfile
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.core.importing import LIMIT_NAMES, ImportLimitError, ImportReport, ReadLimits, import_file
from dashboard.core.importing.limits import BYTES_PER_CELL, ReadBudget
from tests.factories import wide_workbook

WIDE_COLUMNS = 2_000


class CountingBudget(ReadBudget):
    """A budget that remembers how many rows it was asked to count (to show reading stopped early)."""

    instances: ClassVar[list["CountingBudget"]] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        CountingBudget.instances.append(self)


def test_a_wide_workbook_is_refused_at_its_first_row_naming_the_column_limit(monkeypatch):
    data = wide_workbook()
    assert len(data) < 1_000_000  # small on the wire ...
    monkeypatch.setattr("dashboard.core.importing.pipeline.ReadBudget", CountingBudget)
    CountingBudget.instances.clear()
    with pytest.raises(ImportLimitError) as raised:
        import_file("excel", data, limits=ReadLimits(max_columns=200, max_cells=100_000))
    assert raised.value.limit == "columns" and raised.value.maximum == 200
    assert "row 1 has more than 200 columns" in str(raised.value)
    # ... and refused before any data row was held: the header row was the first and last read.
    assert CountingBudget.instances[0].rows == 0 and CountingBudget.instances[0].cells == 0


def test_a_workbook_beyond_the_cell_limit_stops_at_the_row_that_passes_it():
    data = wide_workbook(columns=150, rows=400)
    with pytest.raises(ImportLimitError) as raised:
        import_file("excel", data, limits=ReadLimits(max_columns=200, max_cells=10_000))
    assert raised.value.limit == "cells"
    assert "more than 10,000 cells (reached at row 68)" in str(raised.value)  # 67 data rows x 150 > 10,000


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_before_it_is_opened():
    data = wide_workbook(columns=50, rows=200)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    with pytest.raises(ImportLimitError) as raised:
        import_file("excel", data, limits=ReadLimits(max_expanded_bytes=unpacked - 1))
    assert raised.value.limit == "expanded size" and "the workbook unpacks to" in str(raised.value)
    records, _ = import_file("excel", data, limits=ReadLimits(max_expanded_bytes=unpacked))
    assert len(records) == 200


def test_a_wide_csv_is_refused_at_its_header_naming_the_column_limit():
    header = ",".join(["date", "lat", "lon", *(f"c{number}" for number in range(WIDE_COLUMNS))])
    data = (
        header + "\n" + "\n".join(",".join(["2024-01-05", "13.1", "43.2", *"x" * WIDE_COLUMNS]) for _ in range(2_000))
    ).encode()
    with pytest.raises(ImportLimitError) as raised:
        import_file("csv", data, limits=ReadLimits(max_columns=200))
    assert raised.value.limit == "columns"
    assert f"the header row (line 1) has {WIDE_COLUMNS + 3:,} columns, over the limit of 200" in str(raised.value)


def test_a_csv_row_wider_than_the_limit_is_refused_even_under_a_narrow_header():
    data = b"date,lat,lon\n2024-01-05,13.1,43.2\n" + b"2024-01-06" + b",1" * 500 + b"\n"
    with pytest.raises(ImportLimitError) as raised:
        import_file("csv", data, limits=ReadLimits(max_columns=200))
    assert raised.value.limit == "columns" and "line 3 has 501 columns" in str(raised.value)


def test_csv_cells_rows_and_memory_limits_name_themselves():
    data = ("date,lat,lon,summary\n" + "2024-01-05,13.1,43.2,Skiff approached.\n" * 100).encode()
    for limits, name in (
        (ReadLimits(max_cells=250), "cells"),
        (ReadLimits(max_rows=99), "rows"),
        (ReadLimits(max_memory_bytes=50 * 4 * BYTES_PER_CELL), "memory"),
    ):
        with pytest.raises(ImportLimitError) as raised:
            import_file("csv", data, limits=limits)
        assert raised.value.limit == name, (name, str(raised.value))
    _, report = import_file("csv", data, limits=ReadLimits(max_rows=100, max_cells=400, max_columns=4))
    assert isinstance(report, ImportReport) and report.rows_read == 100 and report.duplicates_merged == 99


def test_a_large_geojson_is_refused_by_its_memory_estimate_before_it_is_parsed():
    data = (
        b'{"type": "FeatureCollection", "features": ['
        + b",".join(
            b'{"type": "Feature", "geometry": {"type": "Point", "coordinates": [43.2, 13.1]}, '
            b'"properties": {"date": "2024-01-05"}}'
            for _ in range(200)
        )
        + b"]}"
    )
    with pytest.raises(ImportLimitError) as raised:
        import_file("geojson", data, limits=ReadLimits(max_memory_bytes=len(data)))
    assert raised.value.limit == "memory" and "reading the GeoJSON" in str(raised.value)
    with pytest.raises(ImportLimitError, match="more than 150 rows") as raised:
        import_file("geojson", data, limits=ReadLimits(max_rows=150))
    assert raised.value.limit == "rows"


def test_the_time_budget_stops_reading_and_names_where():
    ticks = iter(range(0, 1000, 10))  # every look at the clock is 10 s later
    budget = ReadBudget(ReadLimits(max_seconds=25), clock=lambda: next(ticks))
    budget.add_row(3, 10, "line 2")
    budget.add_row(3, 10, "line 3")
    with pytest.raises(ImportLimitError) as raised:
        budget.add_row(3, 10, "line 4")
    assert raised.value.limit == "time" and "longer than the limit of 25 seconds (stopped at line 4)" in str(
        raised.value
    )


def test_a_deeply_nested_geojson_gets_a_message_not_a_recursion_error():
    data = b'{"type": "FeatureCollection", "features": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    with pytest.raises(ValueError, match="nested too deeply"):
        import_file("geojson", data)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_limits_must_be_positive(bad):
    with pytest.raises(ValueError):
        ReadLimits(max_rows=bad)
    if bad is not True and bad != 1.5:
        with pytest.raises(ValueError):
            ReadLimits(max_cells=bad)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.integers(0, 40),
    columns=st.integers(1, 30),
    max_rows=st.integers(1, 50),
    max_columns=st.integers(1, 40),
    max_cells=st.integers(1, 800),
)
def test_any_table_either_imports_within_the_limits_or_names_the_limit_passed(
    rows, columns, max_rows, max_columns, max_cells
):
    header = ",".join(["date", "lat", "lon", *(f"c{n}" for n in range(columns))])
    body = "".join(f"2024-01-{1 + n % 28:02d},13.1,43.2{f',x{n}' * columns}\n" for n in range(rows))
    limits = ReadLimits(max_rows=max_rows, max_columns=max_columns, max_cells=max_cells)
    width, cells = columns + 3, rows * (columns + 3)
    try:
        records, report = import_file("csv", (header + "\n" + body).encode(), limits=limits)
    except ImportLimitError as error:
        assert error.limit in LIMIT_NAMES
        passed = {"columns": width > max_columns, "rows": rows > max_rows, "cells": cells > max_cells}
        assert passed[error.limit], (error.limit, str(error))
    else:
        assert width <= max_columns and rows <= max_rows and cells <= max_cells
        assert report.rows_read == rows and len(records) == rows


def test_a_refused_upload_is_logged_for_operators(caplog):
    data = b"date,lat,lon\n2024-01-05,13.1,43.2\n" * 1 + b"2024-01-06" + b",1" * 300 + b"\n"
    with caplog.at_level("WARNING", logger="dashboard.core.importing.pipeline"), pytest.raises(ImportLimitError):
        import_file("csv", data, limits=ReadLimits(max_columns=200))
    assert any("refused at the columns limit" in record.getMessage() for record in caplog.records)
