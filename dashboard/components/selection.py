"""Chart callbacks: a map click selects an incident, a box narrows the table, a bar click narrows dates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.components.sidebar import MAP_SELECTION_KEY, SELECTED_KEY, set_date_range
from dashboard.core.analysis import period_end
from dashboard.core.maps import incident_ids_of_points

# Set by a timeline click: the dates changed, so the whole page (not only the timeline's fragment) reruns.
DATES_CHANGED_KEY = "_timeline_dates_changed"


def selected_points(event: object) -> list[dict]:
    """The points of a plotly selection event (an empty list for anything malformed)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return []
    return [point for point in points or [] if isinstance(point, dict)]


def on_map_select(chart_key: str) -> None:
    """Callback: a marker of one incident selects it; a shared marker, a box or a lasso lists their incidents.

    The ids come from the markers' `customdata`, so nothing is regrouped or recomputed here.
    """
    ids = incident_ids_of_points(selected_points(st.session_state.get(chart_key)))
    if len(ids) == 1:
        st.session_state[SELECTED_KEY] = ids[0]
        st.session_state[MAP_SELECTION_KEY] = ()
    elif ids:
        st.session_state[MAP_SELECTION_KEY] = tuple(ids)


def choose_incident(incident_id: str) -> None:
    """Callback: select one incident of a listed selection."""
    st.session_state[SELECTED_KEY] = incident_id


def clear_selected_incident() -> None:
    """Callback: close the detail of the selected incident."""
    st.session_state[SELECTED_KEY] = None


def on_timeline_select(chart_key: str, period: str, first: date, last: date) -> None:
    """Callback: clicking a bar narrows the date range to that bar's period (read from the bar's customdata)."""
    starts = []
    for point in selected_points(st.session_state.get(chart_key)):
        data = point.get("customdata")
        text = data[0] if isinstance(data, list | tuple) and data else None
        try:
            start = pd.Timestamp(text) if isinstance(text, str) else pd.NaT
        except ValueError:
            continue
        if not pd.isna(start):
            starts.append(start)
    if not starts:
        return
    end = period_end(max(starts), period)
    set_date_range(max(min(starts).date(), first), min(end.date(), last))
    st.session_state[DATES_CHANGED_KEY] = True


def clear_map_selection() -> None:
    """Callback: forget the box or lasso selection."""
    st.session_state[MAP_SELECTION_KEY] = ()
