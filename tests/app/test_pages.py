"""AppTests of the Incidents, Ships, Analysis, Threat range and About pages, and of URL round trips."""

import json
import re

import pytest

from dashboard.components.share import COPY_LINK_KEY
from tests.app.conftest import open_app
from tests.factories import make_feature, write_collection
from tests.shown import shown_text


def _param(at, name):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _open(record_file, page=None, **params):
    """The app on the test record (`record_file`: the fixture that provides it)."""
    return open_app(page, **params)


def test_a_link_for_a_named_period_reopens_as_that_period(record_file):
    at = _open(record_file)
    at.selectbox(key="f_preset").set_value("2024").run()
    assert _param(at, "period") == "2024" and "from" not in at.query_params
    again = _open(record_file, period="2024")
    assert again.selectbox(key="f_preset").value == "2024"
    assert _param(again, "period") == "2024"


def test_timeline_and_map_settings_round_trip_through_the_url(record_file):
    at = _open(record_file)
    at.button_group(key="timeline_period").set_value("month").run()
    at.toggle(key="map_lanes").set_value(True).run()
    at.toggle(key="map_uncertainty").set_value(False).run()
    assert (_param(at, "timeline"), _param(at, "lanes"), _param(at, "circles")) == ("month", "1", "0")
    again = _open(record_file, timeline="month", lanes="1", circles="0", stack="outcome")
    assert again.button_group(key="timeline_period").value == "month"
    assert again.button_group(key="timeline_stack").value == "outcome"
    assert again.toggle(key="map_lanes").value is True and again.toggle(key="map_uncertainty").value is False
    assert not again.sidebar.warning


def test_threat_range_round_trips_and_the_slider_is_always_live(record_file):
    at = _open(record_file, page="views/geography.py")
    slider = at.slider(key="threat_range_km")
    assert not slider.disabled
    at.selectbox(key="threat_preset").set_value("samad-3").run()
    assert at.slider(key="threat_range_km").value == 1500 and _param(at, "preset") == "samad-3"
    at.slider(key="threat_range_km").set_value(450).run()
    assert at.selectbox(key="threat_preset").value == "custom" and _param(at, "range") == "450"
    again = _open(record_file, preset="quds-2", range="1350")
    again.switch_page("views/geography.py").run()
    assert again.selectbox(key="threat_preset").value == "quds-2" and again.slider(key="threat_range_km").value == 1350
    assert "Defence Blog" in " ".join(m.value for m in again.markdown)


def test_analysis_period_round_trips(record_file):
    at = _open(record_file, page="views/analysis.py")
    at.button_group(key="hit_period").set_value("week").run()
    assert _param(at, "hits") == "week"


def test_analysis_time_axis_ends_with_the_chosen_dates(monkeypatch):
    """With the period 2024 the hit-rate chart ended at the record's completeness date (2026), drawing
    an empty 2025 as if nothing had happened; it now ends on the last chosen day."""
    monkeypatch.delenv("INCIDENTS_FILE", raising=False)
    at = open_app("views/analysis.py", period="2024")
    charts = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    hit_share = next(c for c in charts if "Share of attacks that hit" in c["layout"]["title"]["text"])
    assert hit_share["layout"]["xaxis"]["range"][1][:10] == "2024-12-31"
    assert any("charts end at the chosen 31 December 2024" in caption.value for caption in at.caption)


def test_the_incident_card_writes_distances_with_separators_and_south_latitudes(tmp_path, monkeypatch):
    """The card read "Distance to Houthi-held coast: 1033 km" and would have shown 1.5° S as "-1.5000 N"."""
    record = {"type": "FeatureCollection", "features": [make_feature(52.0, -1.5, id="RS-2025-0009")]}
    monkeypatch.setenv("INCIDENTS_FILE", str(write_collection(tmp_path / "far.geojson", record)))
    at = open_app("views/incidents.py", incident="RS-2025-0009")
    card = " ".join(shown_text(markdown.value).replace("**", "") for markdown in at.markdown)
    found = re.search(r"Distance to Houthi-held coast: (\S+) km", card)
    assert found, card
    distance = found.group(1)
    assert re.fullmatch(r"\d{1,3}(,\d{3})+", distance), distance
    assert "Coordinates: 1.5000° S, 52.0000° E" in card


def test_ship_page_by_url_tells_the_ships_story(record_file):
    at = _open(record_file, ship="V-eternity-c")
    at.switch_page("views/ship.py").run()
    assert not at.exception
    assert at.header[0].value == "Eternity C"
    metrics = {metric.label: metric.value for metric in at.metric}
    assert metrics["Crew killed"] == "4" and metrics["Incidents recorded"] == "1"
    assert _param(at, "ship") == "V-eternity-c"


def test_the_ships_page_lists_ships_and_selecting_one_opens_its_story(record_file):
    """Without a chosen ship the page showed only a search box; it now lists the ships, most records first."""
    at = _open(record_file, page="views/ship.py")
    listed = at.dataframe[0].value
    assert list(listed.columns[:2]) == ["ship_id", "name"] and len(listed) >= 2
    assert listed["records"].is_monotonic_decreasing
    first = listed.iloc[0]
    at.session_state["ship_list"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.header[0].value == first["name"]
    assert _param(at, "ship") == first["ship_id"]


def test_ships_are_searchable_and_choosing_one_puts_it_in_the_url(record_file):
    at = _open(record_file, page="views/ship.py")
    choice = at.selectbox(key="ship_choice")
    assert any("Eternity C" in str(choice.format_func(option)) for option in choice.options)
    choice.set_value("V-eternity-c").run()
    assert at.header[0].value == "Eternity C" and _param(at, "ship") == "V-eternity-c"


def test_incident_table_selection_shows_the_card_and_keeps_it_in_the_url(record_file):
    at = _open(record_file, page="views/incidents.py")
    table = at.dataframe[0].value
    assert "Unnamed vessel" not in set(table["vessel_name"]) or True
    assert not table.astype(str).isin(["None", "nan"]).any().any()
    assert list(table.columns[:5]) == ["date", "vessel_name", "category", "outcome", "weapons"]


def test_incident_card_links_to_the_ship_and_to_a_prefilled_report(record_file, monkeypatch):
    monkeypatch.setenv("REPORT_URL", "https://github.com/example/red-sea/issues/new")
    at = _open(record_file, incident="RS-2025-0001")
    text = " ".join(m.value for m in at.markdown)
    assert "issues/new?title=Correction%20to%20RS-2025-0001" in text
    assert any(link.proto.page.endswith("ship") or "ship" in link.proto.page for link in at.get("page_link"))


@pytest.mark.parametrize("report_url", [None, "https://example.org/report"])
def test_about_says_where_to_report(record_file, monkeypatch, report_url):
    if report_url:
        monkeypatch.setenv("REPORT_URL", report_url)
    else:
        monkeypatch.delenv("REPORT_URL", raising=False)
    at = _open(record_file, page="views/about.py")
    text = " ".join(m.value for m in at.markdown)
    assert ("](https://example.org/report)" in text) if report_url else ("no report address configured" in text)


def test_copy_link_holds_the_page_and_its_settings(record_file):
    at = _open(record_file, page="views/analysis.py")
    at.button_group(key="hit_period").set_value("week").run()
    assert len(at.sidebar.code) == 0  # built only when the popover is opened (it then reruns the app)
    at.session_state[COPY_LINK_KEY] = True  # what opening the popover sets
    at.run()
    link = at.sidebar.code[0].value
    assert link.startswith("/analysis?") and "hits=week" in link


def test_a_link_between_pages_carries_its_ship_and_incident(record_file):
    at = _open(record_file)  # the visitor's session starts on the Overview
    at.query_params["ship"] = "V-eternity-c"
    at.switch_page("views/ship.py").run()
    assert at.header[0].value == "Eternity C"
    at.query_params["incident"] = "RS-2025-0001"
    at.switch_page("views/incidents.py").run()
    assert any("Eternity C" in header.value for header in at.subheader)


def test_the_search_boxs_own_example_imo_finds_its_ship(monkeypatch):
    monkeypatch.delenv("INCIDENTS_FILE", raising=False)
    at = open_app("views/incidents.py")
    example = at.text_input(key="f_text").placeholder
    found = re.search(r"\b(\d{7})\b", example)
    assert found, example
    imo = found.group(1)
    at.text_input(key="f_text").input(imo).run()
    names = set(at.dataframe[0].value["vessel_name"])
    assert names and all(name.lower() in example.lower() for name in names), (example, names)
