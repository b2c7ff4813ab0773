"""Exports parse back; writes are atomic; read-write-read keeps records identical."""

import io
import json
import multiprocessing
import os
import signal
import time

import pandas as pd
import pytest

from dashboard.core.atomic import STALE_TEMP_SECONDS, write_atomically
from dashboard.core.export import export_file_name, export_incidents
from dashboard.core.incidents import load_incidents
from dashboard.core.reading import features_to_frame, read_incident_table
from dashboard.core.writing import incidents_geojson_bytes, write_incidents_geojson
from tests.factories import make_collection, make_feature, make_incidents, write_collection


@pytest.fixture
def incidents():
    return make_incidents(make_collection(6)["features"])


def test_csv_export_parses_and_neutralises_formulas(incidents):
    incidents.loc[incidents.index[0], "vessel_name"] = '=HYPERLINK("http://evil")'
    table = pd.read_csv(io.BytesIO(export_incidents(incidents, "csv")))
    assert len(table) == 6
    assert table.loc[0, "vessel_name"].startswith("'=")
    assert json.loads(table.loc[1, "sources"])[0]["url"] == "https://example.org/report"


def test_geojson_and_parquet_exports_reload(tmp_path, incidents):
    for file_format in ("geojson", "parquet"):
        path = tmp_path / f"out.{file_format}"
        path.write_bytes(export_incidents(incidents, file_format))
        reloaded = load_incidents(path, check_land=False)
        assert list(reloaded["id"]) == list(incidents["id"])
        assert reloaded["weapons"].iloc[0] == incidents["weapons"].iloc[0]


def test_export_file_name_carries_the_date_span(incidents):
    assert export_file_name(incidents, "csv") == "red-sea-incidents_2024-01-01_2024-06-06.csv"


def test_read_write_read_is_identical(tmp_path):
    original = write_collection(tmp_path / "a.geojson", make_collection(5))
    first, _ = read_incident_table(original)
    copy = write_incidents_geojson(first, tmp_path / "b.geojson")
    second, _ = read_incident_table(copy)
    pd.testing.assert_frame_equal(first, second)
    assert json.loads(copy.read_text())["features"] == make_collection(5)["features"]


def _slow_writer(path):
    def write(stream):
        stream.write(b"partial new content")
        stream.flush()
        time.sleep(30)

    write_atomically(path, write)


def test_killed_write_leaves_old_file_intact(tmp_path):
    target = tmp_path / "incidents.geojson"
    target.write_bytes(b"old content")
    process = multiprocessing.get_context("fork").Process(target=_slow_writer, args=(target,))
    process.start()
    deadline = time.monotonic() + 10
    while not list(tmp_path.glob(".incidents.geojson.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".incidents.geojson.*.tmp")), "the writer never started"
    assert process.pid is not None
    os.kill(process.pid, signal.SIGKILL)
    process.join()
    assert target.read_bytes() == b"old content"
    left = list(tmp_path.glob(".incidents.geojson.*.tmp"))
    assert left  # what a killed writer leaves behind ...
    stale = time.time() - STALE_TEMP_SECONDS - 1
    for path in left:
        os.utime(path, (stale, stale))
    in_progress = tmp_path / ".incidents.geojson.another-writer.tmp"
    in_progress.write_bytes(b"a write still running elsewhere")
    write_atomically(target, lambda stream: stream.write(b"new content"))
    # ... is cleaned by the next write, which leaves a recent temporary file of another writer alone.
    assert sorted(tmp_path.iterdir()) == sorted([target, in_progress])
    assert target.read_bytes() == b"new content"


def test_failed_write_removes_temporary_file(tmp_path):
    target = tmp_path / "x.json"
    target.write_text("old")

    def failing(stream):
        stream.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, failing)
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


def test_geojson_is_pretty_printed_one_key_per_line():
    frame, _ = features_to_frame([make_feature()], "t")
    text = incidents_geojson_bytes(frame).decode()
    assert '\n        "id": "RS-2024-0001",\n' in text


def test_atomic_write_gives_ordinary_permissions(tmp_path):
    target = write_atomically(tmp_path / "out.csv", lambda stream: stream.write(b"x"))
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_atomic_write_never_creates_folders(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_atomically(tmp_path / "missing" / "out.csv", lambda stream: stream.write(b"x"))
    assert list(tmp_path.iterdir()) == []
