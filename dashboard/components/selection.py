"""Chart callbacks: a map click selects an incident, a box narrows the table, a bar click narrows dates."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.components.context import current_view
from dashboard.components.sidebar import MAP_SELECTION_KEY, SELECTED_KEY, set_date_range
from dashboard.core.figures import ids_of_selected_points


def selected_points(event: object) -> list[dict]:
    """The points of a plotly selection event (an empty list for anything malformed)."""
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return []
    return [point for point in points or [] if isinstance(point, dict)]


def on_map_select(chart_key: str) -> None:
    """Callback: one point selects that incident; several (box or lasso) narrow the table.

    Runs before the next script run, so the view in session state is the one the map was drawn from.
    """
    view = current_view()
    drawn = view.subset(["id", "category", "lon", "lat"])
    ids = ids_of_selected_points(drawn, selected_points(st.session_state.get(chart_key)))
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
