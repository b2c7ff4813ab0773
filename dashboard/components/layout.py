"""Page-wide layout rules for small screens (phones), written once for every page."""

from __future__ import annotations

import streamlit as st

# Streamlit stacks columns under 640 px. On a phone that turns a row of headline figures into a screenful,
# so rows of figures become a compact grid, the Overview's map moves up under the title, and chart toolbars
# (which would cover chart titles there) are hidden: pinch zoom and tap still work, and the desktop keeps its toolbars.
PHONE_CSS = """
<style>
@media (max-width: 640px) {
  div[data-testid="stHorizontalBlock"]:has(> div [data-testid="stMetric"]) {
    flex-direction: row !important; flex-wrap: wrap !important; gap: 0.25rem 0.75rem !important;
  }
  div[data-testid="stHorizontalBlock"]:has(> div [data-testid="stMetric"]) > div[data-testid="stColumn"] {
    flex: 1 1 calc(33% - 0.75rem) !important; min-width: calc(33% - 0.75rem) !important; width: auto !important;
  }
  [data-testid="stMetricValue"] { font-size: 1.35rem !important; }
  [data-testid="stMetricLabel"] p { font-size: 0.8rem !important; }
  /* In a third of a phone's width a long figure label ("Share of the main lane within range") would end in "...":
     it wraps instead. */
  [data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] p {
    white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  }
  [data-testid="stMetricDelta"] { font-size: 0.75rem !important; }
  .stPlotlyChart .modebar-container { display: none !important; }
  /* The Overview's map comes first on a phone, right under the page title. */
  [data-testid="stElementContainer"]:has(> [data-testid="stHeading"] h1) { order: -2; }
  [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] > div:has(.st-key-overview_map) {
    order: -1;
  }
  [data-testid="stMarkdownContainer"] table { display: block; max-width: 100%; overflow-x: auto; }
  [data-testid="stMarkdownContainer"] pre, [data-testid="stMarkdownContainer"] code { white-space: pre-wrap;
    word-break: break-word; }
}
</style>
"""


def apply_page_layout() -> None:
    """Add the phone layout rules to the page (no visible element)."""
    st.html(PHONE_CSS)
