"""The filter sidebar shared by every page, kept in step with the URL query string."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cached_property

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.components.url_sync import NOTICES_KEY as PAGE_NOTICES_KEY
from dashboard.core.filters import (
    CHOICE_FILTERS,
    FilterIndex,
    IncidentFilter,
    combine_masks,
    count_options,
    filter_masks,
)
from dashboard.core.schema import WEAPONS
from dashboard.core.style import label_for
from dashboard.core.text import clean_display_text, escape_markdown
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
# Sidebar widget key per multi-choice filter attribute.
CHOICE_KEYS = {attribute: f"f_{attribute}" for attribute in ("weapons", *CHOICE_FILTERS)}
CHOICE_TITLES = {
    "categories": "Category", "outcomes": "Outcome", "weapons": "Weapon", "actors": "Actor",
    "claim_statuses": "Claim status", "vessel_types": "Vessel type", "flags": "Flag", "sea_areas": "Sea area",
}
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


class View:
    """What a page renders: the whole record, the filter, the rows it keeps and the selection."""

    def __init__(self, incidents: pd.DataFrame, incident_filter: IncidentFilter, selected_id: str | None,
                 mask: np.ndarray, index: FilterIndex | None = None):
        self.incidents = incidents
        self.incident_filter = incident_filter
        self.selected_id = selected_id
        self.mask = mask
        self.index = index

    @cached_property
    def filtered(self) -> pd.DataFrame:
        """The incidents the filter keeps (the record itself when it keeps everything: no copy)."""
        return self.incidents if self.mask.all() else self.incidents[self.mask]

    @property
    def count(self) -> int:
        """How many incidents the filter keeps."""
        return int(self.mask.sum())

    def subset(self, columns: list[str]) -> pd.DataFrame:
        """Only some columns of the kept incidents (cheaper than `filtered` on large records)."""
        return self.incidents.loc[self.mask, columns]

    def selected_incident(self) -> pd.Series | None:
        """The selected incident, if it is among the kept ones."""
        if not self.selected_id or self.index is None:
            return None
        rows = np.flatnonzero((self.index.ids == self.selected_id).to_numpy(dtype=bool) & self.mask)
        return self.incidents.iloc[rows[0]] if len(rows) else None


def _vocabularies(index: FilterIndex) -> dict[str, list[str]]:
    return {"weapons": list(WEAPONS), **{attribute: list(values) for attribute, values in index.categories.items()}}


def _date_presets(first: date, last: date) -> dict[str, tuple[date, date]]:
    presets = {"Everything": (first, last),
               "Last 30 days": (max(first, last - timedelta(days=29)), last),
               "Last 12 months": (max(first, last - timedelta(days=364)), last)}
    for year in range(last.year, first.year - 1, -1):
        presets[str(year)] = (max(first, date(year, 1, 1)), min(last, date(year, 12, 31)))
    return presets


def _clamp(value: date | None, first: date, last: date, default: date) -> date:
    return default if value is None else min(max(value, first), last)


def _initialise_from_url(incidents: pd.DataFrame, index: FilterIndex, first: date, last: date) -> None:
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    view = parse_query_params(params, _vocabularies(index))
    chosen = view.incident_filter
    state = st.session_state
    state[_DATE_KEY] = (_clamp(chosen.start, first, last, first), _clamp(chosen.end, first, last, last))
    state[_PRESET_KEY] = CUSTOM_PRESET if (chosen.start or chosen.end) else "Everything"
    notices = list(view.notices)
    if view.date_preset:
        # A named period ("2024", "last-30-days") reopens as that period, not as its dates.
        presets = _date_presets(first, last)
        named = {preset_slug(name): name for name in presets}
        if view.date_preset in named:
            state[_PRESET_KEY] = named[view.date_preset]
            state[_DATE_KEY] = presets[named[view.date_preset]]
        else:
            notices.append(f"Ignored 'period': no period called '{view.date_preset}' in this record.")
    for attribute, key in CHOICE_KEYS.items():
        state[key] = list(getattr(chosen, attribute))
    state[_TEXT_KEY] = chosen.text
    state[_CASUALTIES_KEY] = chosen.casualties_only
    known_ids = set(incidents["id"].astype(str)) if len(incidents) else set()
    if view.selected_id and view.selected_id not in known_ids:
        notices.append("Ignored 'incident': no incident has that id.")
        state[SELECTED_KEY] = None
    else:
        state[SELECTED_KEY] = view.selected_id
    state[SHIP_KEY] = view.ship_id
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


def _choice_widget(index: FilterIndex, masks: dict[str, np.ndarray], attribute: str, options: list[str]) -> None:
    counts = count_options(None, None, attribute, index=index, masks=masks)
    column = "weapons" if attribute == "weapons" else CHOICE_FILTERS[attribute]
    key = CHOICE_KEYS[attribute]
    # Keep chosen values listed even when the data no longer has them, so the widget never errors.
    listed = list(dict.fromkeys([*options, *st.session_state.get(key, [])]))
    st.multiselect(
        CHOICE_TITLES[attribute], listed, key=key, placeholder="All",
        format_func=lambda code: f"{clean_display_text(label_for(column, code), 80)} ({counts.get(code, 0)})",
    )


def render_sidebar(incidents: pd.DataFrame, index: FilterIndex) -> View:
    """Draw the filters, keep the URL in step, and return the view every page renders.

    Parameters
    ----------
    incidents : DataFrame
        The whole record.
    index : FilterIndex
        Its prepared filter arrays (built once per loaded record).
    """
    if incidents.empty:
        return View(incidents, IncidentFilter(), None, np.zeros(0, dtype=bool), index)
    first = pd.Timestamp(int(index.days.min()), unit="D").date()
    last = pd.Timestamp(int(index.days.max()), unit="D").date()
    if not st.session_state.get(_INITIALISED_KEY):
        _initialise_from_url(incidents, index, first, last)
    _restore_widget_state()
    presets = _date_presets(first, last)
    current = _current_filter(first, last)
    masks = filter_masks(index, current)
    with st.sidebar:
        st.header("Filters")
        st.selectbox("Period", [CUSTOM_PRESET, *presets], key=_PRESET_KEY, on_change=_apply_preset,
                     args=(presets,))
        if first < last:
            st.slider("Dates", min_value=first, max_value=last, key=_DATE_KEY, format="YYYY-MM-DD",
                      on_change=_mark_custom)
        else:
            st.caption(f"All incidents are dated {first:%Y-%m-%d}.")
        vocabularies = _vocabularies(index)
        for attribute in ("categories", "outcomes", "weapons", "actors", "claim_statuses"):
            _choice_widget(index, masks, attribute, vocabularies[attribute])
        with st.expander("Ship and area", expanded=bool(current.vessel_types or current.flags or current.sea_areas)):
            for attribute in ("vessel_types", "flags", "sea_areas"):
                _choice_widget(index, masks, attribute, vocabularies[attribute])
        st.text_input("Vessel name or IMO", key=_TEXT_KEY, max_chars=200, placeholder="e.g. Galaxy Leader or 9237307")
        st.toggle("Only incidents with crew casualties", key=_CASUALTIES_KEY)
        st.button("Reset filters", key="f_reset", on_click=reset_filters, args=(first, last),
                  width="stretch")
        for notice in st.session_state.get(_NOTICES_KEY, []):
            st.warning(escape_markdown(notice, limit=300), icon="⚠️")
    _save_widget_state()
    final = _current_filter(first, last)
    if final != current:
        masks = filter_masks(index, final)
    selected = st.session_state.get(SELECTED_KEY)
    preset = st.session_state.get(_PRESET_KEY)
    named = preset if preset in presets and preset != "Everything" else None
    # The ship page adds its own `ship` parameter when it runs.
    st.query_params.from_dict(view_to_query_params(final, selected, date_preset=named))
    return View(incidents, final, selected, combine_masks(masks, index.size), index)
