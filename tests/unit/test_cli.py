"""The command line: every class of broken data file is listed with file, record and field, exit 1."""

import json

import geopandas as gpd
import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.core import paths
from dashboard.core.reading import read_incident_table
from dashboard.core.writing import write_incidents_geojson
from tests.factories import make_collection, make_feature, write_collection


def _run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _bad_collection(kind):
    collection = make_collection(3)
    features = collection["features"]
    if kind == "no_geometry":
        features[1]["geometry"] = None
    elif kind == "wrong_type":
        features[1]["properties"]["crew_killed"] = "several"
    elif kind == "unknown_category":
        features[1]["properties"]["category"] = "piracy"
    elif kind == "duplicate_id":
        features[1]["properties"]["id"] = features[0]["properties"]["id"]
    elif kind == "future_date":
        features[1]["properties"]["date"] = "2999-01-01"
    elif kind == "on_land":
        features[1]["geometry"]["coordinates"] = [44.19, 15.37]  # Sanaa
    elif kind == "outside_region":
        features[1]["geometry"]["coordinates"] = [-30.0, 40.0]
    return collection


@pytest.mark.parametrize(
    ("kind", "field", "fragment"),
    [
        ("no_geometry", "geometry", "feature has no geometry"),
        ("wrong_type", "crew_killed", "must be a whole number"),
        ("unknown_category", "category", "must be one of"),
        ("duplicate_id", "id", "duplicate id"),
        ("future_date", "date", "must not be after today"),
        ("on_land", "geometry", "lies on land"),
        ("outside_region", "geometry", "outside the region"),
    ],
)
def test_bad_record_is_listed_and_exit_code_is_1(tmp_path, capsys, kind, field, fragment):
    path = write_collection(tmp_path / f"{kind}.geojson", _bad_collection(kind))
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 1
    line = next(line for line in err.splitlines() if fragment in line)
    assert f"{kind}.geojson" in line and f"field '{field}'" in line and "RS-2024-000" in line


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"type": "FeatureCollection", "features": [{"type": "Fea', "invalid JSON at line 1"),
        ("", "file is empty"),
        ('{"type": "Topology"}', "must be a GeoJSON FeatureCollection"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
    ],
)
def test_unreadable_files(tmp_path, capsys, content, fragment):
    path = tmp_path / "broken.geojson"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 1 and fragment in err and "broken.geojson" in err


def test_missing_file(tmp_path, capsys):
    code, _, err = _run(capsys, "validate", str(tmp_path / "nowhere.geojson"))
    assert code == 1 and "file not found" in err


def test_environment_variable_points_the_cli_at_another_file(tmp_path, capsys, monkeypatch):
    path = write_collection(tmp_path / "mine.geojson", make_collection(4))
    monkeypatch.setenv("INCIDENTS_FILE", str(path))
    code, out, _ = _run(capsys, "validate")
    assert code == 0 and "4 incidents" in out and "mine.geojson" in out


@pytest.mark.parametrize("file_format", ["csv", "geojson", "parquet"])
def test_export_with_filters(tmp_path, capsys, file_format):
    out = tmp_path / f"out.{file_format}"
    code, stdout, _ = _run(capsys, "export", "--format", file_format, "-o", str(out),
                           "--from", "2024-01-01", "--to", "2024-12-31", "--category", "hijacking")
    assert code == 0
    if file_format == "csv":
        table = pd.read_csv(out)
    elif file_format == "geojson":
        table = pd.DataFrame([f["properties"] for f in json.loads(out.read_text())["features"]])
    else:
        table = gpd.read_parquet(out)
    assert len(table) >= 5 and set(table["category"]) == {"hijacking"}
    assert all(str(d)[:4] == "2024" for d in table["date"])
    assert f"wrote {len(table)} incident(s)" in stdout


def test_bundled_record_survives_read_write_read(tmp_path):
    first, _ = read_incident_table(paths.INCIDENTS_FILE)
    copy = write_incidents_geojson(first, tmp_path / "copy.geojson")
    second, _ = read_incident_table(copy)
    pd.testing.assert_frame_equal(first, second)
    assert copy.read_bytes() == paths.INCIDENTS_FILE.read_bytes()


def test_positions_command_checks_every_computed_position(capsys):
    code, out, _ = _run(capsys, "positions")
    assert code == 0 and "0 not computable, 0 differ" in out


def test_positions_write_fixes_a_moved_point(tmp_path, capsys):
    feature = make_feature(lon=43.0, lat=13.0, position_text="35 nm S of Mocha", position_basis="computed")
    path = write_collection(tmp_path / "moved.geojson", {"type": "FeatureCollection", "features": [feature]})
    code, out, _ = _run(capsys, "positions", str(path))
    assert code == 1 and "differ by more than" in out
    code, out, _ = _run(capsys, "positions", "--write", str(path))
    assert code == 0 and "rewrote 1 position(s)" in out
    code, out, _ = _run(capsys, "positions", str(path))
    assert code == 0
