"""The benchmark generator makes valid records at sea, and the harness runs end to end on a tiny set."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from benchmarks import chart, generate, report
from benchmarks.__main__ import run
from dashboard.core import areas, schema
from dashboard.core.incidents import load_incidents
from dashboard.core.reading import read_incident_table
from dashboard.core.validation import validate_incident_table
from tests.factories import make_collection, write_collection


@pytest.fixture(scope="module")
def real_record(tmp_path_factory):
    """A small real-like record: five valid incidents at sea, in several categories."""
    return write_collection(tmp_path_factory.mktemp("real") / "incidents.geojson", make_collection(5))


@pytest.fixture(scope="module")
def synthetic(real_record):
    return generate.synthesize(generate.read_real_record(real_record), 200, seed=1)


def test_synthesize_gives_the_requested_count_with_unique_ids_in_the_schema_pattern(synthetic):
    assert len(synthetic) == 200
    assert synthetic["id"].is_unique
    assert synthetic["id"].map(lambda v: re.fullmatch(schema.ID_PATTERN, v) is not None).all()


def test_synthetic_dates_are_real_days_within_the_source_span(synthetic, real_record):
    real = pd.to_datetime(generate.read_real_record(real_record)["date"])
    dates = pd.to_datetime(synthetic["date"], format="%Y-%m-%d")
    assert dates.between(real.min(), real.max()).all()
    assert (synthetic["id"].str.slice(3, 7).astype(int) == dates.dt.year).all()


def test_synthetic_points_are_at_sea_and_moved(synthetic):
    points = gpd.GeoSeries.from_xy(synthetic["lon"], synthetic["lat"], crs="EPSG:4326")
    on_land = areas.find_points_on_land(points, areas.load_land(), tolerance_km=0.0)
    assert not on_land.any()
    assert len(set(zip(synthetic["lon"], synthetic["lat"], strict=True))) > 5  # jittered, not five stacked points


def test_jitter_keeps_the_source_point_when_every_draw_lands_ashore():
    land = shapely.box(40.0, 10.0, 50.0, 20.0)  # a "continent" around the only point
    lon, lat = generate.jitter_positions(np.array([45.0]), np.array([15.0]), land, np.random.default_rng(0))
    assert (lon[0], lat[0]) == (45.0, 15.0)


@pytest.mark.parametrize("file_format", generate.FORMATS)
def test_written_sets_load_and_validate(synthetic, tmp_path, file_format):
    path = generate.dataset_path(200, file_format, tmp_path)
    (generate.write_geojson if file_format == "geojson" else generate.write_geoparquet)(synthetic, path)
    table, problems = read_incident_table(path)
    assert problems == []
    assert validate_incident_table(table, str(path)) == []
    loaded = load_incidents(path)
    assert len(loaded) == 200
    assert sorted(loaded["id"]) == sorted(synthetic["id"])


def test_ensure_datasets_writes_both_formats_and_reuses_them(real_record, tmp_path):
    messages = []
    files = generate.ensure_datasets([50], directory=tmp_path, source=real_record, log=messages.append)
    assert {path.suffix for path in files.values()} == {".geojson", ".parquet"}
    assert all(path.exists() for path in files.values())
    generate.ensure_datasets([50], directory=tmp_path, source=real_record, log=messages.append)
    assert len(messages) == 2  # one line per format, written once


def test_make_ids_number_within_each_year_and_refuse_overflow(monkeypatch):
    dates = pd.Series(["2024-12-31", "2025-01-01", "2025-01-02"])
    assert list(generate.make_ids(dates)) == ["SY-2024-0001", "SY-2025-0001", "SY-2025-0002"]
    monkeypatch.setattr(generate, "MAX_PER_YEAR", 1)
    with pytest.raises(ValueError, match="at most 1 incidents a year"):
        generate.make_ids(dates)


def test_harness_runs_end_to_end_on_a_tiny_set(real_record, tmp_path):
    """Both apps are loaded, rerun and measured in-process; no browser; no time is asserted."""
    results = run(
        [200],
        browser=False,
        isolate=False,
        real_record=False,
        concurrency=False,
        changes=3,
        data_dir=tmp_path,
        source=real_record,
        log=lambda message: None,
    )
    entry = results["sizes"]["200"]
    for app in ("project", "baseline"):
        for file_format in generate.FORMATS:
            assert entry["load"][app][file_format]["rows"] == 200, entry["load"][app][file_format]
        assert "error" not in entry["reruns"][app], entry["reruns"][app]
        assert len(entry["reruns"][app]["rerun_ms"]) >= 3
        assert entry["reruns"][app]["map_bytes"] > 0
    markdown = report.render_markdown(results)
    assert "## Targets" in markdown and "| 200 |" in markdown
    assert chart.render_svg(results).startswith("<svg")


def test_trace_types_of_a_huge_figure_ignore_the_template():
    from benchmarks.serverside import trace_types

    spec = json.dumps(
        {
            "data": [{"type": "scattermap", "hovertext": ['"layout": {"type": "bar"}']}],
            "layout": {"template": {"data": {"heatmap": [{"type": "heatmap"}], "bar": [{"type": "bar"}]}}},
        }
    )
    assert trace_types(spec) == ["scattermap"]
    assert trace_types(spec, parse_limit=10) == ["scattermap"]


def test_page_targets_state_met_or_missed_by_how_much():
    pages = {
        "overview_open_s": {"project": [2.0, 2.2, 2.4], "baseline": [2.0, 2.0, 2.0]},
        "filter_repaint_s": {"project": [0.30, 0.30], "baseline": [0.25, 0.25]},
        "row_selection_s": [0.4, 0.45, 0.5],
        "threat_open_s": [2.5, 2.6, 2.7],
        "range_change_s": [0.6, 0.7, 0.8],
        "load_average": [[1.0, 1.0, 1.0]],
    }
    rows = {row[0]: row for row in report.page_target_rows(pages)}
    opens = rows["bundled record: warm page open to map ready (median)"]
    assert opens[-1] == "MISSED by 0.10" and "project / baseline 1.10" in opens[2]
    assert rows["bundled record: filter change to repainted map (median)"][-1] == "MISSED by 0.05"
    assert rows["bundled record: Incidents table row selection to detail shown (median)"][-1] == "met"
    assert rows["bundled record: Threat range page warm open minus the Overview's (medians)"][-1] == "met"
    assert rows["bundled record: range change to redrawn zone (median; every range new to the server)"][-1] == (
        "MISSED by 0.20"
    )
    markdown = report.render_markdown({"pages": pages})
    assert "| Overview open | baseline | 3 | 2.00 s |" in markdown


def test_page_targets_without_measurements_say_so():
    rows = report.page_target_rows(None)
    assert all(row[-1] == "not measured" for row in rows)
    assert "not measured" in report.render_markdown({})


def test_a_missed_page_target_comes_with_its_reason():
    pages = {"range_change_s": [0.9, 0.9], "row_selection_s": [0.3]}
    lines = report.missed_lines(pages)
    assert len(lines) == 1 and "missed by 0.40" in lines[0] and "geodesic buffer" in lines[0]
    assert "Targets missed, and why:" in "\n".join(report.page_lines(pages))


def test_a_missed_filter_change_says_what_the_baseline_measured_when_it_is_above_the_limit_too():
    slow_baseline = {"filter_repaint_s": {"project": [0.6, 0.6], "baseline": [0.59, 0.59]}}
    assert "baseline's median for the same step in the same run was 0.59 s" in report.missed_lines(slow_baseline)[0]
    fast_baseline = {"filter_repaint_s": {"project": [0.6, 0.6], "baseline": [0.2, 0.2]}}
    assert "baseline's median" not in report.missed_lines(fast_baseline)[0]


def test_a_missed_real_record_open_is_explained_under_the_targets():
    rows = [["real record: page open to map ready, warm server (median)", "<= 3 s", "3.14 s", "2.49 s", "0.8 x"]]
    assert report.missed_lines(None, [[*rows[0], "MISSED by 0.14"]])[0].startswith("- **real record: page open")
    assert report.missed_lines(None, [[*rows[0], "met"]]) == []
