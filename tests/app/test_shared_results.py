"""Results shared between sessions: built once per record version, filter and settings; uploads never shared."""

from __future__ import annotations

import json

import pytest

from dashboard.components import shared_results
from dashboard.components.data import content_version, load_map_geojson, load_map_labels
from dashboard.core import incident_map
from dashboard.core.filters import IncidentFilter
from tests.app.conftest import ASAM_UPLOAD, open_app, upload


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Caches are process-wide (that is the point): each test starts from empty ones.
    shared_results.clear_shared_results()
    yield
    shared_results.clear_shared_results()


@pytest.fixture
def map_builds(monkeypatch):
    """Count the builds of the Overview map (the builder's real work still runs)."""
    calls = []

    def counting(*args, **kwargs):
        calls.append(kwargs.get("imported"))
        return incident_map.incident_map_figure(*args, **kwargs)

    monkeypatch.setattr(shared_results, "incident_map_figure", counting)
    return calls


def _counting(function, calls: list):
    """`function`, noting each call in `calls` (the real work still runs)."""

    def counted(*args, **kwargs):
        calls.append(1)
        return function(*args, **kwargs)

    return counted


def _map_spec(at) -> dict:
    chart = next(chart for chart in at.get("plotly_chart") if chart.proto.id.endswith("-overview_map"))
    return json.loads(chart.proto.spec)


def test_two_sessions_with_one_filter_share_one_map_build_and_a_new_filter_builds_again(record_file, map_builds):
    first = open_app(category="attack")
    second = open_app(category="attack")
    assert len(map_builds) == 1
    assert _map_spec(first) == _map_spec(second)
    second.multiselect(key="f_categories").set_value(["hijacking"]).run()
    assert len(map_builds) == 2
    # Back to a filter built before: served from the shared cache.
    second.multiselect(key="f_categories").set_value(["attack"]).run()
    assert len(map_builds) == 2


def test_choices_made_in_another_order_are_one_filter(record_file, map_builds):
    open_app(category="attack,hijacking")
    open_app(category="hijacking,attack")
    assert len(map_builds) == 1


def test_the_canonical_filter_ignores_order_repeats_and_the_case_of_the_search():
    one = IncidentFilter(categories=("hijacking", "attack", "attack"), text=" Galaxy ")
    other = IncidentFilter(categories=("attack", "hijacking"), text="galaxy")
    assert one.key == other.key
    assert one.key != IncidentFilter(categories=("attack",), text="galaxy").key


def test_a_map_setting_or_the_theme_is_part_of_the_key(record_file, map_builds):
    at = open_app()
    at.toggle(key="map_lanes").set_value(True).run()
    assert len(map_builds) == 2
    open_app(lanes="1")
    assert len(map_builds) == 2


def test_an_upload_never_reaches_another_sessions_figure(record_file, map_builds):
    viewer = open_app()
    uploader = open_app()
    upload(uploader, "asam", "asam.csv", ASAM_UPLOAD)
    uploader.switch_page("views/overview.py").run()
    assert "Imported records (2)" in json.dumps(_map_spec(uploader))
    # The figure with the upload was built for its session alone, never through the shared cache.
    assert any(imported is not None for imported in map_builds)
    viewer.run()
    newcomer = open_app()
    for session in (viewer, newcomer):
        spec = json.dumps(_map_spec(session))
        assert "Imported records" not in spec
    timeline = json.loads(newcomer.get("plotly_chart")[1].proto.spec)
    assert not any(trace.get("name") == "Imported records" for trace in timeline["data"])


def test_rendering_leaves_a_shared_figure_as_it_was_built(record_file):
    at = open_app(category="attack")
    view, version = at.session_state["_current_view"], at.session_state["_current_dataset"].version

    def shared_figure():
        settings = shared_results.MapSettings()
        return shared_results.overview_map_figure(
            view, version, load_map_geojson(), load_map_labels(), settings, "light"
        )

    # Every session gets the same object, and it is still what the session was sent after rendering it.
    figure = shared_figure()
    assert figure is shared_figure()
    assert json.loads(figure.to_json()) == _map_spec(at)


def test_headlines_and_table_rows_are_computed_once_per_filter(record_file, monkeypatch):
    headline_calls: list[int] = []
    table_calls: list[int] = []
    monkeypatch.setattr(shared_results, "headline_counts", _counting(shared_results.headline_counts, headline_calls))
    monkeypatch.setattr(
        shared_results, "incident_table_rows", _counting(shared_results.incident_table_rows, table_calls)
    )
    for _ in range(2):
        at = open_app(category="attack")
        at.switch_page("views/incidents.py").run()
        assert not at.exception
    assert headline_calls == [1] and table_calls == [1]
    assert len(at.dataframe[0].value) == at.session_state["_current_view"].count > 0


def test_the_record_version_changes_with_the_files_content(tmp_path):
    path = tmp_path / "incidents.geojson"
    path.write_text("one", encoding="utf-8")
    before = content_version(path)
    assert content_version(path) == before
    path.write_text("two", encoding="utf-8")
    assert content_version(path) != before


def test_threat_page_route_table_is_static_and_zone_results_are_shared(record_file, monkeypatch):
    import streamlit as st

    from dashboard.core import threat_maps

    st.cache_resource.clear()  # the page's own caches (zone, map, routes) start empty
    builds: list[int] = []
    monkeypatch.setattr(threat_maps, "threat_map_figure", _counting(threat_maps.threat_map_figure, builds))
    for _ in range(2):
        at = open_app()
        at.switch_page("views/geography.py").run()
        assert not at.exception, at.exception
    # Two sessions, one map build; the route table is static (no data grid to load) and lists the detour.
    assert builds == [1]
    assert not at.dataframe and "Via the Cape" in at.table[0].value.to_string()
