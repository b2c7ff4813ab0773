"""Keep the pages' display settings (timeline, map toggles, threat range ...) in the URL."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.core.threat import preset_choices
from dashboard.core.url_state import (
    PAGE_SETTINGS,
    page_settings_to_query_params,
    parse_page_settings,
    parse_query_params,
)

_INITIALISED_KEY = "_page_settings_initialised"
NOTICES_KEY = "_page_setting_notices"
_SAVED_PREFIX = "_saved_page_"
_LAST_PAGE_KEY = "_last_page_path"


def follow_page_link(page_path: str, selected_key: str, ship_key: str) -> None:
    """On arriving at another page, let the link's `incident` and `ship` parameters choose what is shown.

    The sidebar reads the URL only on a visitor's first run; a link between pages (a ship's "full record",
    a card's "this ship's story") carries its choice in the URL of the page it opens. Within one page the
    URL only echoes session state, so it is not read again (a click handled by a callback must win).
    """
    state = st.session_state
    arriving = state.get(_LAST_PAGE_KEY) not in (None, page_path)
    state[_LAST_PAGE_KEY] = page_path
    if not arriving:
        return
    chosen = {name: st.query_params.get(name) for name in ("incident", "ship") if name in st.query_params}
    if not chosen:
        return
    view = parse_query_params(chosen, {})
    if view.selected_id:
        state[selected_key] = view.selected_id
    if view.ship_id:
        state[ship_key] = view.ship_id


def restore_page_settings(choices: Mapping[str, Sequence[str]]) -> None:
    """Put every page setting into session state before any widget is drawn.

    On a visitor's first run the values come from the URL (else the defaults); later, a value Streamlit
    dropped because its page was not shown is put back from a saved copy. Widgets of these settings take
    their value from session state only (no `value=`/`default=` of their own).
    """
    state = st.session_state
    if not state.get(_INITIALISED_KEY):
        params = {name: st.query_params.get_all(name) for name in st.query_params}
        values, notices = parse_page_settings(params, choices)
        for setting in PAGE_SETTINGS:
            state[setting.widget_key] = values.get(setting.widget_key, setting.default)
        state[NOTICES_KEY] = notices
        state[_INITIALISED_KEY] = True
        return
    for setting in PAGE_SETTINGS:
        if setting.widget_key not in state:
            state[setting.widget_key] = state.get(_SAVED_PREFIX + setting.widget_key, setting.default)


def write_page_settings_to_url(choices: Mapping[str, Sequence[str]]) -> None:
    """Add the non-default page settings to the URL (after the sidebar has written the filters)."""
    state = st.session_state
    current = {
        setting.widget_key: state[setting.widget_key] for setting in PAGE_SETTINGS if setting.widget_key in state
    }
    for key, value in current.items():
        state[_SAVED_PREFIX + key] = value
    params = page_settings_to_query_params(current, choices)
    if params:
        st.query_params.update(params)


def page_setting_choices() -> dict[str, Sequence[str]]:
    """Allowed values of the page settings whose choices are known only at run time (the weapon presets)."""
    return {"preset": preset_choices()}


def keep_page_settings_in_url() -> None:
    """Bring the URL's page settings in step after a fragment reran on its own (a full run does this anyway).

    A fragment's own rerun skips the sidebar and `write_page_settings_to_url`, so a setting changed inside
    it (the timeline's period, a map layer, the threat range) would otherwise reach the URL only with the
    next full run, and a copied link would miss it.
    """
    state = st.session_state
    current = {
        setting.widget_key: state[setting.widget_key] for setting in PAGE_SETTINGS if setting.widget_key in state
    }
    wanted = page_settings_to_query_params(current, page_setting_choices())
    for setting in PAGE_SETTINGS:
        if setting.widget_key not in current:
            continue
        state[_SAVED_PREFIX + setting.widget_key] = current[setting.widget_key]
        value = wanted.get(setting.parameter)
        if value is None and setting.parameter in st.query_params:
            del st.query_params[setting.parameter]
        elif value is not None and st.query_params.get(setting.parameter) != value:
            st.query_params[setting.parameter] = value
