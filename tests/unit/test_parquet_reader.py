"""The GeoParquet reader: same record as from GeoJSON, shared cells, located problems, odd geometries."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core import paths
from dashboard.core.export import export_incidents
from dashboard.core.incidents import load_incidents, load_valid_incidents
from dashboard.core.parquet_reading import _cell_keys
from dashboard.core.problems import IncidentDataError
from dashboard.core.reading import read_incident_table
from dashboard.core.validation import validate_incident_table
from tests.factories import make_collection


def _write_parquet(frame: pd.DataFrame, path, *, row_group_size: int | None = None) -> None:
    """GeoParquet of a properties table with lon/lat, optionally in several row groups."""
    geometry = gpd.points_from_xy(frame["lon"], frame["lat"])
    table = gpd.GeoDataFrame(frame.drop(columns=["lon", "lat"]), geometry=geometry, crs="EPSG:4326")
    table.to_parquet(path, index=False, row_group_size=row_group_size)


def _properties_table(count: int, **overrides) -> pd.DataFrame:
    features = make_collection(count, **overrides)["features"]
    rows = [
        {**f["properties"], "lon": f["geometry"]["coordinates"][0], "lat": f["geometry"]["coordinates"][1]}
        for f in features
    ]
    return pd.DataFrame(rows)


def test_the_bundled_record_reads_the_same_from_geoparquet_in_several_row_groups(tmp_path):
    from_geojson = load_incidents(paths.INCIDENTS_FILE, check_land=False)
    path = tmp_path / "record.parquet"
    path.write_bytes(export_incidents(from_geojson, "parquet"))
    # Several row groups give chunks whose dictionaries differ; values must still come back right.
    split = tmp_path / "split.parquet"
    pq.write_table(pq.read_table(path), split, row_group_size=37)
    assert pq.ParquetFile(split).num_row_groups > 1
    from_parquet = load_incidents(split, check_land=False)
    assert list(from_parquet.columns) == list(from_geojson.columns)
    for column in from_geojson.columns:
        if column == "geometry":
            assert from_parquet.geometry.geom_equals_exact(from_geojson.geometry, 1e-9).all()
        else:
            expected = from_geojson[column].astype(object).where(from_geojson[column].notna(), None).tolist()
            got = from_parquet[column].astype(object).where(from_parquet[column].notna(), None).tolist()
            assert got == expected, column


def test_repeated_cells_are_one_shared_object(tmp_path):
    path = tmp_path / "repeated.parquet"
    _write_parquet(_properties_table(5), path)
    table, problems = read_incident_table(path)
    assert problems == []
    assert table.at[0, "sources"] is table.at[4, "sources"]
    assert table.at[0, "summary"] is table.at[3, "summary"]
    # Shared cells are still independent values: equal, and each a plain list of dicts.
    assert table.at[0, "sources"] == [
        {"url": "https://example.org/report", "publisher": "Example", "published": "2024-02-19"}
    ]


def test_a_bad_value_shared_by_many_rows_is_reported_for_each_row(tmp_path):
    frame = _properties_table(5)
    frame["category"] = "bogus"
    frame["date"] = "2024-02-30"
    frame.loc[2, "sources"] = [[{"url": "ftp://example.org/x", "publisher": "X", "published": None}]]
    path = tmp_path / "bad.parquet"
    _write_parquet(frame, path)
    table, _ = read_incident_table(path)
    found = validate_incident_table(table, str(path), check_land=False)
    by_field: dict[str, list[str]] = {}
    for problem in found:
        by_field.setdefault(problem.field, []).append(problem.record)
    assert by_field["category"] == [f"RS-2024-{n:04d}" for n in range(1, 6)]
    assert by_field["date"] == [f"RS-2024-{n:04d}" for n in range(1, 6)]
    assert by_field["sources"] == ["RS-2024-0003"]
    assert any("ftp://example.org/x" in problem.reason for problem in found if problem.field == "sources")


def test_true_in_a_whole_number_column_is_not_taken_for_one(tmp_path):
    # 1 and True are equal in Python; validation by distinct cells must not merge them.
    frame = _properties_table(3)
    frame["crew_killed"] = pd.Series([1, True, 1], dtype=object)
    path = tmp_path / "flags.geojson"
    table = frame.copy()
    table["_label"] = table["id"]
    problems = validate_incident_table(table, str(path), check_land=False)
    assert [(p.record, p.field) for p in problems] == [("RS-2024-0002", "crew_killed")]


def test_a_polygon_or_missing_geometry_is_a_located_problem_not_a_crash(tmp_path):
    frame = _properties_table(3)
    geometry = [shapely.Point(42.0, 14.5), shapely.box(42, 14, 43, 15), None]
    table = gpd.GeoDataFrame(frame.drop(columns=["lon", "lat"]), geometry=geometry, crs="EPSG:4326")
    path = tmp_path / "shapes.parquet"
    table.to_parquet(path, index=False)
    incidents, problems = load_valid_incidents(path, check_land=False)
    assert list(incidents["id"]) == ["RS-2024-0001"]
    located = {(p.record, p.field) for p in problems}
    assert {("RS-2024-0002", "geometry"), ("RS-2024-0003", "geometry")} <= located
    assert {record for record, _ in located} == {"RS-2024-0002", "RS-2024-0003"}


def test_a_parquet_file_without_ids_or_geo_metadata_gets_a_clear_message(tmp_path):
    frame = _properties_table(2).drop(columns=["id"])
    path = tmp_path / "no-id.parquet"
    _write_parquet(frame, path)
    table, problems = read_incident_table(path)
    assert list(table["_label"]) == ["#1 (no id)", "#2 (no id)"]
    assert any(p.field == "id" and "missing" in p.reason for p in problems)

    plain = tmp_path / "plain.parquet"
    pq.write_table(pa.table({"id": ["RS-2024-0001"]}), plain)
    with pytest.raises(IncidentDataError, match="no valid 'geo' metadata"):
        read_incident_table(plain)


_texts = st.one_of(st.none(), st.text(alphabet="ab:N0123,\x1f", max_size=6))
_sources = st.one_of(
    st.none(), st.lists(st.one_of(st.none(), st.fixed_dictionaries({"url": _texts, "publisher": _texts})), max_size=3)
)


@given(st.lists(st.one_of(st.none(), st.lists(_texts, max_size=4)), min_size=1, max_size=12))
def test_cell_keys_are_equal_exactly_when_lists_of_texts_are_equal(cells):
    keys = _cell_keys(pa.array(cells, type=pa.list_(pa.string()))).to_pylist()
    for first in range(len(cells)):
        for second in range(len(cells)):
            assert (keys[first] == keys[second]) == (cells[first] == cells[second]), (cells[first], cells[second])


@given(st.lists(_sources, min_size=1, max_size=10))
def test_cell_keys_are_equal_exactly_when_source_lists_are_equal(cells):
    kind = pa.list_(pa.struct([("url", pa.string()), ("publisher", pa.string())]))
    keys = _cell_keys(pa.array(cells, type=kind)).to_pylist()
    for first in range(len(cells)):
        for second in range(len(cells)):
            assert (keys[first] == keys[second]) == (cells[first] == cells[second]), (cells[first], cells[second])


def test_sources_read_from_parquet_are_json_serialisable(tmp_path):
    path = tmp_path / "record.parquet"
    _write_parquet(_properties_table(2), path)
    incidents = load_incidents(path, check_land=False)
    json.dumps(list(incidents["sources"].iloc[0]))


@pytest.mark.parametrize(
    "column, values, field",
    [
        ("weapons", ["small_arms_rpg", "small_arms_rpg", "limpet_mine"], "weapons"),
        ("sources", ["https://example.org", None, "x"], "sources"),
        ("crew_killed", ["1", "2", "x"], "crew_killed"),
        ("date", [20240101, 20240102, 20240103], "date"),
        ("summary", [b"\xff\xfe", b"ok", b"ok"], "summary"),
    ],
)
def test_columns_of_the_wrong_arrow_type_are_located_problems(tmp_path, column, values, field):
    frame = _properties_table(3)
    frame[column] = values
    path = tmp_path / "types.parquet"
    _write_parquet(frame, path)
    incidents, problems = load_valid_incidents(path, check_land=False)
    assert problems and {p.field for p in problems} == {field}
    assert all(p.record.startswith("RS-2024-") for p in problems)
    assert len(incidents) < 3
