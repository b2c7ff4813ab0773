"""Chart selections: a map click selects an incident, a box or a shared marker lists several, a bar narrows dates.

Selections are read from the value `st.plotly_chart` returns, in the script, and each new selection is
applied once (a fingerprint of the last one handled is kept per chart). The page then reruns, so the
sidebar, the URL and the panels all show the new state.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.components.sidebar import MAP_SELECTION_KEY, SELECTED_KEY, request_date_range
from dashboard.core.analysis import period_end
from dashboard.core.map_markers import incident_ids_of_points

_HANDLED_PREFIX = "_handled_selection_"


def selected_points(event: Any) -> list[dict]:
    """The points of a plotly selection event (an empty list for anything malformed)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return []
    return [point for point in points or [] if isinstance(point, dict)]


def _is_new(chart_key: str, points: list[dict]) -> bool:
    """True once per distinct selection of a chart (the chart keeps returning its last selection)."""
    fingerprint = json.dumps(points, sort_keys=True, default=str)
    if st.session_state.get(_HANDLED_PREFIX + chart_key) == fingerprint:
        return False
    st.session_state[_HANDLED_PREFIX + chart_key] = fingerprint
    return True


def apply_map_selection(chart_key: str, event: object) -> bool:
    """Apply a new map selection: one incident's marker selects it; a shared marker, a box or a lasso lists theirs.

    The ids come from the markers' `customdata`, so nothing is regrouped or recomputed here. Returns True
    when the selection changed what the page shows.
    """
    points = selected_points(event)
    if not _is_new(chart_key, points):
        return False
    ids = incident_ids_of_points(points)
    if len(ids) == 1:
        st.session_state[SELECTED_KEY] = ids[0]
        st.session_state[MAP_SELECTION_KEY] = ()
        return True
    if ids:
        st.session_state[MAP_SELECTION_KEY] = tuple(ids)
        return True
    return False


def apply_timeline_selection(chart_key: str, event: object, period: str, first: date, last: date) -> bool:
    """Apply a new bar click: the date range becomes that bar's period (its start is the bar's customdata)."""
    points = selected_points(event)
    if not _is_new(chart_key, points):
        return False
    starts = []
    for point in points:
        data = point.get("customdata")
        text = data[0] if isinstance(data, list | tuple) and data else None
        try:
            start = pd.Timestamp(text) if isinstance(text, str) else pd.NaT
        except ValueError:
            continue
        if not pd.isna(start):
            starts.append(start)
    if not starts:
        return False
    end = period_end(max(starts), period)
    request_date_range(max(min(starts).date(), first), min(end.date(), last))
    return True


def choose_incident(incident_id: str) -> None:
    """Callback: select one incident of a listed selection."""
    st.session_state[SELECTED_KEY] = incident_id


def clear_selected_incident() -> None:
    """Callback: close the detail of the selected incident."""
    st.session_state[SELECTED_KEY] = None


def clear_map_selection() -> None:
    """Callback: forget the box or lasso selection."""
    st.session_state[MAP_SELECTION_KEY] = ()
