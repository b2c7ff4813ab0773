"""What every page shares: the loaded record, the filtered view, empty-result handling."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.components.data import Dataset, load_dataset, show_data_problems
from dashboard.components.sidebar import SELECTED_KEY, SHIP_KEY, render_sidebar
from dashboard.components.url_sync import (
    follow_page_link,
    page_setting_choices,
    restore_page_settings,
    write_page_settings_to_url,
)
from dashboard.core.filters import FilteredView

# Not "pages/": Streamlit treats a pages/ folder beside the entry script as its legacy multipage
# mode, which makes AppTest reruns skip app.py (and so the sidebar).
PAGES_DIR = Path(__file__).resolve().parents[1] / "views"
_VIEW_KEY = "_current_view"
_DATASET_KEY = "_current_dataset"


def build_view(page_path: str | None = None) -> FilteredView:
    """Load the record, draw the sidebar and remember the view for the page about to run.

    Parameters
    ----------
    page_path : str, optional
        URL path of the page about to run (lets a link between pages carry its incident or ship).
    """
    dataset = load_dataset()
    show_data_problems(dataset)
    choices = page_setting_choices()
    # Page settings and a link's choices are read from the URL before the sidebar rewrites it.
    restore_page_settings(choices)
    if page_path is not None:
        follow_page_link(page_path, SELECTED_KEY, SHIP_KEY)
    view = render_sidebar(dataset.incidents, dataset.index, dataset.version)
    write_page_settings_to_url(choices)
    # Session state is per visitor, so views never leak between sessions.
    st.session_state[_VIEW_KEY] = view
    st.session_state[_DATASET_KEY] = dataset
    return view


def current_view() -> FilteredView:
    """The view built for this run (pages call this instead of re-reading widgets)."""
    if _VIEW_KEY not in st.session_state:
        return build_view()
    return st.session_state[_VIEW_KEY]


def current_dataset() -> Dataset:
    """The dataset loaded for this run."""
    if _DATASET_KEY not in st.session_state:
        build_view()
    return st.session_state[_DATASET_KEY]


def stop_if_empty(view: FilteredView) -> bool:
    """Show a friendly message and return True when nothing is left to show."""
    if current_dataset().fatal:
        st.info("No incidents can be shown until the data file is fixed (see the error above).")
        return True
    if view.count == 0:
        st.info(
            "No incidents match the current filters. Widen the date range or clear a filter "
            "(**Reset filters** in the sidebar).",
            icon="🔎",
        )
        return True
    return False


def render_footer() -> None:
    """A short provenance line under every page."""
    dataset = current_dataset()
    st.caption(
        f"{len(dataset.incidents)} incidents in the record · every record cites its sources · "
        "basemap: Natural Earth (public domain) · works offline"
    )
