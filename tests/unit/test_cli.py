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
    code, stdout, _ = _run(
        capsys,
        "export",
        "--format",
        file_format,
        "-o",
        str(out),
        "--from",
        "2024-01-01",
        "--to",
        "2024-12-31",
        "--category",
        "hijacking",
    )
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


def test_positions_write_keeps_members_and_properties_it_does_not_own(tmp_path, capsys):
    moved = make_feature(lon=43.0, lat=13.0, position_text="35 nm S of Mocha", position_basis="computed")
    moved["properties"]["curator_flag"] = {"checked": True, "by": ["a", "b"]}
    moved["id"] = "feature-level id"
    other = make_feature(
        45.5,
        12.3,
        id="RS-2024-0002",
        position_basis="area",
        position_text="Gulf of Aden",
        position_uncertainty_km=150.0,
        extra_number=1.25,
    )
    collection = {
        "type": "FeatureCollection",
        "name": "incidents",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "bbox": [30, -3, 66, 32],
        "features": [moved, other],
    }
    path = write_collection(tmp_path / "extras.geojson", collection)
    code, out, _ = _run(capsys, "positions", "--write", str(path))
    assert code == 0 and "rewrote 1 position(s)" in out
    rewritten = json.loads(path.read_text(encoding="utf-8"))
    new_point = rewritten["features"][0]["geometry"]["coordinates"]
    assert new_point != [43.0, 13.0]
    expected = json.loads(json.dumps(collection))
    expected["features"][0]["geometry"]["coordinates"] = new_point
    assert rewritten == expected  # only the moved point changed; name, crs, bbox, extras all kept


def test_export_refuses_to_overwrite_its_input_or_a_hard_link_of_it(tmp_path, capsys):
    record = write_collection(tmp_path / "r.geojson", make_collection(4))
    before = record.read_bytes()
    code, _, err = _run(capsys, "export", "--format", "csv", "--input", str(record), "-o", str(record))
    assert code == 1 and "r.geojson is the incident record" in err and len(err.strip().splitlines()) == 1
    link = tmp_path / "link.geojson"
    link.hardlink_to(record)
    code, _, err = _run(
        capsys, "export", "--format", "geojson", "--category", "sinking", "--input", str(record), "-o", str(link)
    )
    assert code == 1 and "is the incident record r.geojson" in err
    assert record.read_bytes() == before


def test_export_refuses_the_bundled_record(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("INCIDENTS_FILE", str(write_collection(tmp_path / "other.geojson", make_collection(3))))
    before = paths.INCIDENTS_FILE.read_bytes()
    code, _, err = _run(capsys, "export", "--format", "csv", "-o", str(paths.INCIDENTS_FILE))
    assert code == 1 and "is the incident record incidents.geojson" in err
    assert paths.INCIDENTS_FILE.read_bytes() == before


def test_export_refuses_missing_folders_and_directories(tmp_path, capsys):
    record = write_collection(tmp_path / "r.geojson", make_collection(3))
    missing = tmp_path / "no" / "such" / "out.csv"
    code, _, err = _run(capsys, "export", "--format", "csv", "--input", str(record), "-o", str(missing))
    assert code == 1 and "does not exist" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "no").exists()
    code, _, err = _run(capsys, "export", "--format", "csv", "--input", str(record), "-o", str(tmp_path))
    assert code == 1 and "is a directory" in err and len(err.strip().splitlines()) == 1


def test_export_into_a_place_that_cannot_be_written_is_one_line(tmp_path, capsys, monkeypatch):
    record = write_collection(tmp_path / "r.geojson", make_collection(3))

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    # As root every folder is writable, so the operating system's refusal is simulated where it happens.
    monkeypatch.setattr("tempfile.mkstemp", refuse)
    code, _, err = _run(capsys, "export", "--format", "csv", "--input", str(record), "-o", str(tmp_path / "o.csv"))
    assert code == 1 and err.strip() == f"cannot write {tmp_path / 'o.csv'}: Permission denied"


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda folder: folder, "is a directory, not a file"),
        (
            lambda folder: _write_text(
                folder / "deep.geojson",
                '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}",
            ),
            "nested too deeply",
        ),
        (
            lambda folder: _write_text(
                folder / "deep_record.geojson",
                json.dumps({"type": "FeatureCollection", "features": [make_feature()]})[:-3]
                + ', "x": '
                + "[" * 100_000
                + "]" * 100_000
                + "}]}",
            ),
            "nested too deeply",
        ),
        (
            lambda folder: write_collection(folder / "huge.geojson", make_collection(1, crew_killed=10**30)),
            "field 'crew_killed': must be a whole number from 0 to 10,000",
        ),
        (
            lambda folder: write_collection(
                folder / "z.geojson",
                {
                    "type": "FeatureCollection",
                    "features": [{**make_feature(), "geometry": {"type": "Point", "coordinates": [42.0, 14.5, 10.0]}}],
                },
            ),
            "3D points are not accepted",
        ),
    ],
)
def test_hostile_files_give_one_line_messages(tmp_path, capsys, monkeypatch, make, fragment):
    folder = tmp_path / "records"
    folder.mkdir()
    path = make(folder)
    monkeypatch.setenv("INCIDENTS_FILE", str(path))
    code, _, err = _run(capsys, "validate")
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[0].startswith("INVALID: 1 problem(s)") and len(lines) == 2
    assert fragment in lines[1] and path.name in lines[1]


def test_unreadable_file_is_one_line(tmp_path, capsys, monkeypatch):
    path = write_collection(tmp_path / "secret.geojson", make_collection(2))

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("pathlib.Path.read_bytes", refuse)
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 1 and "secret.geojson" in err and "cannot be read: permission denied" in err


def test_geoparquet_with_an_empty_point_or_uint64_counts_is_located(tmp_path, capsys):
    import numpy as np
    from shapely.geometry import Point

    table = pd.DataFrame([feature["properties"] for feature in make_collection(3)["features"]])
    table["crew_injured"] = np.array([1, 2**64 - 1, 0], dtype="uint64")
    frame = gpd.GeoDataFrame(table, geometry=[Point(42.0, 14.5), Point(45.5, 12.3), Point()], crs="EPSG:4326")
    path = tmp_path / "odd.parquet"
    frame.to_parquet(path)
    code, _, err = _run(capsys, "validate", str(path))
    assert code == 1
    assert "record RS-2024-0003, field 'geometry': geometry is an empty Point" in err
    assert "record RS-2024-0002, field 'crew_injured': must be a whole number from 0 to 10,000" in err


def _write_text(path, text):
    path.write_text(text, encoding="utf-8")
    return path
