"""The ship register (vessels.csv): its own located problems, and incidents that must agree with it."""

import csv
import io
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.cli import main
from dashboard.core import paths
from dashboard.core.incidents import load_incidents
from dashboard.core.problems import IncidentDataError
from dashboard.core.schema import url_problem
from dashboard.core.vessels import VESSEL_COLUMNS, read_vessels, vessels_file_for
from tests.factories import make_feature, write_collection

TODAY = date(2026, 1, 1)
HEADER = ",".join(VESSEL_COLUMNS)
TEST_CARRIER = "IMO9178537,Test Carrier,9178537,Belize,bulk_carrier,Owner Co,,https://example.org/ship"
UNNAMED_IMO = "V-dhow-one,Dhow One,,,dhow,,,https://example.org/dhow https://example.net/dhow2"


def _register(folder, *rows):
    path = folder / "vessels.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _record(folder, *features):
    return write_collection(folder / "incidents.geojson", {"type": "FeatureCollection", "features": list(features)})


def test_the_bundled_register_reads_without_problems():
    vessels, problems = read_vessels(paths.VESSELS_FILE)
    assert problems == []
    assert tuple(vessels.columns) == VESSEL_COLUMNS


def test_a_good_register_reads_as_text_indexed_by_vessel_id(tmp_path):
    vessels, problems = read_vessels(_register(tmp_path, TEST_CARRIER, UNNAMED_IMO))
    assert problems == []
    assert vessels.loc["IMO9178537", "owner"] == "Owner Co" and vessels.loc["V-dhow-one", "imo"] == ""


@pytest.mark.parametrize(
    ("row", "record", "field", "fragment"),
    [
        ("imo9178537,Test,9178537,Belize,bulk_carrier,,,https://e.org/x", "imo9178537", "vessel_id", "must match"),
        ("IMO9178537,Test,9178536,Belize,bulk_carrier,,,https://e.org/x", "IMO9178537", "imo", "check digit"),
        (
            "IMO9178537,Test,9074729,Belize,bulk_carrier,,,https://e.org/x",
            "IMO9178537",
            "imo",
            "the number in the vessel_id",
        ),
        ("V-test,Test,9178537,Belize,bulk_carrier,,,https://e.org/x", "V-test", "vessel_id", "known IMO"),
        ("V-test,,,,bulk_carrier,,,https://e.org/x", "V-test", "name", "must not be empty"),
        ("V-test,Test,,,spaceship,,,https://e.org/x", "V-test", "vessel_type", "must be one of"),
        ("V-test,Test,,,dhow,,,https://e.org/x/{{", "V-test", "sources", "source 1: url must not contain"),
        ("V-test,Test,,,dhow,,,", "V-test", "sources", "at least one source"),
        (",Test,,,dhow,,,https://e.org/x", "line 2", "vessel_id", "must match"),
    ],
)
def test_register_problems_name_file_ship_and_column(tmp_path, row, record, field, fragment):
    _, problems = read_vessels(_register(tmp_path, row))
    assert any(p.record == record and p.field == field and fragment in p.reason for p in problems), problems
    assert all(p.file.endswith("vessels.csv") for p in problems)


def test_register_duplicate_and_wrong_header(tmp_path):
    _, problems = read_vessels(_register(tmp_path, TEST_CARRIER, TEST_CARRIER))
    assert [(p.record, p.field, p.reason) for p in problems] == [("IMO9178537", "vessel_id", "duplicate vessel_id")]
    (tmp_path / "vessels.csv").write_text("vessel_id,name\nV-x,X\n", encoding="utf-8")
    _, problems = read_vessels(tmp_path / "vessels.csv")
    assert problems[0].record == "line 1" and "columns must be vessel_id,name,imo" in problems[0].reason


def test_register_beside_the_record_is_used_else_the_bundled_one(tmp_path):
    record = _record(tmp_path, make_feature())
    assert vessels_file_for(record) == paths.VESSELS_FILE
    beside = _register(tmp_path, TEST_CARRIER)
    assert vessels_file_for(record) == beside


def _problems(tmp_path, feature):
    _register(tmp_path, TEST_CARRIER, UNNAMED_IMO)
    with pytest.raises(IncidentDataError) as caught:
        load_incidents(_record(tmp_path, feature), today=TODAY, check_land=False)
    return caught.value.problems


@pytest.mark.parametrize(
    ("overrides", "field", "fragment"),
    [
        ({"vessel_id": "IMO9074729"}, "vessel_id", "'IMO9074729' is not in vessels.csv"),
        ({"vessel_id": "IMO9178537", "flag": "Panama"}, "flag", "'Panama' contradicts vessels.csv for IMO9178537"),
        ({"vessel_id": "IMO9178537", "vessel_name": "Test Carier"}, "vessel_name", "contradicts"),
        ({"vessel_id": "IMO9178537", "imo": None}, "imo", "null contradicts vessels.csv for IMO9178537 ('9178537')"),
        ({"vessel_id": "IMO9178537", "vessel_type": "oil_tanker"}, "vessel_type", "contradicts"),
        (
            {"vessel_id": "V-dhow-one", "vessel_name": "Dhow One", "imo": None, "flag": "Yemen", "vessel_type": "dhow"},
            "flag",
            "'Yemen' contradicts vessels.csv for V-dhow-one (None)",
        ),
    ],
)
def test_incident_contradicting_the_register_is_rejected(tmp_path, overrides, field, fragment):
    problems = _problems(tmp_path, make_feature(**overrides))
    matching = [p for p in problems if p.field == field and p.record == "RS-2024-0001"]
    assert any(fragment in p.reason for p in matching), problems


def test_incident_agreeing_with_the_register_loads(tmp_path):
    _register(tmp_path, TEST_CARRIER, UNNAMED_IMO)
    record = _record(
        tmp_path,
        make_feature(vessel_id="IMO9178537"),
        make_feature(
            45.5,
            12.3,
            id="RS-2024-0002",
            vessel_id="V-dhow-one",
            vessel_name="Dhow One",
            imo=None,
            flag=None,
            vessel_type="dhow",
        ),
    )
    incidents = load_incidents(record, today=TODAY, check_land=False)
    assert list(incidents["vessel_id"]) == ["IMO9178537", "V-dhow-one"]


def test_vessels_fill_copies_the_register_and_keeps_everything_else(tmp_path, capsys):
    _register(tmp_path, TEST_CARRIER)
    feature = make_feature(
        vessel_id="IMO9178537", vessel_name="TEST CARRIER", imo=None, flag="Panama", curator_note={"kept": [1, 2]}
    )
    untouched = make_feature(45.5, 12.3, id="RS-2024-0002", flag="Panama")
    collection = {
        "type": "FeatureCollection",
        "name": "record",
        "crs": {"type": "name"},
        "features": [feature, untouched],
    }
    record = write_collection(tmp_path / "incidents.geojson", collection)
    assert main(["vessels", str(record)]) == 1
    out = capsys.readouterr().out
    assert "3 ship field(s) differ" in out and "flag 'Panama' -> 'Belize'" in out
    assert main(["vessels", "--fill", str(record)]) == 0
    assert "filled 3 ship field(s) of 1 record(s)" in capsys.readouterr().out
    rewritten = json.loads(record.read_text(encoding="utf-8"))
    expected = json.loads(json.dumps(collection))
    expected["features"][0]["properties"].update(vessel_name="Test Carrier", imo="9178537", flag="Belize")
    assert rewritten == expected
    assert main(["vessels", str(record)]) == 0
    assert main(["validate", str(record)]) == 0


def test_vessels_reports_unknown_ids(tmp_path, capsys):
    _register(tmp_path, TEST_CARRIER)
    record = _record(tmp_path, make_feature(vessel_id="V-ghost"))
    assert main(["vessels", "--fill", str(record)]) == 1
    assert "RS-2024-0001: vessel_id 'V-ghost' is not in" in capsys.readouterr().err


def test_schema_command_and_readme_show_vessel_id(capsys):
    assert main(["schema"]) == 0
    assert "| `vessel_id` | str | no (may be null or absent) |" in capsys.readouterr().out


CELL = st.text(st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(CELL, min_size=0, max_size=10), max_size=6))
def test_any_register_text_reads_or_yields_located_problems(tmp_path_factory, rows):
    """Arbitrary CSV content never raises: it reads, or every problem names the file, a row and a column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(VESSEL_COLUMNS)
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("register") / "vessels.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    vessels, problems = read_vessels(path)
    assert all(problem.file == str(path) and problem.record and problem.field for problem in problems)
    assert tuple(vessels.columns) == VESSEL_COLUMNS


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=60), st.from_regex(r"https?://[a-z0-9.\-]{1,20}(:[0-9]{1,6})?/\S{0,20}")))
def test_url_check_never_raises(url):
    reason = url_problem(url)
    assert reason is None or isinstance(reason, str)
    if reason is None:
        assert url.lower().startswith(("http://", "https://")) and " " not in url


def test_a_row_s_problems_come_in_the_order_of_the_checks(tmp_path):
    _, problems = read_vessels(_register(tmp_path, "V-test,,9178536,,spaceship,,,https://e.org/x/{{ ftp://e.org/y"))
    assert [(p.record, p.field) for p in problems] == [
        ("V-test", "name"),
        ("V-test", "imo"),
        ("V-test", "vessel_id"),
        ("V-test", "vessel_type"),
        ("V-test", "sources"),
        ("V-test", "sources"),
    ]
