"""The "Copy link" control: the address that reopens exactly the view on screen."""

from __future__ import annotations

import streamlit as st

from dashboard.core.url_state import share_link

COPY_LINK_KEY = "copy_link"


def render_copy_link(page_path: str) -> None:
    """Draw a "Copy link" button in the sidebar (call after the page ran, when the URL is complete).

    Opening it reruns the whole app (``on_change="rerun"``), so the link is built from the URL as it is
    now: a choice made inside a fragment (a table row, the timeline's controls) reruns only that fragment
    and would otherwise be missing from a link drawn before it.
    """
    popover = st.sidebar.popover(
        "Copy link", icon=":material/link:", width="stretch", key=COPY_LINK_KEY, on_change="rerun"
    )
    if not popover.open:
        return
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    link = share_link(st.context.url, page_path, params)
    with popover:
        st.caption(
            "This link reopens the page with its filters, selection and chart settings. "
            "Copy it with the icon at the right of the box."
        )
        st.code(link, language=None, wrap_lines=True)
