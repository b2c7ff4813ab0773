"""The reader's colour scheme, for figures drawn on the server (maps and charts must match it)."""

from __future__ import annotations

import streamlit as st


def active_theme() -> str:
    """ "dark" or "light": the theme the reader's browser shows (light when unknown)."""
    try:
        scheme = st.context.theme.type
    except AttributeError:
        return "light"
    return "dark" if scheme == "dark" else "light"
