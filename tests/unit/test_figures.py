"""Figure builders: traces, shared palette, event markers, offline map style."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core import style
from dashboard.core.analysis import counts_by_period
from dashboard.core.figures import (
    basemap_layers,
    incident_map_figure,
    locator_map_figure,
    timeline_figure,
)
from dashboard.core.incidents import to_geodataframe
from dashboard.core.reading import features_to_frame
from dashboard.core.schema import CATEGORIES
from tests.factories import make_collection

LAND = {"type": "FeatureCollection", "features": []}


@pytest.fixture
def incidents():
    frame, _ = features_to_frame(make_collection(10)["features"], "test")
    return to_geodataframe(frame)


def test_every_category_has_a_colour_and_label():
    assert set(style.CATEGORY_COLOURS) == set(CATEGORIES) == set(style.CATEGORY_LABELS)


def test_map_uses_offline_style_one_trace_per_category_and_palette(incidents):
    figure = incident_map_figure(incidents, basemap_layers(LAND))
    assert figure.layout.map.style == "white-bg"
    names = [trace.name for trace in figure.data]
    present = incidents["category"].astype(str).unique()
    assert len(figure.data) == len(present)
    for trace in figure.data:
        category = trace.legendgroup
        assert trace.marker.color == style.CATEGORY_COLOURS[category]
        assert trace.type == "scattermap"
    assert sum(len(trace.lon) for trace in figure.data) == len(incidents)
    assert any("Attack" in name for name in names)


def test_map_marks_claimed_faint_and_carries_ids(incidents):
    incidents = incidents.copy()
    incidents.loc[incidents.index[0], "claim_status"] = "claimed"
    figure = incident_map_figure(incidents, basemap_layers(LAND))
    opacities = [o for trace in figure.data for o in trace.marker.opacity]
    assert min(opacities) == pytest.approx(style.CLAIMED_OPACITY)
    ids = {row[0] for trace in figure.data for row in trace.customdata}
    assert ids == set(incidents["id"])


def test_map_draws_uncertainty_circles_for_computed_positions(incidents):
    incidents["position_uncertainty_km"] = 50.0
    figure = incident_map_figure(incidents, basemap_layers(LAND), show_uncertainty=True)
    circles = figure.layout.map.layers[-1].source["features"][0]["geometry"]
    # Ten incidents on five distinct points: one circle per point and radius.
    assert circles["type"] == "MultiLineString" and len(circles["coordinates"]) == 5
    ring = circles["coordinates"][0]
    assert ring[0] == ring[-1]
    plain = incident_map_figure(incidents, basemap_layers(LAND), show_uncertainty=False)
    assert [layer.type for layer in plain.layout.map.layers] == ["fill", "fill"]  # sea and land only


def test_small_radii_get_no_circle(incidents):
    figure = incident_map_figure(incidents, basemap_layers(LAND), show_uncertainty=True)
    assert len(figure.layout.map.layers) == 2


def test_selected_points_map_back_to_ids(incidents):
    from dashboard.core.figures import category_groups, ids_of_selected_points

    groups = category_groups(incidents)
    first_category, rows = groups[1]
    points = [{"curve_number": 1, "point_index": 0}, {"curve_number": 99, "point_index": 0}]
    assert ids_of_selected_points(incidents, points) == [incidents["id"].iloc[rows[0]]]
    assert (incidents["category"].iloc[rows] == first_category).all()


def test_large_maps_share_markers_per_cell_and_send_only_counts(incidents, monkeypatch):
    monkeypatch.setattr("dashboard.core.figures.MAX_HOVER_POINTS", 3)
    figure = incident_map_figure(incidents, basemap_layers(LAND))
    # Ten incidents on five points, two of each category on each of its points: five markers, each of two.
    assert sum(len(trace.lon) for trace in figure.data) == 5
    for trace in figure.data:
        assert isinstance(trace.marker.size, int | float)
        assert np.asarray(trace.customdata).dtype.kind == "i" and set(trace.customdata) == {2}


def test_a_shared_marker_selects_every_incident_behind_it(incidents, monkeypatch):
    from dashboard.core.figures import ids_of_selected_points, marker_traces

    monkeypatch.setattr("dashboard.core.figures.MAX_HOVER_POINTS", 3)
    curve, trace = next((n, t) for n, t in enumerate(marker_traces(incidents)) if len(t.drawn) == 1)
    behind = incidents["id"].iloc[trace.rows].tolist()
    assert len(behind) == 2
    assert sorted(ids_of_selected_points(incidents, [{"curve_number": curve, "point_index": 0}])) == sorted(behind)
    assert ids_of_selected_points(incidents, [{"curve_number": curve, "point_index": 1}]) == []


def test_incidents_in_different_cells_keep_their_own_markers(incidents, monkeypatch):
    from dashboard.core.figures import ids_of_selected_points, marker_traces

    monkeypatch.setattr("dashboard.core.figures.MAX_HOVER_POINTS", 3)
    moved = incidents.copy()
    curve, trace = next((n, t) for n, t in enumerate(marker_traces(moved)) if len(t.drawn) == 1)
    second = trace.rows[1]
    moved.loc[moved.index[second], "lon"] += 0.05
    trace = marker_traces(moved)[curve]
    assert len(trace.drawn) == 2 and list(trace.counts) == [1, 1]
    assert ids_of_selected_points(moved, [{"curve_number": curve, "point_index": 1}]) == [moved["id"].iloc[second]]
    figure = incident_map_figure(moved, [])
    assert figure.data[curve].lon[1] == pytest.approx(moved["lon"].iloc[second], abs=1e-4)


def test_selected_incident_is_highlighted(incidents):
    figure = incident_map_figure(incidents, basemap_layers(LAND), selected_id=incidents["id"].iloc[0])
    assert figure.data[-1].name == "Selected incident"


def test_online_tiles_are_opt_in(incidents):
    assert incident_map_figure(incidents, [], online_tiles=True).layout.map.style == "open-street-map"


def test_timeline_has_stacked_bars_cumulative_line_and_event_markers(incidents):
    events = pd.DataFrame({"date": pd.to_datetime(["2024-03-01", "2030-01-01"]),
                           "label": ["Strikes begin", "Far future"], "kind": ["strike", "strike"]})
    counts = counts_by_period(incidents, "month", "category")
    figure = timeline_figure(counts, events, stack_by="category", period="month")
    bars = [trace for trace in figure.data if trace.type == "bar"]
    assert len(bars) == len(counts.columns)
    assert {bar.marker.color for bar in bars} <= set(style.CATEGORY_COLOURS.values())
    assert any(trace.name == "Cumulative" for trace in figure.data)
    markers = [trace for trace in figure.data if trace.name == "Context events"]
    assert len(markers) == 1 and list(markers[0].customdata[:, 0]) == ["Strikes begin"]
    assert list(markers[0].text) == ["1"] and markers[0].mode == "markers+text"
    from dashboard.core.figures import event_legend_rows

    events["source_url"] = ["https://example.org/a", "https://example.org/b"]
    assert list(event_legend_rows(events, counts)["event"]) == ["Strikes begin"]
    assert figure.layout.barmode == "stack"


def test_locator_map(incidents):
    figure = locator_map_figure(incidents.iloc[0], basemap_layers(LAND))
    assert figure.layout.map.center.lat == pytest.approx(incidents.iloc[0]["lat"])
    assert any(layer.type == "fill" for layer in figure.layout.map.layers)


def test_density_view_on_request_and_above_the_threshold(incidents, monkeypatch):
    figure = incident_map_figure(incidents, basemap_layers(LAND), density=True)
    assert [trace.type for trace in figure.data] == ["densitymap"]
    monkeypatch.setattr("dashboard.core.figures.AGGREGATE_ABOVE", 5)
    assert incident_map_figure(incidents, basemap_layers(LAND)).data[0].type == "densitymap"
    assert incident_map_figure(incidents, basemap_layers(LAND), density=False).data[0].type == "scattermap"


def test_imported_layer_is_a_separate_grey_trace(incidents):
    imported = incidents.head(3).assign(id=["CAS-1", "CAS-2", "CAS-3"])
    figure = incident_map_figure(incidents, basemap_layers(LAND), imported=imported)
    layer = figure.data[-1]
    assert layer.name == "Imported records (3)" and layer.marker.color == style.IMPORTED_COLOUR


def test_grid_counts_bins_points():
    from dashboard.core.figures import grid_counts

    lons, lats, counts = grid_counts(np.array([45.01, 45.02, 45.31]), np.array([12.01, 12.04, 12.01]), 0.1)
    assert sorted(counts.tolist()) == [1, 2]
    assert counts.sum() == 3
    assert np.allclose(sorted(lons.tolist()), [45.05, 45.35])


@given(st.lists(st.tuples(st.floats(-180, 180), st.floats(-90, 90)), min_size=1, max_size=40),
       st.sampled_from([0.1, 0.01, 1.0]))
def test_grid_counts_match_a_plain_count_per_cell(points, cell_deg):
    # Wide spans take the sorting path, narrow ones the dense grid; both must count like a dict would.
    from collections import Counter

    from dashboard.core.figures import grid_counts

    lon, lat = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    expected = Counter(zip(np.floor(lon / cell_deg).astype(int), np.floor(lat / cell_deg).astype(int)))
    lons, lats, counts = grid_counts(lon, lat, cell_deg)
    got = Counter({(int(np.floor(x / cell_deg)), int(np.floor(y / cell_deg))): int(n)
                   for x, y, n in zip(lons.astype(float), lats.astype(float), counts)})
    assert got == expected


def test_density_view_sends_weighted_cells(incidents):
    figure = incident_map_figure(incidents, basemap_layers(LAND), density=True)
    trace = figure.data[0]
    assert sum(trace.z) == len(incidents) and len(trace.lon) <= len(incidents)
