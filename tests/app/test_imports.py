"""Uploads: imported records appear as a session-only layer; bad files get a clear message."""

from streamlit.testing.v1 import AppTest

from dashboard.core import paths
from tests.app.conftest import APP

ASAM = (
    'reference,date,position,navArea,subreg,hostility,victim,description\r\n'
    '2009-101,04/08/2009,"12°30\'00""N 047°10\'00""E",IX,62,Pirates,Bulk carrier,'
    '"Pirates in two skiffs fired upon and hijacked a bulk carrier underway."\r\n'
    '2009-102,05/10/2009,"13°00\'00""N\n048°20\'00""E",IX,62,PIRATES,tanker,"Tanker approached by a skiff."\r\n'
    '2009-103,05/11/2009,"not a position",IX,62,Pirates,dhow,"Dhow boarded."\r\n'
).encode("utf-8")


def _import(at, kind, name, data):
    at.switch_page("views/imports.py").run()
    at.selectbox(key="import_kind").set_value(kind).run()
    at.file_uploader(key="import_file").set_value((name, data, "text/csv")).run()
    at.button(key="import_run").click().run()
    assert not at.exception, at.exception
    return at


def test_asam_upload_shows_report_and_a_layer_on_the_map(app):
    before = sorted(p.name for p in paths.DATA_DIR.rglob("*"))
    app.run()
    _import(app, "asam", "asam.csv", ASAM)
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
    _import(app, "asam", "asam.csv", ASAM)
    other = AppTest.from_file(APP, default_timeout=60).run()
    assert "Imported records" not in other.get("plotly_chart")[0].proto.spec


def test_binary_upload_gets_a_clear_message(app):
    app.run()
    _import(app, "csv", "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert "could not be imported" in app.error[0].value


def test_empty_upload_gets_a_clear_message(app):
    app.run()
    _import(app, "asam", "empty.csv", b"")
    assert "could not be imported" in app.error[0].value
    assert "empty" in app.error[0].value.lower()


def test_wrong_columns_get_a_clear_message(app):
    app.run()
    _import(app, "crimeatsea", "other.csv", b"a,b,c\n1,2,3\n")
    assert "could not be imported" in app.error[0].value


def test_latin1_upload_is_read_with_a_note(app):
    app.run()
    data = ASAM.decode("utf-8").replace("Bulk carrier", "Bulk carrier caf\u00e9").encode("latin-1", "replace")
    _import(app, "asam", "latin.csv", data)
    assert {m.label: m.value for m in app.metric}["Imported"] == "2"


def test_too_many_rows_get_a_clear_message(app):
    app.run()
    header = "date,latitude,longitude,category\n"
    rows = "".join(f"2024-01-{1 + i % 28:02d},12.5,45.0,attack\n" for i in range(300_001))
    _import(app, "csv", "huge.csv", (header + rows).encode())
    assert "could not be imported" in app.error[0].value
    assert "rows" in app.error[0].value


def test_upload_over_the_size_limit_gets_a_clear_message(app):
    from streamlit import config

    before = config.get_option("server.maxUploadSize")
    config.set_option("server.maxUploadSize", 1)
    try:
        app.run()
        _import(app, "asam", "big.csv", ASAM + b" " * (1024 * 1024 + 1))
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
