"""Colours, labels and sizes shared by the maps, the charts, the tables and the legends."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

import pandas as pd

from dashboard.core.schema import ACTORS, VESSEL_TYPES, WEAPONS

# Okabe-Ito palette: distinguishable with the common forms of colour blindness. Within one page a colour
# means one thing: the category colours are reserved for categories wherever categories are drawn, and
# charts that do not show categories use the neutral colour or the analysis colours below.
CATEGORY_COLOURS = {
    "attack": "#D55E00",
    "hijacking": "#0072B2",
    "sinking": "#000000",
    "boarding_attempt": "#E69F00",
    "suspicious_approach": "#56B4E9",
}
CATEGORY_LABELS = {
    "attack": "Attack",
    "hijacking": "Hijacking",
    "sinking": "Sinking",
    "boarding_attempt": "Boarding attempt",
    "suspicious_approach": "Suspicious approach",
}
OUTCOME_COLOURS = {
    "hit": "#E69F00",
    "damaged": "#D55E00",
    "missed": "#56B4E9",
    "intercepted": "#009E73",
    "sunk": "#000000",
    "hijacked": "#0072B2",
    "repelled": "#CC79A7",
    "unknown": "#999999",
}
OUTCOME_LABELS = {
    "hit": "Hit",
    "damaged": "Damaged",
    "missed": "Missed",
    "intercepted": "Intercepted",
    "sunk": "Sunk",
    "hijacked": "Hijacked",
    "repelled": "Repelled",
    "unknown": "Not reported",
}
CLAIM_LABELS = {"confirmed": "Confirmed", "claimed": "Claimed only", "disputed": "Disputed"}
ACTOR_LABELS = {**ACTORS, "houthi": "Houthis", "united_states": "United States", "unknown": "Unattributed"}
WEAPON_COLOURS = dict(
    zip(
        WEAPONS,
        (
            "#D55E00",
            "#E69F00",
            "#F0E442",
            "#CC79A7",
            "#0072B2",
            "#56B4E9",
            "#009E73",
            "#332288",
            "#882255",
            "#117733",
            "#999999",
        ),
        strict=True,
    )
)
# Charts that count something other than categories (breakdowns by flag, sea area ...): one neutral colour.
NEUTRAL_COLOUR = "#5F7A94"
# Analysis page: hit or not, the share that hit (a mid-tone line that reads on light and dark), and held or
# released. None of them is a category colour, which the same page uses for its monthly chart.
HIT_COLOUR = "#882255"
NOT_HIT_COLOUR = "#C8B58A"  # sand: not the sky blue of "suspicious approach" in the monthly chart beside it
HIT_SHARE_COLOUR = "#999933"
RELEASED_COLOUR = "#44AA99"
STILL_HELD_COLOUR = "#CC79A7"
# Records a visitor imported: a colour no category, outcome or weapon uses (Tol's vibrant magenta, readable
# on the light and the dark basemap) and markers larger than most curated ones, so the layer stands out.
IMPORTED_COLOUR = "#EE3377"
IMPORTED_MARKER_SIZE = 14
IMPORTED_OPACITY = 0.9
RANGE_ZONE_COLOUR = "rgba(204, 121, 167, 0.30)"
RANGE_ZONE_LINE = "#AA3377"
AREA_LINE_COLOUR = "#4C72B0"
LANE_COLOUR = "#2F4B7C"
# Mid-tones that read on light and dark backgrounds.
ROUTE_COLOURS = {"suez": "#4477AA", "cape": "#DDAA33"}
# Map overlays: the selected incident (and its uncertainty circle), uncertainty of other positions as a light
# fill, and the marker of several records at one position with its count.
SELECTED_COLOUR = "#CC79A7"
SELECTED_FILL = "rgba(204, 121, 167, 0.25)"
UNCERTAINTY_FILL = "rgba(120, 120, 120, 0.08)"
SHARED_POSITION_COLOUR = "#4D4D4D"
SHARED_POSITION_TEXT = "#FFFFFF"
UNKNOWN_COLOUR = "#999999"
# Timeline: the cumulative line (a mid-tone that reads on light and dark) and the context-event markers.
CUMULATIVE_COLOUR = "#7A7A7A"
EVENT_COLOUR = "#009E73"

# Marker size (px) by outcome: a second cue besides colour, larger for graver outcomes.
OUTCOME_SIZES = {
    "sunk": 17,
    "damaged": 13,
    "hijacked": 13,
    "hit": 11,
    "repelled": 9,
    "missed": 8,
    "intercepted": 8,
    "unknown": 8,
}
CLAIMED_OPACITY = 0.4
CONFIRMED_OPACITY = 0.9

STACK_COLOURS = {"category": CATEGORY_COLOURS, "outcome": OUTCOME_COLOURS, "weapons": WEAPON_COLOURS}
# In the dark theme black vanishes on the dark basemap and chart background: sinkings (and the outcome "sunk") are
# drawn in near-white there, and the marker of several records at one position is a light grey with dark numbers.
DARK_SUNK_COLOUR = "#F2F2F2"
DARK_SHARED_POSITION_COLOUR = "#A6A6A6"
DARK_SHARED_POSITION_TEXT = "#111111"


def stack_colours(stack_by: str, theme: str | None = None) -> dict[str, str]:
    """Colours of the values of `stack_by` ("category", "outcome", "weapons") in the reader's theme."""
    colours = STACK_COLOURS.get(stack_by, {})
    if theme != "dark":
        return colours
    return {**colours, **{code: DARK_SUNK_COLOUR for code in ("sinking", "sunk") if code in colours}}


@dataclass(frozen=True)
class MapColours:
    """Basemap colours for one theme (the reader's browser decides which); the defaults are the light theme."""

    sea: str = "#D6E6F2"
    land: str = "#E8E4D8"
    border: str = "#9A9483"
    lane: str = LANE_COLOUR
    legend_background: str = "rgba(255,255,255,0.85)"
    text: str = "#222222"
    # Map labels (countries, seas and straits, ports and towns), the scale bar, and the area outside the region.
    country_label: str = "#6B6453"
    sea_label: str = "#3E6C96"
    place_label: str = "#333333"
    scale: str = "#333333"
    # Beyond the region the bundled basemap covers (a screen wider or taller than the region shows some): a grey
    # of its own, never the page's colour, which made the map look narrower than its column with its toolbar
    # standing past the map's edge.
    background: str = "#C5CBD2"
    # A thin outline of the map's text in the background's colour, so names read over land, sea and borders.
    label_halo: str = "rgba(255, 255, 255, 0.8)"
    # Incident markers: category colours of this theme, and the marker of several records at one position.
    categories: dict[str, str] = field(default_factory=lambda: CATEGORY_COLOURS)
    shared_marker: str = SHARED_POSITION_COLOUR
    shared_text: str = SHARED_POSITION_TEXT


LIGHT_MAP = MapColours()
DARK_MAP = MapColours(
    sea="#0F2233",
    land="#3A3A36",
    border="#8C8778",
    lane="#9DB8E0",
    legend_background="rgba(14,17,23,0.85)",
    text="#E6E6E6",
    country_label="#C9C2B0",
    sea_label="#8DB6DC",
    place_label="#E6E6E6",
    scale="#E6E6E6",
    background="#262B33",
    label_halo="rgba(14, 17, 23, 0.8)",
    categories=stack_colours("category", "dark"),
    shared_marker=DARK_SHARED_POSITION_COLOUR,
    shared_text=DARK_SHARED_POSITION_TEXT,
)
# Kept for callers that draw the light basemap directly.
LAND_COLOUR = LIGHT_MAP.land
BORDER_COLOUR = LIGHT_MAP.border
SEA_COLOUR = LIGHT_MAP.sea


def map_colours(theme: str | None) -> MapColours:
    """Basemap colours for a Streamlit theme type ("light" or "dark"; anything else is light)."""
    return DARK_MAP if theme == "dark" else LIGHT_MAP


_LABELS = {
    "category": CATEGORY_LABELS,
    "outcome": OUTCOME_LABELS,
    "weapons": WEAPONS,
    "claim_status": CLAIM_LABELS,
    "actor": ACTOR_LABELS,
    "vessel_type": VESSEL_TYPES,
}
MISSING_LABEL = "Not reported"


def long_date(day) -> str:
    """A day as readers write it: ``1 July 2026`` (no leading zero)."""
    return f"{day.day} {day:%B %Y}"


def label_for(column: str, code: object) -> str:
    """Human label of a vocabulary code, for legends, filters and tables (never a raw code or "None").

    Parameters
    ----------
    column : str
        The incident column the code belongs to ("category", "outcome", "weapons", "vessel_type" ...).
    code : object
        The value; missing values read "Not reported".
    """
    if (
        code is None
        or (not isinstance(code, list | tuple) and pd.isna(code))
        or str(code).strip().casefold() in ("", "none", "not reported")
    ):
        return MISSING_LABEL
    text = str(code)
    labels = _LABELS.get(column)
    if labels is not None and text in labels:
        return labels[text]
    return text.replace("_", " ").capitalize() if text == text.lower() and "_" in text else text


def labels_for(column: str, codes: Collection[str] | float | None) -> str:
    """Human labels of a list of codes (weapons), comma-separated; "Not reported" for none."""
    if codes is None or isinstance(codes, float) or len(codes) == 0:
        return MISSING_LABEL
    return ", ".join(label_for(column, code) for code in codes)
