"""A table in which the reader selects one row, sized to its rows (the Incidents table, the ship list)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

# Streamlit's data grid draws rows this tall (pixels); the header is one row more, plus the border.
ROW_HEIGHT_PX = 35


def fitted_height(rows: int, max_px: int) -> int:
    """Header plus one line per row, up to `max_px`: no empty rows under a short table."""
    return min(ROW_HEIGHT_PX * (rows + 1) + 3, max_px)


def row_picker(
    rows: pd.DataFrame, *, key: str, max_height_px: int, column_order: list[str], column_config: dict
) -> int | None:
    """Show `rows` as a sortable table with single-row selection; the position in `rows` of the row selected."""
    event = st.dataframe(
        rows,
        key=key,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        height=fitted_height(len(rows), max_height_px),
        column_order=column_order,
        column_config=column_config,
    )
    picked = event.selection.rows if event is not None else []
    return picked[0] if picked and 0 <= picked[0] < len(rows) else None
