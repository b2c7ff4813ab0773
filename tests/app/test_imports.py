"""Uploads: imported records appear as a session-only layer; bad files get a clear message."""

import json

from streamlit.testing.v1 import AppTest

from dashboard.core import paths, style
from tests.app.conftest import APP, ASAM_UPLOAD, upload
from tests.factories import make_collection, make_feature, wide_workbook, write_collection
from tests.shown import shown_text


def _metrics(at) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_asam_upload_shows_report_and_a_layer_on_the_map(app):
    before = sorted(p.name for p in paths.DATA_DIR.rglob("*"))
    app.run()
    upload(app, "asam", "asam.csv", ASAM_UPLOAD)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Rows read"] == "3" and metrics["Imported"] == "2" and metrics["Rejected"] == "1"
    assert "line 5" in " ".join(m.value for m in app.markdown)
    app.switch_page("views/overview.py").run()
    spec = app.get("plotly_chart")[0].proto.spec
    assert "Imported records (2)" in spec
    # Uploads live in the session only: nothing was written into data/.
    assert sorted(p.name for p in paths.DATA_DIR.rglob("*")) == before


def test_imports_do_not_leak_into_another_session(app, record_file):
    app.run()
    upload(app, "asam", "asam.csv", ASAM_UPLOAD)
    other = AppTest.from_file(APP, default_timeout=60).run()
    assert "Imported records" not in other.get("plotly_chart")[0].proto.spec


def test_import_without_a_file_explains_instead_of_staying_disabled(app):
    app.run()
    app.switch_page("views/imports.py").run()
    assert not app.button(key="import_run").disabled
    app.button(key="import_run").click().run()
    assert not app.exception and "Choose a file first" in app.warning[0].value
    assert "Rows read" not in _metrics(app)


def test_binary_upload_gets_a_clear_message(app):
    app.run()
    upload(app, "csv", "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "could not be imported" in app.error[0].value


def test_empty_upload_gets_a_clear_message(app):
    app.run()
    upload(app, "asam", "empty.csv", b"")
    assert "could not be imported" in app.error[0].value
    assert "empty" in app.error[0].value.lower()


def test_wrong_columns_get_a_clear_message(app):
    app.run()
    upload(app, "crimeatsea", "other.csv", b"a,b,c\n1,2,3\n")
    assert "could not be imported" in app.error[0].value


def test_latin1_upload_is_read_with_a_note(app):
    app.run()
    data = ASAM_UPLOAD.decode("utf-8").replace("Bulk carrier", "Bulk carrier caf\u00e9").encode("latin-1", "replace")
    upload(app, "asam", "latin.csv", data)
    assert {m.label: m.value for m in app.metric}["Imported"] == "2"


def test_too_many_rows_get_a_clear_message(app):
    app.run()
    rows = "".join(f"2024-01-{1 + i % 28:02d},x\n" for i in range(200_001))
    upload(app, "csv", "huge.csv", ("date,note\n" + rows).encode())
    message = app.error[0].value
    assert "was not imported" in message and "200,000 rows" in message


def test_a_workbook_that_expands_beyond_the_column_limit_is_refused_naming_the_limit(app):
    """Issue 16, item 7: a small .xlsx of 2,000 columns ran for minutes; now the page names the limit hit."""
    app.run()
    upload(app, "excel", "wide.xlsx", wide_workbook(rows=20))
    message = shown_text(app.error[0].value)
    assert "wide.xlsx" in message and "was not imported" in message
    assert "upload limit of **200 columns**" in message and "row 1 has more than 200 columns" in message
    assert "Rows read" not in _metrics(app)


def test_a_wide_csv_is_refused_naming_the_column_limit(app):
    app.run()
    header = ",".join(["date", "lat", "lon", *(f"c{number}" for number in range(2_000))])
    upload(app, "csv", "wide.csv", (header + "\n" + "2024-01-05,13.1,43.2" + ",x" * 2_000 + "\n").encode())
    message = shown_text(app.error[0].value)
    assert "upload limit of **200 columns**" in message and "2,003 columns" in message


def test_a_bad_column_mapping_is_explained_in_the_pages_words(app):
    app.run()
    upload(app, "csv", "generic.csv", b"when,y,x\n2024-01-05,13.1,43.2\n", mapping="when\nlat=y")
    message = shown_text(app.error[0].value)
    assert "--map" not in message and "field=column, got" not in message
    assert "The column mapping line “when” does not say which column holds which field" in message
    upload(app, "csv", "generic.csv", b"when,y,x\n2024-01-05,13.1,43.2\n", mapping="date=when\nlat=y")
    assert "only one of `lat` and `lon`" in app.error[0].value
    upload(app, "csv", "generic.csv", b"when,y,x\n2024-01-05,13.1,43.2\n", mapping="colour=y")
    assert "names a field this dashboard does not know" in shown_text(app.error[0].value)


# Two curated incidents 6 km apart on one day, a third elsewhere: one imported record near the pair, one
# near the third, one far from all, and a repeated row.
MATCH_RECORD = make_collection(2)
MATCH_RECORD["features"] += [
    make_feature(42.0, 14.5, id="RS-2024-0101", date="2024-03-10", vessel_name="Pair One"),
    make_feature(42.05, 14.52, id="RS-2024-0102", date="2024-03-10", vessel_name="Pair Two"),
    make_feature(41.0, 15.0, id="RS-2024-0103", date="2024-04-01", vessel_name="Third"),
]
MATCH_UPLOAD = (
    b"id,date,lat,lon,summary\n"
    b"A,2024-03-10,14.50,42.01,Missile attack on a ship.\n"
    b"B,2024-04-02,15.05,41.02,Skiffs approached a tanker.\n"
    b"C,2024-06-01,13.0,44.0,Skiffs approached a tanker.\n"
    b"A,2024-03-10,14.50,42.01,Missile attack on a ship.\n"
)


def test_match_report_counts_each_imported_record_once(tmp_path, monkeypatch):
    """Issue 15, item 5: "3 match" while the table listed 2 records (one twice) and duplicates said 0."""
    monkeypatch.setenv("INCIDENTS_FILE", str(write_collection(tmp_path / "incidents.geojson", MATCH_RECORD)))
    app = AppTest.from_file(APP, default_timeout=60).run()
    upload(app, "csv", "nearby.csv", MATCH_UPLOAD)
    metrics = _metrics(app)
    assert metrics["Rows read"] == "4" and metrics["Imported"] == "3" and metrics["Rejected"] == "0"
    assert metrics["Repeats merged"] == "1"
    assert metrics["Match curated"] == "2" and metrics["On the layer"] == "1"
    table = app.dataframe[0].value
    assert table["Imported record"].tolist() == ["CSV-A", "CSV-B"]
    assert table["Nearest curated incident"].tolist() == ["RS-2024-0101", "RS-2024-0103"]
    assert table["Other curated incidents near"].tolist() == [1, 0]
    assert any("**2 imported record(s) match a curated incident**" in m.value for m in app.markdown)
    app.switch_page("views/overview.py").run()
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    imported = [trace for trace in spec["data"] if str(trace.get("name", "")).startswith("Imported records")]
    assert [trace["name"] for trace in imported] == ["Imported records (1)"]


def test_imported_layer_is_distinct_and_in_the_legend(app):
    app.run()
    upload(app, "asam", "asam.csv", ASAM_UPLOAD)
    app.switch_page("views/overview.py").run()
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    layer = next(trace for trace in spec["data"] if str(trace.get("name", "")).startswith("Imported records"))
    assert layer.get("showlegend", True) is not False
    assert layer["marker"]["color"] == style.IMPORTED_COLOUR
    assert style.IMPORTED_COLOUR not in set(style.CATEGORY_COLOURS.values()) | set(style.OUTCOME_COLOURS.values())
    assert layer["marker"]["size"] == style.IMPORTED_MARKER_SIZE
    timeline = json.loads(app.get("plotly_chart")[1].proto.spec)
    line = next(trace for trace in timeline["data"] if trace.get("name") == "Imported records")
    assert line["line"]["color"] == style.IMPORTED_COLOUR and line.get("showlegend", True) is not False
    sizes = sorted(style.OUTCOME_SIZES.values())
    assert sizes[len(sizes) // 2] < style.IMPORTED_MARKER_SIZE  # larger than most curated markers


def test_upload_over_the_size_limit_gets_a_clear_message(app):
    from streamlit import config

    before = config.get_option("server.maxUploadSize")
    config.set_option("server.maxUploadSize", 1)
    try:
        app.run()
        upload(app, "asam", "big.csv", ASAM_UPLOAD + b" " * (1024 * 1024 + 1))
    finally:
        config.set_option("server.maxUploadSize", before)
    assert "larger than the 1 MB upload limit" in app.error[0].value


def test_configured_upload_limit_is_set():
    import tomllib

    config = tomllib.loads((paths.PROJECT_ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] == 50
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["headless"] is True and config["server"]["address"] == "localhost"
    assert config["client"]["toolbarMode"] == "viewer"
