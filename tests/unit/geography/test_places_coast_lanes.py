"""The bundled places, Houthi-held coast and shipping lanes: schema, sources and positions."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from dashboard.core import areas as sea_areas
from dashboard.core.paths import INCIDENTS_FILE
from dashboard.core.positions import build_place_index, compute_position
from dashboard.core.reading import read_incident_table
from dashboard.core.region import REGION_BOUNDS
from tests.unit.geography.shared import points


def test_places_schema(places):
    assert list(places.columns) == ["name", "aliases", "kind", "lat", "lon", "country", "source_url"]
    assert places["name"].is_unique
    assert set(places["kind"]) <= set(sea_areas.PLACE_KINDS)
    x0, y0, x1, y1 = REGION_BOUNDS
    inside = places["lon"].between(x0, x1) & places["lat"].between(y0, y1)
    # A place beyond the region is kept only as the reference of a distant reported position
    # ("850 nm W of Kochi", Indian Navy) whose computed point lies inside the region.
    table, _ = read_incident_table(INCIDENTS_FILE)
    computed = table[table["position_basis"] == "computed"]
    for place in places[~inside].itertuples(index=False):
        only_this_place = build_place_index(places[places["name"] == place.name])
        uses = [
            text for text in computed["position_text"] if isinstance(compute_position(text, only_this_place), tuple)
        ]
        assert uses, f"{place.name} lies beyond the region and no computed position refers to it"
    assert computed["lon"].between(x0, x1).all() and computed["lat"].between(y0, y1).all()


def test_places_cite_sources_except_anchors(places):
    anchors = places["kind"] == "area_anchor"
    assert (places.loc[anchors, "source_url"] == "").all()
    assert (places.loc[anchors, "country"] == "").all()
    assert places.loc[~anchors, "source_url"].str.startswith("http").all()


def test_area_anchors_are_at_sea_far_from_land(places, land_geom):
    anchors = places[places["kind"] == "area_anchor"]
    pts = points(*zip(anchors["lon"], anchors["lat"], strict=True))
    assert not shapely.contains_xy(land_geom, pts.x, pts.y).any()
    coast_km = sea_areas.distance_to_line_km(pts, land_geom.boundary)
    assert (coast_km >= 10.0).all(), anchors["name"][coast_km.to_numpy() < 10.0].tolist()


def test_ports_are_near_the_coast(places, land_geom):
    # The bundled land ends at the region bounds, so only ports inside them can be checked against its coast.
    x0, y0, x1, y1 = REGION_BOUNDS
    ports = places[(places["kind"] == "port") & places["lon"].between(x0, x1) & places["lat"].between(y0, y1)]
    km = sea_areas.distance_to_line_km(points(*zip(ports["lon"], ports["lat"], strict=True)), land_geom.boundary)
    assert (km <= 15.0).all(), ports["name"][km.to_numpy() > 15.0].tolist()


@pytest.mark.parametrize(
    "alias, name", [("mokha", "Mocha"), ("al khawkhah", None), ("al makha", "Mocha"), ("jazan", "Jizan")]
)
def test_place_index_knows_names_and_aliases(places, alias, name):
    found = build_place_index(places).get(alias)
    assert (found[2] if found else None) == name


def test_houthi_coast_is_dated_and_sourced(coast):
    row = coast.iloc[0]
    assert pd.Timestamp(row["as_of"]) >= pd.Timestamp("2024-01-01")  # GDAL may parse it as a date
    assert row["source_url"].startswith("https://")
    assert row["description"]
    minx, miny, maxx, maxy = coast.total_bounds
    assert miny >= 13.9 and maxy <= 16.3 and minx >= 42.3 and maxx <= 43.6


def test_shipping_lanes(lanes):
    assert set(lanes["kind"]) == {"main_route", "irtc"}
    assert (lanes["provenance"].str.len() > 20).all()
    assert box(*REGION_BOUNDS).buffer(1e-6).contains(lanes.union_all())
    irtc = lanes[lanes["kind"] == "irtc"]
    for line in irtc.geometry:
        lons = sorted(shapely.get_coordinates(line)[[0, -1], 0])
        assert lons == pytest.approx([45.0, 53.0])
