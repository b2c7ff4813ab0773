"""Importing ASAM, Crime at Sea, ACLED and generic files: mapping, rejections, dedup, writing, CLI."""

import argparse
import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.core import importers, paths
from dashboard.cli.import_command import TextProgress, add_import_parser, parse_mapping, run_import
from dashboard.core.importers import (
    ACLED_SUB_EVENT_TYPES,
    ACTOR_KEYWORDS,
    CATEGORY_FALLBACK,
    CATEGORY_KEYWORDS,
    CRIME_AT_SEA_ATTACK_TYPES,
    CRIME_AT_SEA_ATTRIBUTION,
    CRIME_AT_SEA_OUTCOMES,
    DATASETS,
    OUTCOME_KEYWORDS,
    OUTPUT_COLUMNS,
    VESSEL_TYPE_KEYWORDS,
    WEAPON_KEYWORDS,
    ImportFormatError,
    import_file,
    imported_to_geojson_bytes,
    link_duplicates,
    parse_date_text,
    write_imported,
)
from dashboard.core.incidents import features_to_frame, to_geodataframe
from dashboard.core.schema import ACTORS, CATEGORIES, OUTCOMES, VESSEL_TYPES, WEAPONS
from tests.factories import make_collection

DOCS = Path(__file__).resolve().parents[2] / "docs" / "importers.md"

# ASAM export: BOM, CRLF, a position split over two lines, a duplicated reference, an unreadable position.
ASAM_CSV = (
    "reference,date,position,navArea,subreg,hostility,victim,description\r\n"                          # line 1
    '2019-123,2019-03-15,"12°34\'56""N\r\n045°01\'02""E",IX,62,PIRATES,Bulk Carrier,'                  # line 2
    '"GULF OF ADEN: Pirates in two skiffs fired upon and attempted to board a bulk carrier. '
    'The ship took evasive action and the pirates aborted."\r\n'                                       # line 3
    "2019-124,3/16/2019,13°00'N 043°10'E,IX,62,Houthi,tanker,"
    '"RED SEA: Tanker struck by a missile at 0530 UTC, caught fire."\r\n'                              # line 4
    "2019-123,2019-03-15,,IX,62,Pirates,bulk carrier,\r\n"                                             # line 5
    "2019-125,2019-03-17,12°XX'N 045°E,IX,62,robbers,dhow,Robbers boarded a dhow.\r\n"                 # line 6
    "2019-126,,12°N 045°E,IX,62,armed men,fishing vessel,Armed men hijacked a fishing vessel.\r\n"     # line 7
).encode("utf-8-sig")
ASAM_OLD_CSV = (
    "reference,dateofocc,position,navArea,subreg,hostility,victim,description\n"
    "2009-10,01/12/2009,12-34.5N 045-01.2E,IX,62,Pirate,merchant vessel,Suspicious approach by a skiff.\n"
).encode("utf-8")

# Crime at Sea: NA values and a description over two lines.
CRIME_AT_SEA_CSV = (
    "date,time,longitude,latitude,attack_type,location_description,nearest_country,eez_country,"
    "shore_distance,shore_longitude,shore_latitude,attack_description,vessel_name,vessel_type,"
    "vessel_status,data_source\n"                                                                      # line 1
    '2010-03-05,NA,45.2,12.4,Hijacked,Gulf of Aden,YEM,YEM,40.1,45.0,12.8,"Pirates armed with guns '  # line 2
    'boarded and hijacked the bulk carrier.\nThe crew of 20 was taken hostage.",ALPHA STAR,'
    "Bulk carrier,Steaming,IMB\n"                                                                      # line 3
    "2011-01-02,05:30,NA,NA,Attempted,NA,NA,NA,NA,NA,NA,Robbers tried to board.,NA,NA,NA,MAPS\n"        # line 4
    "2015-07-09,NA,43.5,13.1,Suspicious,Southern Red Sea,ERI,ERI,20.5,43.2,13.3,"
    '"Six skiffs approached the tanker; the vessel increased speed and the skiffs moved away.",'
    "NA,Tanker,Underway,MAPS\n"                                                                        # line 5
).encode("utf-8")

ACLED_HEADER = ("event_id_cnty,event_date,year,event_type,sub_event_type,actor1,assoc_actor_1,actor2,"
                "country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities\n")
ACLED_CSV = (
    ACLED_HEADER
    + "YEM1234,26 January 2024,2024,Explosions/Remote violence,Shelling/artillery/missile attack,"
      "Houthi Movement (Ansar Allah),,Civilians (International),Yemen,Aden,Gulf of Aden,13.2,47.1,2,Reuters,"
      '"On 26 January 2024, Houthi forces fired an anti-ship ballistic missile at the oil tanker '
      'Marlin Luanda in the Gulf of Aden, causing a fire on board.",0\n'
    + "YEM1235,2024-01-27,2024,Battles,Armed clash,Military Forces of Yemen,,Houthi Movement,Yemen,Taizz,"
      "Taizz,13.58,44.02,1,Local,Clashes between government forces and Houthis in Taizz city.,2\n"
    + "YEM1236,2024-02-18,2024,Explosions/Remote violence,Shelling/artillery/missile attack,"
      "Ansar Allah,,Civilians (International),Yemen,Al Hudaydah,Bab al Mandab,13.0,43.2,2,UKMTO,"
      "Two missiles struck the bulk carrier Rubymar.,0\n"
).encode("utf-8")

GENERIC_CSV = (
    "Event Date;Lat;Long;Ship;Kind;What happened\n"
    "2024-02-19;13.1;43.2;Test One;Missile attack;\"A missile hit the ship; minor damage.\"\n"
    "19/02/2024;13.2;43.3;Test Two;hijacking;Seized by boarders from a helicopter.\n"
    "02/03/2024;13.3;43.4;Test Three;attack;Ambiguous date.\n"
).encode("utf-8")
GENERIC_MAPPING = {"date": "Event Date", "lat": "Lat", "lon": "Long", "vessel_name": "Ship",
                   "category": "Kind", "summary": "What happened"}


def _geojson_bytes() -> bytes:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [42.5, 15.0]},
             "properties": {"id": "A1", "date": "2024-03-01", "category": "attack", "summary": "Drone attack.",
                            "weapons": ["one_way_attack_drone"], "vessel_type": "Container ship"}},
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[42, 15], [43, 15], [42, 16],
                                                                                 [42, 15]]]},
             "properties": {"id": "A2", "date": "2024-03-02", "summary": "An area."}},
        ],
    }
    return json.dumps(collection, indent=2).encode("utf-8")


def _rows(frame: pd.DataFrame) -> dict[str, dict]:
    return {row["id"]: row for row in frame.to_dict(orient="records")}


def _balanced(report) -> bool:
    return report.rows_read == report.imported + len(report.rejected) + report.skipped + report.duplicates_merged


# --- ASAM --------------------------------------------------------------------------------------------


def test_asam_import_maps_categories_and_reports_every_row():
    records, report = import_file("asam", ASAM_CSV)
    rows = _rows(records)
    assert list(records.columns) == list(OUTPUT_COLUMNS)
    assert list(rows) == ["ASAM-2019-123", "ASAM-2019-124"]
    first, second = rows["ASAM-2019-123"], rows["ASAM-2019-124"]
    assert (first["lat"], first["lon"]) == pytest.approx((12 + 34 / 60 + 56 / 3600, 45 + 1 / 60 + 2 / 3600))
    assert first["position_text"] == "12°34'56\"N 045°01'02\"E"
    assert (first["category"], first["outcome"], first["actor"]) == ("boarding_attempt", "repelled",
                                                                       "somali_pirates")
    assert first["weapons"] == ["small_arms_rpg", "armed_boarding"]
    assert (first["vessel_type"], first["source_vessel_type"], first["source_category"]) == (
        "bulk_carrier", "Bulk Carrier", "PIRATES")
    assert first["claim_status"] == "confirmed" and first["dataset"] == "NGA ASAM"
    assert first["source_url"] == "https://msi.nga.mil/Piracy"
    assert first["line"] == 2 and pd.isna(first["time_utc"])
    assert json.loads(first["source_record"])["navArea"] == "IX"
    assert (second["date"], second["time_utc"], second["category"], second["outcome"]) == (
        "2019-03-16", "05:30", "attack", "damaged")
    assert (second["actor"], second["weapons"], second["vessel_type"]) == ("houthi", ["missile_unspecified"],
                                                                           "oil_tanker")
    assert report.encoding == "utf-8-sig"
    assert (report.rows_read, report.imported, report.duplicates_merged) == (5, 2, 1)
    assert _balanced(report)


def test_a_rejected_row_is_reported_with_its_line_and_reason():
    _, report = import_file("asam", ASAM_CSV)
    assert [line for line, _ in report.rejected] == [6, 7]
    assert report.rejected[0][1].startswith("unreadable position: cannot read \"12°XX'N 045°E\"")
    assert report.rejected[1][1] == "missing date: column 'date' is empty"
    groups = report.rejected_by_reason()
    assert [(group.reason, group.count) for group in groups] == [("unreadable position", 1), ("missing date", 1)]
    assert groups[0].examples[0][0] == 6
    assert str(report.as_problems("asam.csv")[0]).startswith("asam.csv: record line 6")


def test_duplicated_reference_is_merged_keeping_the_first_copy():
    records, report = import_file("asam", ASAM_CSV)
    assert (records["id"] == "ASAM-2019-123").sum() == 1
    assert report.duplicates_merged == 1
    assert records.loc[records["id"] == "ASAM-2019-123", "summary"].iloc[0].startswith("GULF OF ADEN")


def test_older_asam_export_with_dateofocc_and_dashed_positions():
    records, report = import_file("asam", ASAM_OLD_CSV)
    row = records.iloc[0]
    assert (row["id"], row["date"], row["lat"], row["lon"]) == ("ASAM-2009-10", "2009-01-12", 12.575, 45.02)
    assert (row["category"], row["vessel_type"]) == ("suspicious_approach", "unknown")
    assert report.encoding == "utf-8"


@pytest.mark.parametrize("ending", ["\r\n", "\r", "\n"])
def test_any_line_ending_gives_the_same_records(ending):
    text = ASAM_CSV.decode("utf-8-sig").replace("\r\n", "\n").replace("\n", ending)
    records, report = import_file("asam", text.encode("utf-8"))
    baseline, _ = import_file("asam", ASAM_CSV)
    pd.testing.assert_frame_equal(records.drop(columns="source_record"), baseline.drop(columns="source_record"))
    assert [line for line, _ in report.rejected] == [6, 7]


def test_importing_the_same_bytes_twice_is_identical():
    for kind, data in (("asam", ASAM_CSV), ("crimeatsea", CRIME_AT_SEA_CSV), ("acled", ACLED_CSV)):
        first, first_report = import_file(kind, data)
        second, second_report = import_file(kind, data)
        pd.testing.assert_frame_equal(first, second)
        assert first_report == second_report
        assert imported_to_geojson_bytes(first) == imported_to_geojson_bytes(second)


# --- Crime at Sea ------------------------------------------------------------------------------------


def test_crime_at_sea_reads_na_values_and_multiline_descriptions():
    records, report = import_file("crimeatsea", CRIME_AT_SEA_CSV)
    rows = _rows(records)
    assert list(rows) == ["CAS-000001", "CAS-000003"]
    hijack = rows["CAS-000001"]
    assert hijack["summary"] == ("Pirates armed with guns boarded and hijacked the bulk carrier.\n"
                                 "The crew of 20 was taken hostage.")
    assert (hijack["category"], hijack["outcome"], hijack["actor"], hijack["claim_status"]) == (
        "hijacking", "hijacked", "somali_pirates", "confirmed")
    assert (hijack["vessel_name"], hijack["vessel_type"], hijack["source_category"]) == (
        "ALPHA STAR", "bulk_carrier", "Hijacked")
    assert pd.isna(hijack["time_utc"]) and hijack["position_text"] == "Gulf of Aden"
    approach = rows["CAS-000003"]
    assert (approach["category"], approach["outcome"], approach["claim_status"]) == (
        "suspicious_approach", "repelled", "claimed")
    assert pd.isna(approach["vessel_name"]) and approach["vessel_type"] == "oil_tanker"
    assert report.rejected == ((4, "missing position: no latitude"),)
    assert CRIME_AT_SEA_ATTRIBUTION in report.notes
    assert _balanced(report)


def test_crime_at_sea_attribution_names_authors_doi_and_licence():
    for part in ("Benden", "Crime at Sea", "Journal of Open Humanities Data", "10.5334/johd.39", "CC BY 4.0"):
        assert part in CRIME_AT_SEA_ATTRIBUTION


# --- ACLED -------------------------------------------------------------------------------------------


def test_acled_keeps_only_maritime_events():
    records, report = import_file("acled", ACLED_CSV)
    rows = _rows(records)
    assert list(rows) == ["ACLED-YEM1234", "ACLED-YEM1236"]
    first = rows["ACLED-YEM1234"]
    assert (first["date"], first["category"], first["actor"], first["claim_status"]) == (
        "2024-01-26", "attack", "houthi", "claimed")
    assert first["weapons"] == ["anti_ship_ballistic_missile"]
    assert (first["outcome"], first["vessel_type"]) == ("damaged", "oil_tanker")
    assert first["source_category"] == "Shelling/artillery/missile attack"
    second = rows["ACLED-YEM1236"]
    assert (second["actor"], second["outcome"], second["vessel_type"]) == ("houthi", "hit", "bulk_carrier")
    assert report.skipped == 1 and "1 record(s) skipped: not maritime" in report.notes
    assert _balanced(report)


# --- Generic CSV, Excel, GeoJSON ---------------------------------------------------------------------


def test_generic_csv_with_a_column_mapping():
    records, report = import_file("csv", GENERIC_CSV, mapping=GENERIC_MAPPING)
    rows = _rows(records)
    assert list(rows) == ["CSV-000001", "CSV-000002"]
    assert (rows["CSV-000001"]["category"], rows["CSV-000001"]["source_category"]) == ("attack", "Missile attack")
    assert rows["CSV-000001"]["outcome"] == "damaged"
    assert rows["CSV-000002"]["date"] == "2024-02-19"
    assert (rows["CSV-000002"]["category"], rows["CSV-000002"]["outcome"]) == ("hijacking", "hijacked")
    assert rows["CSV-000002"]["weapons"] == ["helicopter_boarding"]
    assert rows["CSV-000001"]["source_url"] is pd.NA or pd.isna(rows["CSV-000001"]["source_url"])
    assert report.rejected[0][0] == 4 and report.rejected[0][1].startswith("unreadable date: ambiguous date")


def test_generic_csv_with_one_dms_position_column():
    data = ('date,where,ship\n2024-01-05,"13°10\'N\n043°05\'E",Dhow One\n').encode("utf-8")
    records, _ = import_file("csv", data, mapping={"date": "date", "position": "where", "vessel_name": "ship"})
    assert records.loc[0, ["lat", "lon"]].tolist() == pytest.approx([13 + 10 / 60, 43 + 5 / 60])
    assert records.loc[0, "position_text"] == "13°10'N 043°05'E"


def test_generic_csv_without_a_mapping_uses_matching_column_names():
    data = b"id,date,latitude,longitude,summary\nX-1,2024-01-05,13.1,43.2,Skiffs approached.\n"
    records, _ = import_file("csv", data)
    assert records.loc[0, "id"] == "CSV-X-1"
    assert records.loc[0, "category"] == "suspicious_approach"


def test_excel_workbook_made_with_openpyxl():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Date", "Latitude", "Longitude", "Vessel", "Notes"])
    sheet.append([datetime(2024, 1, 12, 0, 0), 12.9, 43.3, "MV Example", "Missile missed the ship."])
    sheet.append([])
    sheet.append(["not a date", 12.9, 43.3, "MV Other", "x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    records, report = import_file("excel", buffer.getvalue(), mapping={
        "date": "Date", "lat": "Latitude", "lon": "Longitude", "vessel_name": "Vessel", "summary": "Notes"})
    assert records.loc[0, ["id", "date", "vessel_name", "outcome"]].tolist() == [
        "XLSX-000001", "2024-01-12", "MV Example", "missed"]
    assert (records.loc[0, "lat"], records.loc[0, "lon"]) == (12.9, 43.3)
    assert report.rejected == ((4, "unreadable date: unreadable date 'not a date'"),)
    assert report.encoding == "xlsx"


def test_geojson_features_keep_their_line_numbers():
    records, report = import_file("geojson", _geojson_bytes())
    assert records["id"].tolist() == ["GEOJSON-A1"]
    assert (records.loc[0, "weapons"], records.loc[0, "vessel_type"]) == (["one_way_attack_drone"],
                                                                          "container_ship")
    assert records.loc[0, "line"] == 4
    assert report.rejected[0][1] == "unsupported geometry: expected a Point, got 'Polygon'"
    text = _geojson_bytes().decode().splitlines()
    assert text[report.rejected[0][0] - 1].strip() == "{"


csv_text = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cc", "Cs")), st.sampled_from([",", '"', "\n", ";"])),
    max_size=80,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(csv_text, csv_text), min_size=1, max_size=4))
def test_text_fields_survive_a_csv_round_trip(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["date", "lat", "lon", "vessel_name", "summary"])
    for vessel_name, summary in rows:
        writer.writerow(["2024-01-05", "13.1", "43.2", vessel_name, summary])
    records, report = import_file("csv", buffer.getvalue().encode("utf-8"))
    assert report.rejected == () and report.imported + report.duplicates_merged == len(rows)
    expected = {}
    for vessel_name, summary in rows:
        expected.setdefault((vessel_name, summary), (vessel_name.strip() or None, summary.strip() or None))
    got = [(None if pd.isna(name) else name, None if pd.isna(text) else text)
           for name, text in zip(records["vessel_name"], records["summary"])]
    assert got == list(expected.values())


# --- Reading real-world files --------------------------------------------------------------------------


def test_cp1252_input_is_decoded_with_a_note():
    data = "date,lat,lon,summary\n2024-01-05,13.1,43.2,Caf\u00e9 owner’s dhow\n".encode("cp1252")
    records, report = import_file("csv", data)
    assert records.loc[0, "summary"] == "Caf\u00e9 owner’s dhow"
    assert report.encoding == "cp1252"
    assert any("not valid UTF-8" in note for note in report.notes)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \r\n ", "the file is empty"),
        (b"reference,date\x00\x01\x02binary", "binary content: the file contains NUL bytes"),
        (bytes(range(1, 32)) * 20, "binary content"),
        (b"PK\x03\x04rest-of-zip", "ZIP archive"),
    ],
)
def test_empty_or_binary_input_gives_one_clear_error(data, message):
    with pytest.raises(ImportFormatError, match=message):
        import_file("asam", data)


def test_a_file_without_the_expected_columns_names_the_missing_ones():
    with pytest.raises(ImportFormatError) as raised:
        import_file("asam", b"name,when,where\nx,y,z\n")
    message = str(raised.value)
    assert "not a NGA ASAM file: missing column(s) reference, date (or dateofocc), position (or latitude and " \
           "longitude), hostility, victim, description" in message
    assert "columns found: name, when, where" in message
    with pytest.raises(ImportFormatError, match="no column\\(s\\) 'Datum' \\(for date\\)"):
        import_file("csv", GENERIC_CSV, mapping={**GENERIC_MAPPING, "date": "Datum"})
    with pytest.raises(ValueError, match="unknown field\\(s\\) in the column mapping: colour"):
        import_file("csv", GENERIC_CSV, mapping={"colour": "Kind"})


def test_too_many_rows_are_refused_with_a_clear_message():
    with pytest.raises(ImportFormatError, match="more than 2 rows"):
        import_file("asam", ASAM_CSV, max_rows=2)


def test_malformed_rows_are_rejected_and_the_rest_imported():
    data = (b"date,lat,lon,summary\n"
            b"2024-01-05,13.1,43.2,fine\n"
            b"2024-01-06,13.1,43.2,extra,field\n"
            b"2024-01-07,13.1,43.2,\"unclosed\n"
            b"2024-01-08,13.1,43.2,swallowed\n")
    records, report = import_file("csv", data)
    assert records["summary"].tolist() == ["fine"]
    assert report.rejected[0] == (3, "wrong number of fields: expected 4, got 5 (an unquoted comma or a missing "
                                     "quote?)")
    assert report.rejected[1][0] == 4 and report.rejected[1][1].startswith("unclosed quote")


def test_filters_skip_records_and_keep_the_counts_balanced():
    records, report = import_file("acled", ACLED_CSV, bbox=(42.0, 12.0, 46.0, 14.0))
    assert records["id"].tolist() == ["ACLED-YEM1236"]
    assert "1 record(s) skipped: outside the bounding box" in report.notes
    records, report = import_file("asam", ASAM_CSV, date_from="2019-03-16", date_to=date(2019, 3, 16))
    assert records["id"].tolist() == ["ASAM-2019-124"]
    assert _balanced(report)
    with pytest.raises(ValueError, match="bbox must satisfy"):
        import_file("asam", ASAM_CSV, bbox=(46, 12, 42, 14))


def test_progress_reports_until_done():
    calls = []
    import_file("asam", ASAM_CSV, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (4, 4) and all(done <= total for done, total in calls)


@pytest.mark.parametrize(
    ("text", "month_first", "expected"),
    [
        ("2024-01-26", None, date(2024, 1, 26)),
        ("26 January 2024", None, date(2024, 1, 26)),
        ("26-Jan-24", None, date(2024, 1, 26)),
        ("Jan 26, 2024", None, date(2024, 1, 26)),
        ("1/26/2024", None, date(2024, 1, 26)),
        ("3/4/2024", True, date(2024, 3, 4)),
        ("3/4/2024", False, date(2024, 4, 3)),
        ("2024-01-26T13:45:00Z", None, date(2024, 1, 26)),
    ],
)
def test_dates_in_several_forms(text, month_first, expected):
    assert parse_date_text(text, month_first) == expected


@pytest.mark.parametrize(("text", "message"), [("3/4/2024", "ambiguous date"), ("2024-02-30", "not a calendar"),
                                               ("soon", "unreadable date")])
def test_unreadable_dates(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date_text(text)


# --- Crosswalks and documentation ----------------------------------------------------------------------


def test_crosswalks_point_into_the_project_vocabularies():
    assert {code for _, code in CATEGORY_KEYWORDS} <= set(CATEGORIES)
    assert set(CATEGORY_FALLBACK.values()) | set(CRIME_AT_SEA_ATTACK_TYPES.values()) <= set(CATEGORIES)
    assert set(ACLED_SUB_EVENT_TYPES.values()) <= set(CATEGORIES)
    assert {code for _, code in OUTCOME_KEYWORDS} | set(CRIME_AT_SEA_OUTCOMES.values()) <= set(OUTCOMES)
    assert {code for _, code in WEAPON_KEYWORDS} <= set(WEAPONS)
    assert {code for _, code in ACTOR_KEYWORDS} <= set(ACTORS)
    assert {code for _, code in VESSEL_TYPE_KEYWORDS} <= set(VESSEL_TYPES)
    with pytest.raises(TypeError):
        CRIME_AT_SEA_ATTACK_TYPES["boarded"] = "attack"


def test_documentation_covers_formats_crosswalks_and_attribution():
    text = DOCS.read_text(encoding="utf-8")
    for attack_type in CRIME_AT_SEA_ATTACK_TYPES:
        assert attack_type in text.lower()
    for info in DATASETS.values():
        assert info.url is None or info.url in text
    assert "10.5334/johd.39" in text and "CC BY 4.0" in text


# --- Cross-source deduplication --------------------------------------------------------------------------


def test_link_duplicates_links_a_known_pair_and_leaves_distinct_events_apart():
    frame, _ = features_to_frame(make_collection(3)["features"], "test")
    curated = to_geodataframe(frame)  # RS-2024-0001 on 2024-01-01 at (42.0, 14.5)
    data = ("id,date,lat,lon,summary\n"
            "same,2024-01-02,14.6,42.1,Missile attack on a ship.\n"        # 1 day, ~15 km: the same event
            "far,2024-01-01,16.5,42.0,Missile attack on a ship.\n"         # same day, ~220 km away
            "late,2024-01-05,14.5,42.0,Missile attack on a ship.\n"        # same place, 4 days later
            ).encode("utf-8")
    imported, _ = import_file("csv", data)
    links = link_duplicates(curated, imported, days=1, km=50)
    assert list(links.columns) == ["imported_id", "curated_id", "days_apart", "km_apart"]
    assert links[["imported_id", "curated_id", "days_apart"]].values.tolist() == [["CSV-same", "RS-2024-0001", 1]]
    assert 10 < links.loc[0, "km_apart"] < 20
    assert link_duplicates(curated, imported, days=5, km=300)["imported_id"].nunique() == 3
    assert link_duplicates(imported, imported).empty  # records of one dataset are never linked together


# --- Writing and the command line ------------------------------------------------------------------------


def test_write_imported_refuses_the_curated_record(tmp_path, monkeypatch):
    curated = tmp_path / "data" / "incidents.geojson"
    curated.parent.mkdir()
    curated.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(paths, "INCIDENTS_FILE", curated)
    records, _ = import_file("asam", ASAM_CSV)
    with pytest.raises(ValueError, match="refusing to write imported records over the curated record"):
        write_imported(records, tmp_path / "data" / ".." / "data" / "incidents.geojson")
    assert curated.read_text(encoding="utf-8") == "{}"
    written = write_imported(records, tmp_path / "imported.geojson")
    features = json.loads(written.read_text(encoding="utf-8"))["features"]
    assert [feature["properties"]["id"] for feature in features] == ["ASAM-2019-123", "ASAM-2019-124"]
    assert features[0]["properties"]["dataset"] == "NGA ASAM"


def _cli(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m dashboard")
    add_import_parser(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_cli_writes_its_output_atomically(tmp_path, monkeypatch):
    source = tmp_path / "asam.csv"
    source.write_bytes(ASAM_CSV)
    output = tmp_path / "out" / "asam.geojson"
    written = []
    real_write = importers.write_bytes_atomically
    monkeypatch.setattr(importers, "write_bytes_atomically",
                        lambda path, content: written.append(Path(path)) or real_write(path, content))
    out, err = io.StringIO(), io.StringIO()
    code = run_import(_cli(["import", "asam", str(source), "-o", str(output), "--bbox", "40,10,50,15",
                            "--from", "2019-01-01"]), stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert written == [output]
    assert sorted(path.name for path in output.parent.iterdir()) == ["asam.geojson"]  # no temporary file left
    assert len(json.loads(output.read_text(encoding="utf-8"))["features"]) == 2
    report = out.getvalue()
    assert "5 row(s) read, 2 imported, 2 rejected, 1 duplicate(s) merged" in report
    assert "unreadable position: 1 row(s)" in report and "line 6:" in report


def test_cli_exits_1_on_a_binary_file(tmp_path):
    source = tmp_path / "image.csv"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    output = tmp_path / "out.geojson"
    err = io.StringIO()
    code = run_import(_cli(["import", "csv", str(source), "-o", str(output)]), stdout=io.StringIO(), stderr=err)
    assert code == 1
    assert f"cannot import {source}: binary content" in err.getvalue()
    assert not output.exists()


def test_cli_exits_1_on_a_missing_file_or_bad_mapping(tmp_path):
    err = io.StringIO()
    args = _cli(["import", "csv", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "out.geojson")])
    assert run_import(args, stdout=io.StringIO(), stderr=err) == 1
    assert "cannot read" in err.getvalue()
    source = tmp_path / "generic.csv"
    source.write_bytes(GENERIC_CSV)
    err = io.StringIO()
    args = _cli(["import", "csv", str(source), "-o", str(tmp_path / "out.geojson"), "--map", "when"])
    assert run_import(args, stdout=io.StringIO(), stderr=err) == 1
    assert "--map: expected field=column" in err.getvalue()


def test_cli_mapping_and_text_progress_bar():
    assert parse_mapping(["date=Event Date", "lat = Lat"]) == {"date": "Event Date", "lat": "Lat"}
    assert parse_mapping(None) is None
    stream = io.StringIO()
    bar = TextProgress(stream, min_rows=10, width=10)
    for done in range(1, 21):
        bar(done, 20)
    assert stream.getvalue().endswith("\rimporting [##########] 100% 20/20 rows\n")
    quiet = io.StringIO()
    TextProgress(quiet, min_rows=100)(5, 5)
    assert quiet.getvalue() == ""


def test_core_field_mapping_speaks_without_command_line_words():
    from dashboard.core.importers import parse_field_mapping

    assert parse_field_mapping(["date=Event Date", "", "lat = Lat"]) == {"date": "Event Date", "lat": "Lat"}
    assert parse_field_mapping([" ", ""]) is None
    with pytest.raises(ValueError, match="expected field=column, got 'when'") as bad_pair:
        parse_field_mapping(["when"])
    with pytest.raises(ValueError, match="unknown field 'colour'") as unknown:
        parse_field_mapping(["colour=Red"])
    assert "--map" not in str(bad_pair.value) and "--map" not in str(unknown.value)
