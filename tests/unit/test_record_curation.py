"""The bundled record after the second curation pass (issue #12): the named defects stay fixed, ships and area
placements follow the curation rules, and the figures data/README.md states are the record's own."""

import json
import re

import pandas as pd
import pytest

from dashboard.core import paths
from dashboard.core.about import readme_completeness_date
from dashboard.core.areas import load_places
from dashboard.core.geodesy import distance_km
from dashboard.core.positions import build_place_index, compute_position
from dashboard.core.reading import read_incident_table
from dashboard.core.vessels import read_vessels

README = paths.DATA_DIR / "README.md"
CREW_FIELDS = ("crew_killed", "crew_injured", "crew_missing", "crew_held")
# Phrases of the curators' working notes that once leaked into public `notes`.
EDITING_NOTES = ("[merged", "check for a duplicate", "p_piracy", ".json", "area_anchor is null", "integrator", "todo")
# Small craft rarely have an IMO number; the IMO share is also given without them.
CRAFT_WITHOUT_IMO = ("fishing_vessel", "dhow")


@pytest.fixture(scope="module")
def raw_features():
    return json.loads(paths.INCIDENTS_FILE.read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def table():
    frame, problems = read_incident_table(paths.INCIDENTS_FILE)
    assert problems == []
    return frame.set_index("id", drop=False)


@pytest.fixture(scope="module")
def register():
    vessels, problems = read_vessels(paths.VESSELS_FILE)
    assert problems == []
    return vessels


@pytest.fixture(scope="module")
def readme_text():
    # Figures may wrap across lines: compare on single-spaced text.
    return re.sub(r"\s+", " ", README.read_text(encoding="utf-8"))


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole)


# --------------------------------------------------------------------------- the defects issue #12 named


@pytest.mark.parametrize(("record", "time"), [("RS-2024-0120", "14:03"), ("RS-2024-0124", "11:44")])
def test_times_shifted_by_a_time_zone_label_are_utc(table, record, time):
    assert table.loc[record, "time_utc"] == time
    assert "3 hours" in table.loc[record, "notes"] or "3-hour" in table.loc[record, "notes"]


def test_amjad_is_disputed_and_the_denial_is_named(table):
    amjad = table.loc["RS-2024-0131"]
    assert (amjad["vessel_name"], amjad["claim_status"]) == ("Amjad", "disputed")
    assert "Bahri" in amjad["notes"] and "not targeted" in amjad["notes"]


def test_the_ship_jmic_named_is_named(table):
    assert table.loc["RS-2024-0123", "vessel_name"] == "On Phoenix"


def test_an_unclaimed_unattributed_attack_has_no_named_actor(table):
    # Found by the hand check: nobody claimed the explosion near On Phoenix and no official source attributed it;
    # a news agency's "hallmarks of Houthi attacks" is not an attribution under the curation rules.
    on_phoenix = table.loc["RS-2024-0123"]
    assert on_phoenix["actor"] == "unknown"
    assert "hallmarks" in on_phoenix["notes"]


@pytest.mark.parametrize("ship", ["Basilisk", "Stolt Sagaland", "MSC Sarah V", "Iman", "Al Naeemi"])
def test_ships_once_left_out_are_recorded(table, ship):
    records = table[table["vessel_name"] == ship]
    assert len(records) == 1
    assert records.iloc[0]["sources"]


def test_mado_claim_is_merged_into_the_confirmed_attack(table):
    assert "RS-2024-0043" not in table.index
    mado = table[table["vessel_name"] == "Mado"]
    assert list(mado.index) == ["RS-2024-0042"]
    assert mado.iloc[0]["claim_status"] == "confirmed"
    assert "Houthis also claimed" in mado.iloc[0]["notes"]


def test_magic_seas_sinking_is_confirmed_on_an_independent_report(table):
    sinking = table.loc["RS-2025-0006"]
    assert (sinking["category"], sinking["outcome"], sinking["claim_status"]) == ("sinking", "sunk", "confirmed")
    assert "Ambrey" in sinking["notes"]


def test_aden_skiff_approach_carries_ukmto_utc_date(table):
    record = table.loc["RS-2026-0002"]
    assert (str(record["date"])[:10], record["time_utc"]) == ("2026-02-17", "10:16")
    assert "16 Feb" in record["notes"]


def test_notes_carry_no_editing_notes(table):
    text = (table["notes"].fillna("") + " " + table["summary"].fillna("")).str.lower()
    for phrase in EDITING_NOTES:
        assert not text.str.contains(phrase, regex=False).any(), (phrase, list(table.index[text.str.contains(phrase)]))


def test_crew_counts_are_written_as_whole_numbers(raw_features):
    for feature in raw_features:
        for field in CREW_FIELDS:
            value = feature["properties"][field]
            assert value is None or type(value) is int, (feature["properties"]["id"], field, value)


# --------------------------------------------------------------------------- ships as entities


def test_every_named_record_refers_to_one_ship_in_the_register(table, register):
    named = table[table["vessel_name"].notna()]
    assert named["vessel_id"].notna().all(), list(named.index[named["vessel_id"].isna()])
    assert set(named["vessel_id"]) <= set(register.index)
    ids_per_name = named.groupby(named["vessel_name"].str.lower())["vessel_id"].nunique()
    assert (ids_per_name == 1).all(), ids_per_name[ids_per_name > 1]
    for column in ("vessel_name", "imo", "flag", "vessel_type"):
        facts_per_ship = named.groupby("vessel_id")[column].nunique(dropna=False)
        assert (facts_per_ship == 1).all(), (column, facts_per_ship[facts_per_ship > 1])


def test_ship_facts_agree_with_the_register(table, register):
    named = table[table["vessel_id"].notna()]
    for column, register_column in (("vessel_name", "name"), ("imo", "imo"), ("flag", "flag")):
        expected = named["vessel_id"].map(register[register_column]).replace("", None)
        differ = named[column].fillna("").astype(str) != expected.fillna("").astype(str)
        assert not differ.any(), (column, list(named.index[differ]))


def test_every_ship_in_the_register_has_a_record(table, register):
    assert set(register.index) == set(table["vessel_id"].dropna())


# --------------------------------------------------------------------------- area placements


def test_area_records_sit_exactly_at_a_named_anchor_with_a_covering_radius(table):
    anchors = load_places().query("kind == 'area_anchor'")
    at_anchor = {(round(lon, 5), round(lat, 5)): name for lon, lat, name in anchors[["lon", "lat", "name"]].values}
    area = table[table["position_basis"] == "area"]
    assert len(area)
    for record in area.itertuples():
        assert (round(float(record.lon), 5), round(float(record.lat), 5)) in at_anchor, record.id
        # The README's rule: 25-150 km for the small anchors, up to 400 km for a sea, 800 km for a claim that
        # names both the Red Sea and the Gulf of Aden.
        assert 20 <= float(record.position_uncertainty_km) <= 800, record.id


def test_area_circles_cover_the_position_their_text_reports(table):
    # An area-level record whose text gives a distance and bearing (rough figures, or a report that may not be
    # about this ship) is drawn with a circle that covers that point: the README's "a radius that covers the
    # reported position". MSC Diego and Gina once sat at the 'Gulf of Aden' anchor, 360 km from UKMTO's report.
    place_index = build_place_index(load_places())
    area = table[table["position_basis"] == "area"]
    checked = 0
    for record in area.itertuples():
        point = compute_position(record.position_text or "", place_index)
        if isinstance(point, str):
            continue
        checked += 1
        reach_km = distance_km(float(record.lon), float(record.lat), *point)
        assert reach_km <= float(record.position_uncertainty_km), (record.id, round(reach_km))
    assert checked >= 5


def test_sea_wide_anchors_keep_a_sea_wide_radius(table):
    anchors = load_places().query("kind == 'area_anchor'").set_index("name")
    minimum_km = {"Red Sea": 300, "Arabian Sea": 400, "Somali Basin": 400, "Gulf of Aden": 150}
    area = table[table["position_basis"] == "area"]
    for name, radius in minimum_km.items():
        lon, lat = anchors.loc[name, ["lon", "lat"]]
        there = area[
            (area["lon"].astype(float) - lon).abs().lt(1e-5) & (area["lat"].astype(float) - lat).abs().lt(1e-5)
        ]
        assert (there["position_uncertainty_km"].astype(float) >= radius).all(), (name, list(there.index))


# --------------------------------------------------------------------------- what data/README.md states


def test_readme_states_the_size_and_dates_of_the_record(table, register, readme_text):
    sources = sum(len(s) for s in table["sources"])
    first, last = (f"{pd.Timestamp(d):%Y-%m-%d}" for d in (table["date"].min(), table["date"].max()))
    expected = f"{len(table)} incidents citing {sources} sources ({first} to {last}); {len(register)} ships"
    assert expected in readme_text, expected


def test_completeness_date_is_not_before_the_latest_incident(table):
    assert readme_completeness_date() >= pd.Timestamp(table["date"].max()).date()


def test_readme_states_the_measured_position_share(table, readme_text):
    located = table["position_basis"].isin(["reported", "computed"])
    confirmed = table["claim_status"] == "confirmed"
    part, whole = int((located & confirmed).sum()), int(confirmed.sum())
    every, total = int(located.sum()), len(table)
    expected = (
        f"for {part} of {whole} confirmed records ({percent(part, whole)}%) and {every} of {total} records "
        f"overall ({percent(every, total)}%)"
    )
    assert expected in readme_text, expected


def test_readme_states_the_measured_imo_share(register, readme_text):
    with_imo = register["imo"].fillna("") != ""
    merchant = ~register["vessel_type"].isin(CRAFT_WITHOUT_IMO)
    part, whole = int(with_imo.sum()), len(register)
    merchant_part, merchant_whole = int((with_imo & merchant).sum()), int(merchant.sum())
    expected = (
        f"IMO number known for {part} of {whole} ships in `vessels.csv` ({percent(part, whole)}%); "
        f"{merchant_part} of {merchant_whole} excluding fishing vessels and dhows "
        f"({percent(merchant_part, merchant_whole)}%)"
    )
    assert expected in readme_text, expected


def test_readme_states_the_measured_published_share(table, readme_text):
    dates = [source.get("published") for sources in table["sources"] for source in sources]
    part, whole = sum(bool(d) for d in dates), len(dates)
    expected = f"`published` date on {part} of {whole} sources ({percent(part, whole)}%)"
    assert expected in readme_text, expected
