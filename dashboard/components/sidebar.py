"""The filter sidebar shared by every page, kept in step with the URL query string."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from dashboard.core.filters import CHOICE_FILTERS, IncidentFilter, apply_filter, count_options
from dashboard.core.schema import WEAPONS
from dashboard.core.style import label_for
from dashboard.core.text import clean_display_text, escape_markdown
from dashboard.core.url_state import parse_query_params, view_to_query_params

SELECTED_KEY = "selected_incident"
MAP_SELECTION_KEY = "map_selection_ids"
_INITIALISED_KEY = "_view_initialised"
_NOTICES_KEY = "_url_notices"
_DATE_KEY = "f_dates"
_PRESET_KEY = "f_preset"
_TEXT_KEY = "f_text"
_CASUALTIES_KEY = "f_casualties"
# Sidebar widget key per multi-choice filter attribute.
CHOICE_KEYS = {attribute: f"f_{attribute}" for attribute in ("weapons", *CHOICE_FILTERS)}
CHOICE_TITLES = {
    "categories": "Category", "outcomes": "Outcome", "weapons": "Weapon", "actors": "Actor",
    "claim_statuses": "Claim status", "vessel_types": "Vessel type", "flags": "Flag", "sea_areas": "Sea area",
}
CUSTOM_PRESET = "Custom range"


@dataclass(frozen=True)
class View:
    """What a page renders: the whole record, the filtered subset, the filter and the selection."""

    incidents: pd.DataFrame
    filtered: pd.DataFrame
    incident_filter: IncidentFilter
    selected_id: str | None


def _vocabularies(incidents: pd.DataFrame) -> dict[str, list[str]]:
    vocabularies = {"weapons": list(WEAPONS)}
    for attribute, column in CHOICE_FILTERS.items():
        values = incidents[column] if column in incidents else pd.Series(dtype=str)
        if isinstance(values.dtype, pd.CategoricalDtype):
            vocabularies[attribute] = [str(v) for v in values.cat.categories]
        else:
            vocabularies[attribute] = sorted(str(v) for v in values.dropna().unique())
    return vocabularies


def _date_presets(first: date, last: date) -> dict[str, tuple[date, date]]:
    presets = {"Everything": (first, last),
               "Last 30 days": (max(first, last - timedelta(days=29)), last),
               "Last 12 months": (max(first, last - timedelta(days=364)), last)}
    for year in range(last.year, first.year - 1, -1):
        presets[str(year)] = (max(first, date(year, 1, 1)), min(last, date(year, 12, 31)))
    return presets


def _clamp(value: date | None, first: date, last: date, default: date) -> date:
    return default if value is None else min(max(value, first), last)


def _initialise_from_url(incidents: pd.DataFrame, first: date, last: date) -> None:
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    view = parse_query_params(params, _vocabularies(incidents))
    chosen = view.incident_filter
    state = st.session_state
    state[_DATE_KEY] = (_clamp(chosen.start, first, last, first), _clamp(chosen.end, first, last, last))
    state[_PRESET_KEY] = CUSTOM_PRESET if (chosen.start or chosen.end) else "Everything"
    for attribute, key in CHOICE_KEYS.items():
        state[key] = list(getattr(chosen, attribute))
    state[_TEXT_KEY] = chosen.text
    state[_CASUALTIES_KEY] = chosen.casualties_only
    known_ids = set(incidents["id"].astype(str)) if len(incidents) else set()
    notices = list(view.notices)
    if view.selected_id and view.selected_id not in known_ids:
        notices.append("Ignored 'incident': no incident has that id.")
        state[SELECTED_KEY] = None
    else:
        state[SELECTED_KEY] = view.selected_id
    state[_NOTICES_KEY] = notices
    state[_INITIALISED_KEY] = True


def _apply_preset(presets: dict[str, tuple[date, date]]) -> None:
    choice = st.session_state.get(_PRESET_KEY)
    if choice in presets:
        st.session_state[_DATE_KEY] = presets[choice]


def _mark_custom() -> None:
    st.session_state[_PRESET_KEY] = CUSTOM_PRESET


def set_date_range(start: date, end: date) -> None:
    """Widget callback helper: narrow the date filter (used by chart clicks)."""
    st.session_state[_DATE_KEY] = (start, end)
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
        text=clean_display_text(state.get(_TEXT_KEY, ""), limit=200),
        casualties_only=bool(state.get(_CASUALTIES_KEY, False)),
        **{attribute: tuple(state.get(key, [])) for attribute, key in CHOICE_KEYS.items()},
    )


def _choice_widget(incidents: pd.DataFrame, current: IncidentFilter, attribute: str, options: list[str]) -> None:
    counts = count_options(incidents, current, attribute)
    column = "weapons" if attribute == "weapons" else CHOICE_FILTERS[attribute]
    key = CHOICE_KEYS[attribute]
    # Keep chosen values listed even when the data no longer has them, so the widget never errors.
    listed = list(dict.fromkeys([*options, *st.session_state.get(key, [])]))
    st.multiselect(
        CHOICE_TITLES[attribute], listed, key=key, placeholder="All",
        format_func=lambda code: f"{clean_display_text(label_for(column, code), 80)} ({counts.get(code, 0)})",
    )


def render_sidebar(incidents: pd.DataFrame) -> View:
    """Draw the filters, keep the URL in step, and return the view every page renders."""
    if incidents.empty:
        return View(incidents, incidents, IncidentFilter(), None)
    first, last = incidents["date"].min().date(), incidents["date"].max().date()
    if not st.session_state.get(_INITIALISED_KEY):
        _initialise_from_url(incidents, first, last)
    presets = _date_presets(first, last)
    current = _current_filter(first, last)
    with st.sidebar:
        st.header("Filters")
        st.selectbox("Period", [CUSTOM_PRESET, *presets], key=_PRESET_KEY, on_change=_apply_preset,
                     args=(presets,))
        if first < last:
            st.slider("Dates", min_value=first, max_value=last, key=_DATE_KEY, format="YYYY-MM-DD",
                      on_change=_mark_custom)
        else:
            st.caption(f"All incidents are dated {first:%Y-%m-%d}.")
        vocabularies = _vocabularies(incidents)
        for attribute in ("categories", "outcomes", "weapons", "actors", "claim_statuses"):
            _choice_widget(incidents, current, attribute, vocabularies[attribute])
        with st.expander("Ship and area", expanded=bool(current.vessel_types or current.flags or current.sea_areas)):
            for attribute in ("vessel_types", "flags", "sea_areas"):
                _choice_widget(incidents, current, attribute, vocabularies[attribute])
        st.text_input("Vessel name or IMO", key=_TEXT_KEY, max_chars=200, placeholder="e.g. Rubymar or 9178537")
        st.toggle("Only incidents with crew casualties", key=_CASUALTIES_KEY)
        st.button("Reset filters", key="f_reset", on_click=reset_filters, args=(first, last),
                  width="stretch")
        for notice in st.session_state.get(_NOTICES_KEY, []):
            st.warning(escape_markdown(notice, limit=300), icon="⚠️")
    current = _current_filter(first, last)
    selected = st.session_state.get(SELECTED_KEY)
    st.query_params.from_dict(view_to_query_params(current, selected))
    filtered = apply_filter(incidents, current)
    return View(incidents, filtered, current, selected)
