"""Each format through `import_file`: ASAM, Crime at Sea, ACLED and generic CSV, Excel and GeoJSON."""

import csv
import io
import json
from datetime import datetime

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.core.importing import (
    CRIME_AT_SEA_ATTRIBUTION,
    OUTPUT_COLUMNS,
    import_file,
    imported_to_geojson_bytes,
)
from tests.unit.importing.samples import (
    ACLED_CSV,
    ASAM_CSV,
    ASAM_OLD_CSV,
    CRIME_AT_SEA_CSV,
    GENERIC_CSV,
    GENERIC_MAPPING,
    balanced,
    geojson_bytes,
    rows_by_id,
)


def test_asam_import_maps_categories_and_reports_every_row():
    records, report = import_file("asam", ASAM_CSV)
    rows = rows_by_id(records)
    assert list(records.columns) == list(OUTPUT_COLUMNS)
    assert list(rows) == ["ASAM-2019-123", "ASAM-2019-124"]
    first, second = rows["ASAM-2019-123"], rows["ASAM-2019-124"]
    assert (first["lat"], first["lon"]) == pytest.approx((12 + 34 / 60 + 56 / 3600, 45 + 1 / 60 + 2 / 3600))
    assert first["position_text"] == "12°34'56\"N 045°01'02\"E"
    assert (first["category"], first["outcome"], first["actor"]) == ("boarding_attempt", "repelled", "somali_pirates")
    assert first["weapons"] == ["small_arms_rpg", "armed_boarding"]
    assert (first["vessel_type"], first["source_vessel_type"], first["source_category"]) == (
        "bulk_carrier",
        "Bulk Carrier",
        "PIRATES",
    )
    assert first["claim_status"] == "confirmed" and first["dataset"] == "NGA ASAM"
    assert first["source_url"] == "https://msi.nga.mil/Piracy"
    assert first["line"] == 2 and pd.isna(first["time_utc"])
    assert json.loads(first["source_record"])["navArea"] == "IX"
    assert (second["date"], second["time_utc"], second["category"], second["outcome"]) == (
        "2019-03-16",
        "05:30",
        "attack",
        "damaged",
    )
    assert (second["actor"], second["weapons"], second["vessel_type"]) == (
        "houthi",
        ["missile_unspecified"],
        "oil_tanker",
    )
    assert report.encoding == "utf-8-sig"
    assert (report.rows_read, report.imported, report.duplicates_merged) == (5, 2, 1)
    assert balanced(report)


def test_a_rejected_row_is_reported_with_its_line_and_reason():
    _, report = import_file("asam", ASAM_CSV)
    assert [line for line, _ in report.rejected] == [6, 7]
    assert report.rejected[0][1].startswith('unreadable position: cannot read "12°XX\'N 045°E"')
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
    for format_code, data in (("asam", ASAM_CSV), ("crimeatsea", CRIME_AT_SEA_CSV), ("acled", ACLED_CSV)):
        first, first_report = import_file(format_code, data)
        second, second_report = import_file(format_code, data)
        pd.testing.assert_frame_equal(first, second)
        assert first_report == second_report
        assert imported_to_geojson_bytes(first) == imported_to_geojson_bytes(second)


def test_crime_at_sea_reads_na_values_and_multiline_descriptions():
    records, report = import_file("crimeatsea", CRIME_AT_SEA_CSV)
    rows = rows_by_id(records)
    assert list(rows) == ["CAS-000001", "CAS-000003"]
    hijack = rows["CAS-000001"]
    assert hijack["summary"] == (
        "Pirates armed with guns boarded and hijacked the bulk carrier.\nThe crew of 20 was taken hostage."
    )
    assert (hijack["category"], hijack["outcome"], hijack["actor"], hijack["claim_status"]) == (
        "hijacking",
        "hijacked",
        "somali_pirates",
        "confirmed",
    )
    assert (hijack["vessel_name"], hijack["vessel_type"], hijack["source_category"]) == (
        "ALPHA STAR",
        "bulk_carrier",
        "Hijacked",
    )
    assert pd.isna(hijack["time_utc"]) and hijack["position_text"] == "Gulf of Aden"
    approach = rows["CAS-000003"]
    assert (approach["category"], approach["outcome"], approach["claim_status"]) == (
        "suspicious_approach",
        "repelled",
        "claimed",
    )
    assert pd.isna(approach["vessel_name"]) and approach["vessel_type"] == "oil_tanker"
    assert report.rejected == ((4, "missing position: no latitude"),)
    assert CRIME_AT_SEA_ATTRIBUTION in report.notes
    assert balanced(report)


def test_crime_at_sea_attribution_names_authors_doi_and_licence():
    for part in ("Benden", "Crime at Sea", "Journal of Open Humanities Data", "10.5334/johd.39", "CC BY 4.0"):
        assert part in CRIME_AT_SEA_ATTRIBUTION


def test_acled_keeps_only_maritime_events():
    records, report = import_file("acled", ACLED_CSV)
    rows = rows_by_id(records)
    assert list(rows) == ["ACLED-YEM1234", "ACLED-YEM1236"]
    first = rows["ACLED-YEM1234"]
    assert (first["date"], first["category"], first["actor"], first["claim_status"]) == (
        "2024-01-26",
        "attack",
        "houthi",
        "claimed",
    )
    assert first["weapons"] == ["anti_ship_ballistic_missile"]
    assert (first["outcome"], first["vessel_type"]) == ("damaged", "oil_tanker")
    assert first["source_category"] == "Shelling/artillery/missile attack"
    second = rows["ACLED-YEM1236"]
    assert (second["actor"], second["outcome"], second["vessel_type"]) == ("houthi", "hit", "bulk_carrier")
    assert report.skipped == 1 and "1 record(s) skipped: not maritime" in report.notes
    assert balanced(report)


def test_generic_csv_with_a_column_mapping():
    records, report = import_file("csv", GENERIC_CSV, mapping=GENERIC_MAPPING)
    rows = rows_by_id(records)
    assert list(rows) == ["CSV-000001", "CSV-000002"]
    assert (rows["CSV-000001"]["category"], rows["CSV-000001"]["source_category"]) == ("attack", "Missile attack")
    assert rows["CSV-000001"]["outcome"] == "damaged"
    assert rows["CSV-000002"]["date"] == "2024-02-19"
    assert (rows["CSV-000002"]["category"], rows["CSV-000002"]["outcome"]) == ("hijacking", "hijacked")
    assert rows["CSV-000002"]["weapons"] == ["helicopter_boarding"]
    assert rows["CSV-000001"]["source_url"] is pd.NA or pd.isna(rows["CSV-000001"]["source_url"])
    assert report.rejected[0][0] == 4 and report.rejected[0][1].startswith("unreadable date: ambiguous date")


def test_generic_csv_with_one_dms_position_column():
    data = ("date,where,ship\n2024-01-05,\"13°10'N\n043°05'E\",Dhow One\n").encode()
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
    records, report = import_file(
        "excel",
        buffer.getvalue(),
        mapping={"date": "Date", "lat": "Latitude", "lon": "Longitude", "vessel_name": "Vessel", "summary": "Notes"},
    )
    assert records.loc[0, ["id", "date", "vessel_name", "outcome"]].tolist() == [
        "XLSX-000001",
        "2024-01-12",
        "MV Example",
        "missed",
    ]
    assert (records.loc[0, "lat"], records.loc[0, "lon"]) == (12.9, 43.3)
    assert report.rejected == ((4, "unreadable date: unreadable date 'not a date'"),)
    assert report.encoding == "xlsx"


def test_geojson_features_keep_their_line_numbers():
    records, report = import_file("geojson", geojson_bytes())
    assert records["id"].tolist() == ["GEOJSON-A1"]
    assert (records.loc[0, "weapons"], records.loc[0, "vessel_type"]) == (["one_way_attack_drone"], "container_ship")
    assert records.loc[0, "line"] == 4
    assert report.rejected[0][1] == "unsupported geometry: expected a Point, got 'Polygon'"
    text = geojson_bytes().decode().splitlines()
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
    expected: dict[tuple[str, str], tuple[str | None, str | None]] = {}
    for vessel_name, summary in rows:
        expected.setdefault((vessel_name, summary), (vessel_name.strip() or None, summary.strip() or None))
    got = [
        (None if pd.isna(name) else name, None if pd.isna(text) else text)
        for name, text in zip(records["vessel_name"], records["summary"], strict=True)
    ]
    assert got == list(expected.values())
