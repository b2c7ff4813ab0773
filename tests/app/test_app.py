"""The app runs, filters drive the figures and table, and the URL sets the view."""

import json

import pytest

from tests.app.conftest import open_app
from tests.factories import make_feature, write_collection
from tests.shown import shown_text

PAGES = ["views/overview.py", "views/incidents.py", "views/analysis.py", "views/geography.py", "views/about.py"]


def _metric(at, label):
    return next(metric.value for metric in at.metric if metric.label == label)


def test_app_runs_on_the_bundled_record(monkeypatch):
    monkeypatch.delenv("INCIDENTS_FILE", raising=False)
    at = open_app()
    assert int(_metric(at, "Incidents").replace(",", "")) >= 20


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(app, page):
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception


def test_category_filter_changes_headline(app):
    app.run()
    assert _metric(app, "Incidents") == "6"
    app.multiselect(key="f_categories").set_value(["sinking"]).run()
    assert not app.exception
    assert _metric(app, "Incidents") == "2"
    assert _metric(app, "Crew killed") == "4"
    assert app.query_params["category"] == ["sinking"] or app.query_params["category"] == "sinking"


def test_filter_changes_the_incident_table(app):
    app.run()
    app.switch_page("views/incidents.py").run()
    assert len(app.dataframe[0].value) == 6
    app.text_input(key="f_text").input("Eternity").run()
    assert list(app.dataframe[0].value["vessel_name"]) == ["Eternity C"]


def test_url_parameters_set_the_filters(record_file):
    at = open_app(category="hijacking", **{"from": "2024-01-01", "to": "2024-12-31"})
    assert at.multiselect(key="f_categories").value == ["hijacking"]
    assert _metric(at, "Incidents") == "1"


def test_bad_url_parameter_shows_a_notice(record_file):
    at = open_app(colour="<script>alert(1)</script>", **{"from": "2024-99-99"})
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "unknown URL parameter" in warnings and "is not a date" in warnings
    assert "<script>" not in warnings


def test_empty_result_shows_friendly_message_on_every_page(app):
    app.run()
    app.text_input(key="f_text").input("no such ship").run()
    for page in PAGES[:3]:
        app.switch_page(page).run()
        assert not app.exception
        assert any("No incidents match" in info.value for info in app.info), page


def test_reset_restores_everything(app):
    app.run()
    app.multiselect(key="f_categories").set_value(["sinking"]).run()
    app.button(key="f_reset").click().run()
    assert _metric(app, "Incidents") == "6"


def test_selecting_an_incident_by_url_shows_its_detail(record_file):
    at = open_app(incident="RS-2025-0001")
    assert any("Eternity C" in header.value for header in at.subheader)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('{"type": "FeatureCollection", "features": [', "invalid JSON at line 1"),
        ("", "file is empty"),
        (None, "file not found"),
    ],
)
def test_broken_file_shows_error_panel_not_traceback(tmp_path, monkeypatch, content, fragment):
    path = tmp_path / "broken.geojson"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setenv("INCIDENTS_FILE", str(path))
    at = open_app()
    message = shown_text(at.error[0].value)
    assert "could not be loaded" in message and "broken.geojson" in message and fragment in message
    assert str(tmp_path) not in message  # the file's name, not the server's folders
    assert any("No incidents can be shown" in info.value for info in at.info)


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda folder: folder, "is a directory, not a file"),
        (
            lambda folder: _write(
                folder / "deep.geojson",
                '{"type": "FeatureCollection", "features": ' + "[" * 100_000 + "]" * 100_000 + "}",
            ),
            "nested too deeply",
        ),
        (
            lambda folder: _write(
                folder / "huge.geojson",
                json.dumps({"type": "FeatureCollection", "features": [make_feature(crew_killed=10**30)]}),
            ),
            "must be a whole number from 0 to 10,000",
        ),
    ],
)
def test_hostile_record_files_give_one_line_messages(tmp_path, monkeypatch, make, fragment):
    folder = tmp_path / "records"
    folder.mkdir()
    monkeypatch.setenv("INCIDENTS_FILE", str(make(folder)))
    at = open_app()
    shown = " ".join(shown_text(block.value) for block in [*at.error, *at.markdown])
    assert fragment in shown
    assert str(tmp_path) not in shown


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_partly_invalid_file_shows_valid_records_with_warning(tmp_path, monkeypatch):
    features = [make_feature(id="RS-2024-0001"), make_feature(45.5, 12.3, id="RS-2024-0002", category="piracy")]
    path = write_collection(tmp_path / "partial.geojson", {"type": "FeatureCollection", "features": features})
    monkeypatch.setenv("INCIDENTS_FILE", str(path))
    at = open_app()
    assert _metric(at, "Incidents") == "1"
    assert any("1 record(s) were left out" in expander.label for expander in at.expander)
    assert "RS-2024-0002" in json.dumps([shown_text(m.value) for m in at.markdown])


def test_overview_lists_the_timeline_events_as_a_table_when_opened(app):
    app.run()
    events = next(block for block in app.expander if block.label == "Context events on the timeline")
    assert not events.markdown  # drawn only when opened: nothing to parse on a page open
    app.session_state["timeline_events"] = True
    app.run()
    events = next(block for block in app.expander if block.label == "Context events on the timeline")
    table = events.markdown[0].value
    assert shown_text(table).startswith("| No. | Date | Event | Kind | Source |")
    assert "Galaxy Leader" in table and "[open](https://" in table
