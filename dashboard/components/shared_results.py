"""Results every session shares: built once per record version, filter and settings, then reused by all readers.

A breaking-news day brings many readers to the same few views. Everything here depends only on the record's
content hash (`Dataset.version`), the canonical filter (`IncidentFilter.key`) and display settings, never on
who asks, so one reader's work serves the next. Two kinds of cache:

- `st.cache_data` for small values (filter masks and option counts, headline figures): each caller gets its
  own copy, which costs little at this size.
- `st.cache_resource` for figures and frames: a copy per caller would cost about as much as building them
  again (unpickling a plotly figure re-validates it) and would put a copy per session in memory. These objects
  are shared read-only: nothing in the dashboard changes a figure or frame after it is built (`st.plotly_chart`
  and `st.dataframe` only read them), and tests/app/test_shared_results.py checks that rendering leaves them as
  built.

Every cache is bounded (entries and time to live). A session's imported records never enter a shared entry:
figures that draw them are built for that session alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.core.analysis import counts_by_period, incidents_by_period, timeline_period
from dashboard.core.charts import event_legend_rows, timeline_figure
from dashboard.core.counts import Comparison, Headline, headline_counts
from dashboard.core.filters import FilteredView, FilterIndex, IncidentFilter, evaluate
from dashboard.core.incident_map import incident_map_figure, locator_map_figure, map_columns
from dashboard.core.incidents_table import incident_table_rows
from dashboard.core.map_style import basemap_layers
from dashboard.core.style import map_colours

# Long enough to serve a reading session, short enough that unused entries do not stay for the process's life.
CACHE_TTL = timedelta(hours=1)
# Distinct filters kept: a busy day brings many readers to a few views, so a few dozen cover most of them.
FILTER_ENTRIES = 128
# Figures and frames are larger than filter results; fewer of them are kept.
FIGURE_ENTRIES = 64


@st.cache_data(max_entries=FILTER_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _evaluation(
    version: str, filter_key: str, _index: FilterIndex, _incident_filter: IncidentFilter
) -> tuple[np.ndarray, dict[str, dict[str, int]]]:
    # Underscored arguments are left out of the cache key: the version and the filter key identify them.
    return evaluate(_index, _incident_filter)


@st.cache_resource(max_entries=FIGURE_ENTRIES // 4, ttl=CACHE_TTL, show_spinner=False)
def _kept_rows(version: str, filter_key: str, _incidents: pd.DataFrame, _mask: np.ndarray) -> pd.DataFrame:
    # One frame of kept rows per filter for every session, instead of one copy per session.
    return _incidents if _mask.all() else _incidents[_mask]


def shared_filtered_view(
    incidents: pd.DataFrame,
    index: FilterIndex,
    incident_filter: IncidentFilter,
    selected_id: str | None,
    version: str,
) -> FilteredView:
    """The view of a filter, its mask, option counts and kept rows shared with every session that asks the same.

    Parameters
    ----------
    incidents, index : the loaded record and its filter arrays (`Dataset.incidents`, `Dataset.index`).
    incident_filter : the reader's filter (the view keeps it as given; the cache uses its canonical form).
    selected_id : the reader's selected incident.
    version : the record's content hash (`Dataset.version`).
    """
    canonical = incident_filter.canonical()
    mask, counts = _evaluation(version, canonical.key, index, canonical)
    rows = _kept_rows(version, canonical.key, incidents, mask)
    return FilteredView(incidents, index, incident_filter, mask, counts, selected_id, rows=rows)


@st.cache_data(max_entries=FILTER_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _headlines(
    version: str, filter_key: str, _view: FilteredView, _incident_filter: IncidentFilter
) -> tuple[list[Headline], Comparison]:
    return headline_counts(_view.incidents, _view.index, _incident_filter, _view.mask)


def shared_headlines(view: FilteredView, version: str) -> tuple[list[Headline], Comparison]:
    """Headline figures of the view's filter (`counts.headline_counts`), computed once per filter."""
    canonical = view.incident_filter.canonical()
    return _headlines(version, canonical.key, view, canonical)


@dataclass(frozen=True)
class MapSettings:
    """The Overview map's display settings (its toggles)."""

    areas: bool = False
    lanes: bool = False
    uncertainty: bool = True
    density: bool = False
    online: bool = False


def _build_overview_map(
    view: FilteredView,
    geojson: dict,
    labels: pd.DataFrame,
    settings: MapSettings,
    theme: str,
    revision: str,
    imported: pd.DataFrame | None,
) -> go.Figure:
    colours = map_colours(theme)
    layers = basemap_layers(
        geojson["land"],
        geojson["borders"],
        areas=geojson["areas"] if settings.areas else None,
        lanes=geojson["lanes"] if settings.lanes else None,
        colours=colours,
    )
    return incident_map_figure(
        view.subset(map_columns(view.count)),
        layers,
        selected_id=view.selected_id,
        show_uncertainty=settings.uncertainty,
        online_tiles=settings.online,
        imported=imported,
        density=True if settings.density else None,
        labels=labels,
        scale_bar=True,
        revision=revision,
        colours=colours,
    )


@st.cache_resource(max_entries=FIGURE_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _overview_map(
    version: str,
    filter_key: str,
    settings: MapSettings,
    theme: str,
    selected_id: str | None,
    revision: str,
    _view: FilteredView,
    _geojson: dict,
    _labels: pd.DataFrame,
) -> go.Figure:
    return _build_overview_map(_view, _geojson, _labels, settings, theme, revision, None)


def overview_map_figure(
    view: FilteredView,
    version: str,
    geojson: dict,
    labels: pd.DataFrame,
    settings: MapSettings,
    theme: str,
    resets: int = 0,
    imported: pd.DataFrame | None = None,
) -> go.Figure:
    """The Overview's incident map: shared by every session with the same filter, settings, theme and selection.

    `resets` counts the reader's "Fit map to incidents" clicks (a new value fits the view again). A session
    with imported records to draw gets a figure built for it alone, never stored where another session could
    receive it.
    """
    key = view.incident_filter.key
    # Stable across processes (unlike hash()): the map keeps the reader's pan and zoom until this changes.
    revision = f"{_short_digest(key)} {resets}"
    if imported is not None:
        return _build_overview_map(view, geojson, labels, settings, theme, revision, imported)
    return _overview_map(version, key, settings, theme, view.selected_id, revision, view, geojson, labels)


def _short_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Timeline:
    """The Overview timeline of one filter and setting: its figure, the period drawn and what its notes cite."""

    figure: go.Figure
    period: str
    weapon_uses: int
    incidents: int
    legend_rows: pd.DataFrame


def _build_timeline(
    view: FilteredView,
    events: pd.DataFrame,
    requested: str,
    stack_by: str,
    theme: str,
    imported: pd.DataFrame | None,
) -> Timeline:
    # Only called for a non-empty record (the page stops before the timeline otherwise).
    start = view.incident_filter.start or view.index.first_day
    end = view.incident_filter.end or view.index.last_day
    assert start is not None and end is not None
    period = timeline_period(start, end, requested)
    counts = counts_by_period(view.subset(["date", stack_by]), period, stack_by, start, end)
    totals = incidents_by_period(view.subset(["date"]), period, start, end)
    imported_counts = None if imported is None else incidents_by_period(imported, period, start, end)
    figure = timeline_figure(
        counts, events, stack_by=stack_by, period=period, totals=totals, imported=imported_counts, theme=theme
    )
    return Timeline(figure, period, int(counts.to_numpy().sum()), int(totals.sum()), event_legend_rows(events, counts))


@st.cache_resource(max_entries=FIGURE_ENTRIES, ttl=CACHE_TTL, show_spinner=False)
def _timeline(
    version: str,
    filter_key: str,
    requested: str,
    stack_by: str,
    theme: str,
    _view: FilteredView,
    _events: pd.DataFrame,
) -> Timeline:
    return _build_timeline(_view, _events, requested, stack_by, theme, None)


def overview_timeline(
    view: FilteredView,
    version: str,
    events: pd.DataFrame,
    requested: str,
    stack_by: str,
    theme: str,
    imported: pd.DataFrame | None = None,
) -> Timeline:
    """The timeline of the view's filter and theme, shared between sessions (built for the session alone with
    imported records)."""
    if imported is not None:
        return _build_timeline(view, events, requested, stack_by, theme, imported)
    return _timeline(version, view.incident_filter.key, requested, stack_by, theme, view, events)


@st.cache_resource(max_entries=FIGURE_ENTRIES // 4, ttl=CACHE_TTL, show_spinner=False)
def _table_rows(version: str, filter_key: str, box_ids: tuple[str, ...], _shown: pd.DataFrame) -> pd.DataFrame:
    return incident_table_rows(_shown)


def shared_table_rows(view: FilteredView, version: str, box_ids: tuple[str, ...] = ()) -> pd.DataFrame:
    """Rows of the Incidents table for the view's filter (and map selection), built once for every session."""
    shown = view.filtered
    if box_ids:
        shown = shown[shown["id"].isin(box_ids)]
    return _table_rows(version, view.incident_filter.key, tuple(sorted(set(box_ids))), shown)


@st.cache_resource(max_entries=FIGURE_ENTRIES * 4, ttl=CACHE_TTL, show_spinner=False)
def _locator_map(
    version: str, incident_id: str, theme: str, _incident: pd.Series, _geojson: dict, _labels: pd.DataFrame
) -> go.Figure:
    colours = map_colours(theme)
    layers = basemap_layers(_geojson["land"], _geojson["borders"], colours=colours)
    return locator_map_figure(_incident, layers, labels=_labels, colours=colours)


def shared_locator_map(incident: pd.Series, version: str, geojson: dict, labels: pd.DataFrame, theme: str) -> go.Figure:
    """The detail card's locator map of one incident, built once per incident and theme.

    `version` is the content hash of the record the incident belongs to; without one (a record not loaded
    from the data file) the map is built for the caller alone.
    """
    if not version:
        colours = map_colours(theme)
        layers = basemap_layers(geojson["land"], geojson["borders"], colours=colours)
        return locator_map_figure(incident, layers, labels=labels, colours=colours)
    return _locator_map(version, str(incident["id"]), theme, incident, geojson, labels)


def clear_shared_results() -> None:
    """Forget every shared result (tests, or after the record was replaced in place)."""
    _evaluation.clear()
    _headlines.clear()
    _kept_rows.clear()
    _overview_map.clear()
    _timeline.clear()
    _table_rows.clear()
    _locator_map.clear()
