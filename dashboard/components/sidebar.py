"""The filter sidebar shared by every page, kept in step with the URL query string."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard.components.shared_results import shared_filtered_view
from dashboard.components.url_sync import NOTICES_KEY as PAGE_NOTICES_KEY
from dashboard.core.counts import OPTION_COUNTS_NOTE
from dashboard.core.filters import (
    FILTER_DIMENSIONS,
    FilterDimension,
    FilteredView,
    FilterIndex,
    IncidentFilter,
    filtered_view,
)
from dashboard.core.schema import WEAPONS
from dashboard.core.style import label_for
from dashboard.core.text import markdown_text, plain_text
from dashboard.core.url_state import parse_query_params, preset_slug, view_to_query_params

SELECTED_KEY = "selected_incident"
SHIP_KEY = "selected_ship"
MAP_SELECTION_KEY = "map_selection_ids"
_INITIALISED_KEY = "_view_initialised"
_NOTICES_KEY = "_url_notices"
_DATE_KEY = "f_dates"
_PRESET_KEY = "f_preset"
_TEXT_KEY = "f_text"
_CASUALTIES_KEY = "f_casualties"
_PENDING_DATES_KEY = "_requested_dates"
# Sidebar widget key per multi-choice filter attribute.
CHOICE_KEYS = {dimension.attribute: f"f_{dimension.attribute}" for dimension in FILTER_DIMENSIONS}
CUSTOM_PRESET = "Custom range"
_SAVED_PREFIX = "_saved_"


def _filter_widget_keys() -> tuple[str, ...]:
    return (_PRESET_KEY, _DATE_KEY, *CHOICE_KEYS.values(), _TEXT_KEY, _CASUALTIES_KEY)


def _restore_widget_state() -> None:
    """Put back widget values that Streamlit dropped.

    Streamlit forgets the state of widgets that an interrupted run had not drawn yet (for example when
    a click cuts short the run an upload started), which would silently reset the visitor's filters.
    A copy kept under other keys survives that.
    """
    state = st.session_state
    for key in _filter_widget_keys():
        if key not in state and _SAVED_PREFIX + key in state:
            state[key] = state[_SAVED_PREFIX + key]
        elif key in state:
            # Writing the value back makes Streamlit send it to the browser with this run, so the
            # browser's copy of the widget cannot drift from the server's (seen after page switches).
            state[key] = state[key]


def _save_widget_state() -> None:
    state = st.session_state
    for key in _filter_widget_keys():
        if key in state:
            state[_SAVED_PREFIX + key] = state[key]


def _vocabularies(index: FilterIndex) -> dict[str, list[str]]:
    return {"weapons": list(WEAPONS), **{attribute: list(values) for attribute, values in index.categories.items()}}


def _date_presets(first: date, last: date) -> dict[str, tuple[date, date]]:
    presets = {
        "Everything": (first, last),
        "Last 30 days": (max(first, last - timedelta(days=29)), last),
        "Last 12 months": (max(first, last - timedelta(days=364)), last),
    }
    for year in range(last.year, first.year - 1, -1):
        presets[str(year)] = (max(first, date(year, 1, 1)), min(last, date(year, 12, 31)))
    return presets


def _clamp(value: date | None, first: date, last: date, default: date) -> date:
    return default if value is None else min(max(value, first), last)


def _initialise_from_url(incidents: pd.DataFrame, index: FilterIndex, first: date, last: date) -> None:
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    from_url = parse_query_params(params, _vocabularies(index))
    chosen = from_url.incident_filter
    state = st.session_state
    state[_DATE_KEY] = (_clamp(chosen.start, first, last, first), _clamp(chosen.end, first, last, last))
    state[_PRESET_KEY] = CUSTOM_PRESET if (chosen.start or chosen.end) else "Everything"
    notices = list(from_url.notices)
    if from_url.date_preset:
        # A named period ("2024", "last-30-days") reopens as that period, not as its dates.
        presets = _date_presets(first, last)
        named = {preset_slug(name): name for name in presets}
        if from_url.date_preset in named:
            state[_PRESET_KEY] = named[from_url.date_preset]
            state[_DATE_KEY] = presets[named[from_url.date_preset]]
        else:
            notices.append(f"Ignored 'period': no period called '{from_url.date_preset}' in this record.")
    for attribute, key in CHOICE_KEYS.items():
        state[key] = list(getattr(chosen, attribute))
    state[_TEXT_KEY] = chosen.text
    state[_CASUALTIES_KEY] = chosen.casualties_only
    known_ids = set(incidents["id"].astype(str)) if len(incidents) else set()
    if from_url.selected_id and from_url.selected_id not in known_ids:
        notices.append("Ignored 'incident': no incident has that id.")
        state[SELECTED_KEY] = None
    else:
        state[SELECTED_KEY] = from_url.selected_id
    state[SHIP_KEY] = from_url.ship_id
    state[_NOTICES_KEY] = [*notices, *state.get(PAGE_NOTICES_KEY, [])]
    state[_INITIALISED_KEY] = True


def _apply_preset(presets: dict[str, tuple[date, date]]) -> None:
    choice = st.session_state.get(_PRESET_KEY)
    if choice in presets:
        st.session_state[_DATE_KEY] = presets[choice]


def current_date_preset() -> str | None:
    """The named period chosen in the sidebar ("2024", "Last 30 days"), None for a custom range."""
    chosen = st.session_state.get(_PRESET_KEY)
    return None if chosen in (None, CUSTOM_PRESET) else str(chosen)


def _mark_custom() -> None:
    st.session_state[_PRESET_KEY] = CUSTOM_PRESET


def request_date_range(start: date, end: date) -> None:
    """Ask for a new date range from outside the sidebar (a chart click); it is applied at the next run's start.

    The date widget may already be drawn in the current run, and Streamlit forbids changing a drawn
    widget's value, so the range waits in session state until the sidebar reads it.
    """
    st.session_state[_PENDING_DATES_KEY] = (start, end)


def _apply_requested_date_range() -> None:
    requested = st.session_state.pop(_PENDING_DATES_KEY, None)
    if requested is not None:
        st.session_state[_DATE_KEY] = requested
        _mark_custom()


def reset_filters(first: date, last: date) -> None:
    """Widget callback: clear every filter and the selection."""
    state = st.session_state
    state[_DATE_KEY] = (first, last)
    state[_PRESET_KEY] = "Everything"
    for key in CHOICE_KEYS.values():
        state[key] = []
    state[_TEXT_KEY] = ""
    state[_CASUALTIES_KEY] = False
    state[SELECTED_KEY] = None
    state[MAP_SELECTION_KEY] = ()


def _current_filter(first: date, last: date) -> IncidentFilter:
    state = st.session_state
    start, end = state.get(_DATE_KEY, (first, last))
    return IncidentFilter(
        start=None if start <= first else start,
        end=None if end >= last else end,
        text=plain_text(state.get(_TEXT_KEY, ""), limit=200),
        casualties_only=bool(state.get(_CASUALTIES_KEY, False)),
        **{attribute: tuple(state.get(key, [])) for attribute, key in CHOICE_KEYS.items()},
    )


def _choice_widget(dimension: FilterDimension, counts: dict[str, int], options: list[str]) -> None:
    key = CHOICE_KEYS[dimension.attribute]
    unit = "use" if dimension.multi_valued else "record"
    # Keep chosen values listed even when the data no longer has them, so the widget never errors.
    listed = list(dict.fromkeys([*options, *st.session_state.get(key, [])]))

    def label(code: str) -> str:
        count = counts.get(code, 0)
        return f"{plain_text(label_for(dimension.column, code), 80)} · {count} {unit}{'' if count == 1 else 's'}"

    st.multiselect(
        dimension.title,
        listed,
        key=key,
        placeholder="All",
        format_func=label,
        help=OPTION_COUNTS_NOTE
        if not dimension.multi_valued
        else "Numbers beside each weapon count the incidents that used it: an incident with two weapons "
        "is counted under both.",
    )


def _read_filter(incidents: pd.DataFrame, index: FilterIndex) -> tuple[IncidentFilter, date, date]:
    """The filter the URL (first run) or the widgets' state describe, and the record's first and last day."""
    first, last = index.first_day, index.last_day
    if first is None or last is None:  # render_sidebar returns before this for an empty record
        raise ValueError("the filter widgets need a record with at least one incident")
    if not st.session_state.get(_INITIALISED_KEY):
        _initialise_from_url(incidents, index, first, last)
    _restore_widget_state()
    _apply_requested_date_range()
    return _current_filter(first, last), first, last


def render_sidebar(incidents: pd.DataFrame, index: FilterIndex, version: str = "") -> FilteredView:
    """Build the filter from the URL and the widgets, evaluate it once, draw the widgets, keep the URL in step.

    Parameters
    ----------
    incidents : DataFrame
        The whole record.
    index : FilterIndex
        Its prepared filter arrays (built once per loaded record).
    version : str
        The record's content hash: the filter's result is shared with every session that asks the same.
    """
    if incidents.empty:
        return filtered_view(incidents, index, IncidentFilter())
    # Widget values are in session state before the widgets are drawn (callbacks run first), so the filter
    # read here is the one the widgets will show: one evaluation gives both the rows and the option counts.
    incident_filter, first, last = _read_filter(incidents, index)
    view = shared_filtered_view(incidents, index, incident_filter, st.session_state.get(SELECTED_KEY), version)
    presets = _date_presets(first, last)
    with st.sidebar:
        st.header("Filters")
        st.selectbox("Period", [CUSTOM_PRESET, *presets], key=_PRESET_KEY, on_change=_apply_preset, args=(presets,))
        if first < last:
            st.slider(
                "Dates", min_value=first, max_value=last, key=_DATE_KEY, format="YYYY-MM-DD", on_change=_mark_custom
            )
        else:
            st.caption(f"All incidents are dated {first:%Y-%m-%d}.")
        vocabularies = _vocabularies(index)
        for dimension in FILTER_DIMENSIONS:
            if not dimension.ship_or_area:
                _choice_widget(dimension, view.option_counts[dimension.attribute], vocabularies[dimension.attribute])
        ship_or_area = [d for d in FILTER_DIMENSIONS if d.ship_or_area]
        with st.expander("Ship and area", expanded=any(getattr(incident_filter, d.attribute) for d in ship_or_area)):
            for dimension in ship_or_area:
                _choice_widget(dimension, view.option_counts[dimension.attribute], vocabularies[dimension.attribute])
        st.text_input("Vessel name or IMO", key=_TEXT_KEY, max_chars=200, placeholder="e.g. Galaxy Leader or 9237307")
        st.toggle("Only incidents with crew casualties", key=_CASUALTIES_KEY)
        st.button("Reset filters", key="f_reset", on_click=reset_filters, args=(first, last), width="stretch")
        for notice in st.session_state.get(_NOTICES_KEY, []):
            st.warning(markdown_text(notice, limit=300), icon="⚠️")
    _save_widget_state()
    preset = st.session_state.get(_PRESET_KEY)
    named = preset if preset in presets and preset != "Everything" else None
    # The ship page adds its own `ship` parameter when it runs.
    st.query_params.from_dict(view_to_query_params(incident_filter, view.selected_id, date_preset=named))
    return view
