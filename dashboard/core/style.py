"""Colours, labels and sizes shared by the map, the charts and the legend."""

from __future__ import annotations

from dashboard.core.schema import OUTCOMES, WEAPONS

# Okabe-Ito palette: distinguishable with the common forms of colour blindness.
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
WEAPON_COLOURS = dict(zip(WEAPONS, (
    "#D55E00", "#E69F00", "#F0E442", "#CC79A7", "#0072B2", "#56B4E9", "#009E73", "#332288", "#882255", "#999999",
)))
IMPORTED_COLOUR = "#7F7F7F"
RANGE_ZONE_COLOUR = "rgba(213, 94, 0, 0.18)"
LAND_COLOUR = "#E8E4D8"
BORDER_COLOUR = "#9A9483"
SEA_COLOUR = "#D6E6F2"
AREA_LINE_COLOUR = "#4C72B0"
LANE_COLOUR = "#2F4B7C"

# Marker size (px) by outcome: a second cue besides colour, larger for graver outcomes.
OUTCOME_SIZES = {"sunk": 17, "damaged": 13, "hijacked": 13, "hit": 11, "repelled": 9,
                 "missed": 8, "intercepted": 8, "unknown": 8}
CLAIMED_OPACITY = 0.4
CONFIRMED_OPACITY = 0.9

STACK_COLOURS = {"category": CATEGORY_COLOURS, "outcome": OUTCOME_COLOURS, "weapons": WEAPON_COLOURS}


def label_for(column: str, code: str) -> str:
    """Human label of a vocabulary code, for legends and filters."""
    if column == "category":
        return CATEGORY_LABELS.get(code, code)
    if column == "weapons":
        return WEAPONS.get(code, code)
    if column == "outcome":
        return code.capitalize() if code in OUTCOMES else code
    return code.replace("_", " ").capitalize() if code == code.lower() else code

