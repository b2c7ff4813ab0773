"""The schema accepts good records and rejects each kind of bad one with the right message."""

from datetime import date

import pytest

from dashboard.core.incidents import load_incidents
from dashboard.core.problems import IncidentDataError
from dashboard.core.schema import FIELDS, describe_schema_markdown, imo_check_digit_ok
from tests.factories import make_collection, make_feature, write_collection

TODAY = date(2026, 1, 1)


def _problems_for(tmp_path, features):
    path = write_collection(tmp_path / "incidents.geojson", {"type": "FeatureCollection", "features": features})
    with pytest.raises(IncidentDataError) as caught:
        load_incidents(path, today=TODAY, check_land=False)
    return caught.value.problems


def test_valid_collection_loads(tmp_path):
    path = write_collection(tmp_path / "ok.geojson", make_collection(5))
    incidents = load_incidents(path, today=TODAY, check_land=False)
    assert len(incidents) == 5
    assert incidents.crs.to_epsg() == 4326
    assert str(incidents["date"].dtype).startswith("datetime64")
    assert incidents["category"].cat.categories[0] == "attack"


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"category": "piracy"}, "category", "must be one of attack"),
        ({"outcome": "exploded"}, "outcome", "must be one of hit"),
        ({"imo": "9178536"}, "imo", "IMO check digit is wrong"),
        ({"imo": "12345"}, "imo", "must match"),
        ({"sources": [{"url": "javascript:alert(1)", "publisher": "x", "published": None}]}, "sources", "http"),
        ({"sources": []}, "sources", "non-empty list"),
        ({"date": "2030-05-01"}, "date", "must not be after today"),
        ({"date": "2024-02-30"}, "date", "real calendar date"),
        ({"time_utc": "25:00"}, "time_utc", "must match"),
        ({"weapons": ["laser"]}, "weapons", "non-empty list drawn from"),
        ({"crew_killed": -1}, "crew_killed", ">= 0"),
        ({"crew_killed": "three"}, "crew_killed", "whole number"),
        ({"summary": None}, "summary", "must not be null"),
        ({"summary": "  "}, "summary", "must not be empty"),
        ({"vessel_name": 42}, "vessel_name", "must be text"),
        # The README's radius rule (35 nm = 64.8 km from Mocha: 6.5 km; reported coordinates: 2 km).
        ({"position_uncertainty_km": 20.0}, "position_uncertainty_km", "a tenth of the distance, at least 5 km"),
        (
            {"position_basis": "reported", "position_uncertainty_km": 5.0},
            "position_uncertainty_km",
            "reported positions have an uncertainty of 2 km",
        ),
        # Plausibility bounds.
        ({"crew_killed": 10_001}, "crew_killed", "must be at most 10,000"),
        ({"crew_held": 2**63 - 1}, "crew_held", "must be at most 10,000"),
        ({"crew_injured": 10**30}, "crew_injured", "must be a whole number from 0 to 10,000"),
        (
            {"position_basis": "area", "position_uncertainty_km": 2500.0},
            "position_uncertainty_km",
            "must be at most 2,000",
        ),
        (
            {"position_basis": "area", "position_uncertainty_km": float("inf")},
            "position_uncertainty_km",
            "must be a finite number",
        ),
        # The outcome coding (data/README.md).
        ({"category": "hijacking", "outcome": "repelled"}, "outcome", "a hijacking has outcome 'hijacked'"),
        ({"category": "attack", "outcome": "hijacked"}, "outcome", "'hijacked' is only for category 'hijacking'"),
        ({"category": "sinking", "outcome": "damaged"}, "outcome", "a sinking has outcome 'sunk'"),
        ({"category": "attack", "outcome": "sunk"}, "outcome", "'sunk' is only for category 'sinking'"),
        ({"claim_status": "claimed", "outcome": "damaged"}, "outcome", "claim-only records"),
        ({"category": "sinking", "claim_status": "claimed", "outcome": "sunk"}, "outcome", "claim-only records"),
        (
            {"category": "attack", "outcome": "repelled"},
            "outcome",
            "'repelled' is only for boarding_attempt or suspicious_approach",
        ),
        # Well-formed source addresses.
        (
            {"sources": [{"url": "https://arabnews.com/node/2567201/{{", "publisher": "x", "published": None}]},
            "sources",
            "must not contain spaces, quotes, braces",
        ),
        (
            {"sources": [{"url": "https://example.org/a report", "publisher": "x", "published": None}]},
            "sources",
            "must not contain spaces",
        ),
        (
            {"sources": [{"url": "https://example.org/100%", "publisher": "x", "published": None}]},
            "sources",
            "'%' that is not followed by two hexadecimal digits",
        ),
        (
            {"sources": [{"url": "https://localhost/x", "publisher": "x", "published": None}]},
            "sources",
            "must name a host",
        ),
        (
            {"sources": [{"url": "https://example.org:99999/x", "publisher": "x", "published": None}]},
            "sources",
            "well-formed address",
        ),
        # Whole-number crew counts.
        ({"crew_killed": 3.0}, "crew_killed", "whole number written without a decimal point"),
        ({"vessel_id": "imo9178537"}, "vessel_id", "must match"),
    ],
)
def test_bad_value_is_rejected_with_field_and_reason(tmp_path, overrides, field, fragment):
    problems = _problems_for(tmp_path, [make_feature(**overrides)])
    matching = [p for p in problems if p.field == field]
    assert matching, problems
    assert any(fragment in p.reason for p in matching), matching
    assert all(p.record == "RS-2024-0001" for p in matching)


def test_missing_field_is_named(tmp_path):
    feature = make_feature()
    del feature["properties"]["claim_status"]
    problems = _problems_for(tmp_path, [feature])
    assert any(p.field == "claim_status" and p.reason == "field is missing" for p in problems)


def test_latitude_95_is_rejected(tmp_path):
    problems = _problems_for(tmp_path, [make_feature(lat=95.0)])
    assert any(p.field == "lat" and "latitude must be within" in p.reason for p in problems)


def test_point_outside_region_is_rejected(tmp_path):
    problems = _problems_for(tmp_path, [make_feature(lon=10.0, lat=40.0)])
    assert any(p.field == "geometry" and "outside the region" in p.reason for p in problems)


def test_duplicate_id_is_rejected(tmp_path):
    problems = _problems_for(tmp_path, [make_feature(), make_feature(lon=45.5, lat=12.3)])
    assert any(p.field == "id" and "duplicate id (used by 2 records)" in p.reason for p in problems)


def test_every_problem_is_listed_not_just_the_first(tmp_path):
    features = [
        make_feature(id="RS-2024-0001", category="bad"),
        make_feature(id="RS-2024-0002", imo="1111111", lon=45.5, lat=12.3),
    ]
    problems = _problems_for(tmp_path, features)
    assert {(p.record, p.field) for p in problems} >= {("RS-2024-0001", "category"), ("RS-2024-0002", "imo")}


def test_a_value_s_reasons_come_in_record_order_then_rule_order(tmp_path):
    features = [
        make_feature(id="RS-2024-0001", imo="12345"),
        make_feature(id="RS-2024-0002", imo="9178536", lon=45.5, lat=12.3),
    ]
    problems = [(p.record, p.reason) for p in _problems_for(tmp_path, features) if p.field == "imo"]
    assert problems == [
        ("RS-2024-0001", "must match ^\\d{7}$; got '12345'"),
        ("RS-2024-0001", "IMO check digit is wrong; got '12345'"),
        ("RS-2024-0002", "IMO check digit is wrong; got '9178536'"),
    ]


def test_feature_without_geometry(tmp_path):
    feature = make_feature()
    feature["geometry"] = None
    problems = _problems_for(tmp_path, [feature])
    assert any(p.field == "geometry" and p.reason == "feature has no geometry" for p in problems)


@pytest.mark.parametrize(
    ("imo", "valid"), [("9074729", True), ("9178537", True), ("9178536", False), ("abc1234", False), ("123456", False)]
)
def test_imo_check_digit(imo, valid):
    assert imo_check_digit_ok(imo) is valid


def test_schema_documentation_lists_every_field():
    table = describe_schema_markdown()
    for field in FIELDS:
        assert f"`{field.name}`" in table


def test_radius_rule_accepts_the_rule_and_area_radii(tmp_path):
    features = [
        make_feature(id="RS-2024-0001", position_uncertainty_km=6.5),
        make_feature(
            id="RS-2024-0002",
            lon=45.5,
            lat=12.3,
            position_basis="reported",
            position_text="12°18'N 045°30'E",
            position_uncertainty_km=2.0,
        ),
        make_feature(
            id="RS-2024-0003",
            lon=41.0,
            lat=16.5,
            position_basis="area",
            position_text="Red Sea",
            position_uncertainty_km=300.0,
        ),
    ]
    path = write_collection(tmp_path / "ok.geojson", {"type": "FeatureCollection", "features": features})
    assert len(load_incidents(path, today=TODAY, check_land=False)) == 3


def test_data_readme_carries_the_schema_table():
    from dashboard.core.paths import DATA_DIR

    assert describe_schema_markdown() in (DATA_DIR / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "overrides",
    [
        {"category": "sinking", "claim_status": "claimed", "outcome": "unknown"},
        {"category": "hijacking", "claim_status": "claimed", "outcome": "unknown"},
        {"category": "boarding_attempt", "outcome": "repelled"},
        {"category": "suspicious_approach", "outcome": "repelled"},
        {"sources": [{"url": "https://пример.рф/путь?q=1#a", "publisher": "x", "published": None}]},
        {"sources": [{"url": "https://example.org/a%27b", "publisher": "x", "published": None}]},
    ],
)
def test_coding_and_addresses_that_follow_the_rules_load(tmp_path, overrides):
    path = write_collection(
        tmp_path / "ok.geojson", {"type": "FeatureCollection", "features": [make_feature(**overrides)]}
    )
    assert len(load_incidents(path, today=TODAY, check_land=False)) == 1


def test_vessel_id_may_be_absent(tmp_path):
    feature = make_feature()
    del feature["properties"]["vessel_id"]
    path = write_collection(tmp_path / "ok.geojson", {"type": "FeatureCollection", "features": [feature]})
    assert load_incidents(path, today=TODAY, check_land=False)["vessel_id"].isna().all()
