"""The Overview as a reader uses it: timeline clicks and modes, map clicks, shared markers, box selection, counts.

Chart selections are injected through session state (Streamlit returns them from `st.plotly_chart` as the
browser would); the page applies them exactly as it does a real click.
"""

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.marker_ids import split_marker_ids
from tests.app.conftest import open_app
from tests.factories import make_feature, write_collection

AREA = {"position_basis": "area", "position_uncertainty_km": 150.0, "position_text": "Southern Red Sea"}


def overview_record() -> dict:
    """Seven incidents: a ship attacked then sunk, two records at one area anchor, two nearby points, two weapons."""
    features = [
        make_feature(
            43.20,
            12.73,
            id="RS-2024-0001",
            date="2024-03-04",
            vessel_name="Alpha",
            imo=None,
            crew_killed=3,
            weapons=["one_way_attack_drone", "anti_ship_ballistic_missile"],
        ),
        make_feature(
            43.20,
            12.73,
            id="RS-2024-0002",
            date="2024-03-06",
            vessel_name="Alpha",
            imo=None,
            category="sinking",
            outcome="sunk",
            crew_killed=None,
            weapons=["anti_ship_ballistic_missile"],
        ),
        make_feature(
            41.3,
            15.3,
            id="RS-2024-0003",
            date="2024-03-20",
            vessel_name="Bravo",
            imo=None,
            category="hijacking",
            outcome="hijacked",
            weapons=["armed_boarding"],
            crew_held=20,
            actor="somali_pirates",
            **AREA,
        ),
        make_feature(
            41.3,
            15.3,
            id="RS-2024-0004",
            date="2024-05-10",
            vessel_name="Charlie",
            imo=None,
            category="boarding_attempt",
            outcome="repelled",
            weapons=["armed_boarding"],
            actor="somali_pirates",
            **AREA,
        ),
        make_feature(
            43.26,
            12.70,
            id="RS-2024-0005",
            date="2024-06-15",
            vessel_name=None,
            imo=None,
            flag=None,
            weapons=["one_way_attack_drone", "missile_unspecified"],
            crew_killed=0,
        ),
        make_feature(
            45.5,
            12.3,
            id="RS-2024-0006",
            date="2024-11-19",
            vessel_name="Delta",
            imo=None,
            weapons=["one_way_attack_drone", "uncrewed_surface_vessel"],
            crew_killed=0,
        ),
        make_feature(
            42.0,
            14.5,
            id="RS-2024-0007",
            date="2024-07-01",
            vessel_name="Echo",
            imo=None,
            weapons=["anti_ship_cruise_missile"],
            crew_killed=0,
        ),
    ]
    return {"type": "FeatureCollection", "features": features}


@pytest.fixture
def overview_file(tmp_path, monkeypatch):
    path = write_collection(tmp_path / "incidents.geojson", overview_record())
    monkeypatch.setenv("INCIDENTS_FILE", str(path))
    return path


def _open(**params) -> AppTest:
    at = open_app(**params)
    assert not any("left out" in expander.label for expander in at.expander), "the test record must validate"
    return at


def _chart(at, key_part: str) -> dict:
    """The figure JSON of the Overview's map ("map") or timeline ("timeline")."""
    charts = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    if key_part == "map":
        return next(chart for chart in charts if "map" in chart["layout"])
    return next(chart for chart in charts if "map" not in chart["layout"] and chart["layout"].get("barmode"))


def _metric(at, label: str):
    return next(metric for metric in at.metric if metric.label == label)


def _param(at, name: str):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def _select(at, chart_key: str, points: list[dict]) -> None:
    at.session_state[chart_key] = {
        "selection": {"points": points, "point_indices": [0] * len(points), "box": [], "lasso": []}
    }
    at.run()
    assert not at.exception, at.exception


def _bars(chart: dict) -> list[dict]:
    return [trace for trace in chart["data"] if trace["type"] == "bar"]


def _values(array) -> list:
    """Trace arrays arrive as lists, or base64 typed arrays that AppTest leaves encoded."""
    if isinstance(array, dict) and "bdata" in array:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def test_clicking_a_month_bar_narrows_the_dates_and_draws_that_month_in_weeks(overview_file):
    at = _open(timeline="month")
    march = next(row for row in _bars(_chart(at, "timeline"))[0]["customdata"] if row[0] == "2024-03-01")
    _select(at, "overview_timeline", [{"curve_number": 0, "point_index": 4, "customdata": march}])
    # The record starts on 2024-03-04, so March is that day to the 31st.
    assert at.slider(key="f_dates").value == (date(2024, 3, 4), date(2024, 3, 31))
    assert _param(at, "to") == "2024-03-31"
    assert _metric(at, "Incidents").value == "3"
    timeline = _chart(at, "timeline")
    bars = _bars(timeline)
    # A month shows fewer than three month bars: its bars are weeks, each one week wide, and the axis is the month.
    assert {bar["xperiod"] for bar in bars} == {7 * 86_400_000}
    assert sum(sum(_values(bar["y"])) for bar in bars) == 3
    first, last = timeline["layout"]["xaxis"]["range"]
    assert first.startswith("2024-03-04") and last.startswith("2024-04-01")
    assert any("fewer than three months" in caption.value for caption in at.caption)


def test_clicking_a_week_bar_draws_its_days(overview_file):
    at = _open(timeline="week")
    week = next(row for row in _bars(_chart(at, "timeline"))[0]["customdata"] if row[0] == "2024-03-04")
    _select(at, "overview_timeline", [{"curve_number": 0, "point_index": 0, "customdata": week}])
    assert at.slider(key="f_dates").value == (date(2024, 3, 4), date(2024, 3, 10))
    assert _param(at, "to") == "2024-03-10"
    timeline = _chart(at, "timeline")
    assert {bar["xperiod"] for bar in _bars(timeline)} == {86_400_000}
    assert timeline["layout"]["xaxis"]["dtick"] == 86_400_000


def test_stacking_by_weapon_counts_uses_and_the_cumulative_line_counts_incidents(overview_file):
    at = _open(stack="weapons", timeline="month")
    timeline = _chart(at, "timeline")
    uses = sum(sum(_values(bar["y"])) for bar in _bars(timeline))
    assert uses == 10  # seven incidents, three of them with two weapons
    assert timeline["layout"]["yaxis"]["title"]["text"] == "Weapon uses per month"
    cumulative = next(trace for trace in timeline["data"] if trace.get("name") == "Cumulative incidents")
    assert _values(cumulative["y"])[-1] == 7
    assert any("10 uses in 7 incidents" in caption.value for caption in at.caption)


def test_count_axes_are_whole_numbers(overview_file):
    layout = _chart(_open(), "timeline")["layout"]
    for axis in ("yaxis", "yaxis2"):
        assert layout[axis]["tickformat"] == ",d" and layout[axis]["dtick"] >= 1


def test_headline_counts_have_definitions_and_filter_counts_say_they_count_records(overview_file):
    at = _open()
    for label in ("Ships attacked", "Ships sunk", "Ships hijacked", "Crew killed"):
        assert _metric(at, label).help
    # Alpha (attacked, then sunk: one ship), Bravo, Charlie, the unnamed vessel, Delta, Echo.
    assert _metric(at, "Ships attacked").value == "6"
    assert _metric(at, "Ships sunk").value == "1" and _metric(at, "Ships hijacked").value == "1"
    categories = at.multiselect(key="f_categories")
    assert categories.format_func("hijacking") == "Hijacking · 1 record"
    assert categories.format_func("attack") == "Attack · 4 records"
    assert "not ships" in categories.help
    weapons = at.multiselect(key="f_weapons")
    assert weapons.format_func("one_way_attack_drone").endswith("· 3 uses")


def test_filtering_to_sunk_ships_still_counts_the_crew_killed_in_the_attacks_that_sank_them(overview_file):
    at = _open(outcome="sunk")
    assert _metric(at, "Incidents").value == "1"
    assert _metric(at, "Ships attacked").value == "1" and _metric(at, "Ships sunk").value == "1"
    assert _metric(at, "Crew killed").value == "3"


def test_no_comparison_with_a_period_the_record_does_not_cover(overview_file):
    at = _open(**{"from": "2024-04-01", "to": "2024-06-30"})
    assert _metric(at, "Incidents").value == "2"
    assert all(not metric.delta for metric in at.metric)
    assert any("begins before the record does (2024-03-04)" in caption.value for caption in at.caption)


def test_a_change_of_zero_is_neutral_and_says_no_change(overview_file):
    at = _open(**{"from": "2024-05-05", "to": "2024-07-05"})
    assert any("Changes compare with 2024-03-04 to 2024-05-04" in caption.value for caption in at.caption)
    incidents = _metric(at, "Incidents")
    assert incidents.value == "3" and incidents.delta == "no change"
    # Grey and without an arrow (the old page showed "+0" with a red up-arrow).
    assert incidents.proto.color == incidents.proto.GRAY and incidents.proto.direction == incidents.proto.NONE
    assert _metric(at, "Crew killed").delta == "-3"  # Alpha's three, in the previous period
    assert _metric(at, "Ships sunk").delta == "-1"


def test_the_map_names_places_countries_and_seas_and_shows_a_scale(overview_file):
    chart = _chart(_open(), "map")
    texts = {text for trace in chart["data"] if "text" in trace.get("mode", "") for text in trace.get("text", [])}
    labels = chart["layout"]["map"]["style"]["sources"]["labels"]["data"]["features"]
    names = {feature["properties"]["text"] for feature in labels}
    assert {"Aden", "Hodeidah", "Djibouti", "YEMEN", "ERITREA", "Red Sea", "Bab el-Mandeb", "Gulf of Aden"} <= names
    assert any(text.endswith(" nm)") for text in texts)


def test_the_map_is_fitted_to_the_filtered_incidents(overview_file):
    everything = _chart(_open(), "map")
    gulf = _chart(_open(q="Delta"), "map")
    # plotly fits the view in the browser to the traces' points (the incidents and an invisible frame round them).
    assert gulf["layout"]["map"]["fitbounds"] == "locations" and "zoom" not in gulf["layout"]["map"]

    def width(chart):
        lons = [lon for trace in chart["data"] for lon in _values(trace.get("lon", []))]
        return max(lons) - min(lons)

    assert width(gulf) < width(everything)
    assert gulf["layout"]["uirevision"] != everything["layout"]["uirevision"]


def _incident_marker(chart: dict, incident_id: str) -> dict:
    for trace in chart["data"]:
        for row in trace.get("customdata") or []:
            if isinstance(row, list) and isinstance(row[0], str) and incident_id in row[0].split():
                return {"curve_number": chart["data"].index(trace), "point_index": 0, "customdata": row}
    raise AssertionError(f"no marker carries {incident_id}")


def test_clicking_a_point_selects_that_incident_beside_the_map(overview_file):
    at = _open()
    marker = _incident_marker(_chart(at, "map"), "RS-2024-0005")
    _select(at, "overview_map", [marker])
    assert _param(at, "incident") == "RS-2024-0005"
    assert any("Unnamed vessel" in header.value for header in at.subheader)
    # The nearby Alpha is not what was selected.
    assert not any("Alpha" in header.value for header in at.subheader)
    # Feedback where the reader is looking: on a phone the details are below the map, out of sight.
    assert [toast.value for toast in at.toast] == [
        "Unnamed vessel, 2024-06-15: details beside the map (on a phone: below it)."
    ]


def test_a_marker_shared_by_several_records_lists_them_and_one_can_be_chosen(overview_file):
    at = _open()
    marker = _incident_marker(_chart(at, "map"), "RS-2024-0003")
    assert split_marker_ids(marker["customdata"][0]) == ["RS-2024-0003", "RS-2024-0004"]
    _select(at, "overview_map", [marker])
    assert any("2 incident(s) selected on the map" in header.value for header in at.subheader)
    assert [toast.value for toast in at.toast] == ["2 incidents listed beside the map (on a phone: below it)."]
    at.button(key="pick_RS-2024-0004").click().run()
    assert _param(at, "incident") == "RS-2024-0004"
    assert any("Charlie" in header.value for header in at.subheader)


def test_a_box_selection_lists_the_incidents_inside_it(overview_file):
    at = _open()
    chart = _chart(at, "map")
    points = [_incident_marker(chart, "RS-2024-0005"), _incident_marker(chart, "RS-2024-0006")]
    _select(at, "overview_map", points)
    assert any("2 incident(s) selected on the map" in header.value for header in at.subheader)
    assert {button.key for button in at.button if str(button.key).startswith("pick_")} == {
        "pick_RS-2024-0005",
        "pick_RS-2024-0006",
    }
    at.switch_page("views/incidents.py").run()
    assert any("selected on the map" in info.value for info in at.info)


def test_a_selection_is_applied_once(overview_file):
    at = _open()
    marker = _incident_marker(_chart(at, "map"), "RS-2024-0006")
    _select(at, "overview_map", [marker])
    at.button(key="close_detail").click().run()
    # The map still returns its last selection; it must not reopen the incident the reader just closed.
    assert _param(at, "incident") is None


def test_the_timeline_covers_the_filtered_dates_even_where_nothing_happened(overview_file):
    at = _open(**{"from": "2024-04-01", "to": "2024-08-31"}, timeline="month")
    months = [row[0] for row in _bars(_chart(at, "timeline"))[0]["customdata"]]
    assert months == ["2024-04-01", "2024-05-01", "2024-06-01", "2024-07-01", "2024-08-01"]
