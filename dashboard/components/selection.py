"""Chart callbacks: a map click selects an incident, a box narrows the table, a bar click narrows dates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.components.sidebar import MAP_SELECTION_KEY, SELECTED_KEY, set_date_range


def selected_point_ids(event: object) -> list[str]:
    """Incident ids (customdata[0]) of the points in a plotly selection event."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return []
    ids = []
    for point in points or []:
        customdata = point.get("customdata") if isinstance(point, dict) else None
        if isinstance(customdata, list) and customdata:
            ids.append(str(customdata[0]))
        elif isinstance(customdata, str):
            ids.append(customdata)
    return list(dict.fromkeys(ids))


def on_map_select(chart_key: str) -> None:
    """Callback: one point selects that incident; several (box or lasso) narrow the table."""
    ids = selected_point_ids(st.session_state.get(chart_key))
    if len(ids) == 1:
        st.session_state[SELECTED_KEY] = ids[0]
        st.session_state[MAP_SELECTION_KEY] = ()
    else:
        st.session_state[MAP_SELECTION_KEY] = tuple(ids)


def on_timeline_select(chart_key: str, period: str, first: date, last: date) -> None:
    """Callback: clicking a bar narrows the date range to that bar's period."""
    try:
        points = st.session_state.get(chart_key)["selection"]["points"]
    except (KeyError, TypeError):
        return
    starts = [pd.Timestamp(point["x"]) for point in points if isinstance(point, dict) and "x" in point]
    if not starts:
        return
    start = min(starts)
    offset = {"day": pd.offsets.Day(1), "week": pd.offsets.Week(1), "month": pd.offsets.MonthBegin(1)}[period]
    end = max(starts) + offset - pd.Timedelta(days=1)
    set_date_range(max(start.date(), first), min(end.date(), last))


def clear_map_selection() -> None:
    """Callback: forget the box or lasso selection."""
    st.session_state[MAP_SELECTION_KEY] = ()
