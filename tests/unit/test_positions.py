"""Parsing position phrases and computing points from distance and bearing."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyproj import Geod

from dashboard.core.geodesy import KM_PER_NM as NM_IN_KM
from dashboard.core.geodesy import circle_rings
from dashboard.core.positions import (
    COMPASS_BEARINGS,
    build_place_index,
    compute_position,
    computed_uncertainty_km,
    parse_direction,
    parse_position_text,
    recompute_positions,
)

PLACES = pd.DataFrame(
    [
        {"name": "Hodeidah", "aliases": "Al Hudaydah;Hudaydah", "lon": 42.95, "lat": 14.80},
        {"name": "Mocha", "aliases": "Mokha;Al Mukha", "lon": 43.25, "lat": 13.32},
    ]
)


@pytest.mark.parametrize(
    ("text", "distance_km", "bearing", "place"),
    [
        ("approximately 54 nautical miles west of Hodeidah, Yemen", 54 * NM_IN_KM, 270.0, "Hodeidah"),
        ("25NM West of Hodeidah", 25 * NM_IN_KM, 270.0, "Hodeidah"),
        ("70 NM SE of Aden", 70 * NM_IN_KM, 135.0, "Aden"),
        ("57nm north-west of Hodeidah", 57 * NM_IN_KM, 315.0, "Hodeidah"),
        ("10 nm west-northwest of Saleef", 10 * NM_IN_KM, 292.5, "Saleef"),
        ("about 50 km south of the Yemeni port city of Mocha", 50.0, 180.0, "Mocha"),
        ("60NM NW of Hodeidah Port", 60 * NM_IN_KM, 315.0, "Hodeidah"),
    ],
)
def test_parse_position_text(text, distance_km, bearing, place):
    parsed = parse_position_text(text)
    assert parsed is not None
    assert parsed.distance_km == pytest.approx(distance_km)
    assert parsed.bearing_deg == bearing
    assert parsed.place == place


@pytest.mark.parametrize(
    "text", ["Southern Red Sea", "13°06'N 043°03'E", "", "west of Hodeidah", "50 miles west of Hodeidah"]
)
def test_phrases_without_distance_and_bearing_are_not_parsed(text):
    assert parse_position_text(text) is None


@given(st.sampled_from(list(COMPASS_BEARINGS)))
def test_every_compass_point_parses(point):
    assert parse_direction(point) == COMPASS_BEARINGS[point]
    assert parse_direction(point.lower()) == COMPASS_BEARINGS[point]


def test_compute_position_matches_pyproj_forward():
    index = build_place_index(PLACES)
    position = compute_position("40 nm SW of Mokha", index)
    assert isinstance(position, tuple), position
    lon, lat = position
    expected_lon, expected_lat, _ = Geod(ellps="WGS84").fwd(43.25, 13.32, 225.0, 40 * NM_IN_KM * 1000)
    assert (lon, lat) == pytest.approx((expected_lon, expected_lat))


def test_unknown_place_is_reported():
    result = compute_position("40 nm SW of Atlantis", build_place_index(PLACES))
    assert isinstance(result, str) and "Atlantis" in result


def test_recompute_positions_reports_shift():
    table = pd.DataFrame(
        [
            {
                "id": "A",
                "position_basis": "computed",
                "position_text": "20 nm W of Hodeidah",
                "lon": 42.95,
                "lat": 14.80,
            },
            {"id": "B", "position_basis": "reported", "position_text": "14N 42E", "lon": 42.0, "lat": 14.0},
        ]
    )
    result = recompute_positions(table, PLACES)
    assert list(result["id"]) == ["A"]
    assert result.loc[0, "shift_km"] == pytest.approx(20 * NM_IN_KM, rel=1e-3)


def test_uncertainty_rule():
    assert computed_uncertainty_km(10) == 5.0
    assert computed_uncertainty_km(200) == 20.0


def test_circle_ring_is_closed_and_at_radius():
    ring = circle_rings(43.0, 13.0, 100.0, vertices=12)[0].tolist()
    assert ring[0] == ring[-1] and len(ring) == 13
    _, _, metres = Geod(ellps="WGS84").inv(43.0, 13.0, *ring[3])
    assert metres / 1000 == pytest.approx(100.0, abs=0.05)
