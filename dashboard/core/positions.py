"""Compute incident positions from reported text such as "54 nm W of Hodeidah"."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from dashboard.core.geodesy import KM_PER_NM, destination, distance_km

COMPASS_POINTS = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")
COMPASS_BEARINGS = {point: index * 22.5 for index, point in enumerate(COMPASS_POINTS)}
_WORD_LETTERS = {
    "north": "N",
    "south": "S",
    "east": "E",
    "west": "W",
    "northeast": "NE",
    "northwest": "NW",
    "southeast": "SE",
    "southwest": "SW",
}
_UNIT_KM = {"nm": KM_PER_NM, "km": 1.0}

_POSITION_PATTERN = re.compile(
    r"(?P<distance>\d+(?:\.\d+)?)\s*"
    r"(?P<unit>nautical\s+miles?|n\.?\s?m\.?i?|kilomet(?:er|re)s?|km)\b\.?\s*"
    r"(?:to\s+the\s+)?(?P<direction>[a-z][a-z\s\-]*?)\s+of\s+(?P<place>[^,;()\n]+)",
    re.IGNORECASE,
)
_PLACE_PREFIX = re.compile(
    r"^(?:the\s+)?(?:yemen'?s\s+|(?:yemeni|eritrean|somali|djiboutian|saudi|sudanese|omani)\s+)?"
    r"(?:red\s+sea\s+)?(?:(?:port|coastal)\s+(?:city|town)\s+of\s+|port\s+of\s+|city\s+of\s+|town\s+of\s+"
    r"|island\s+of\s+)?",
    re.IGNORECASE,
)
# UKMTO often writes a trailing "Yemen" or "Port" without a comma.
_PLACE_SUFFIX = re.compile(r"\s+(?:port|city|town|strait|yemen|somalia|eritrea|djibouti|oman)\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedPosition:
    """A position phrase broken into distance, bearing and reference place."""

    distance_km: float
    bearing_deg: float
    place: str


def parse_direction(text: str) -> float | None:
    """Return the bearing in degrees of a compass direction such as "W", "north-west" or "WNW".

    Returns None when the text is not a compass direction.
    """
    cleaned = re.sub(r"[\s\-]+", " ", text.strip().lower())
    words = cleaned.split(" ")
    letters = ""
    for word in words:
        if word.upper() in COMPASS_BEARINGS and len(words) == 1:
            return COMPASS_BEARINGS[word.upper()]
        if word not in _WORD_LETTERS:
            return None
        letters += _WORD_LETTERS[word]
    return COMPASS_BEARINGS.get(letters)


def _normalise_name(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _clean_place(text: str) -> str:
    place = _PLACE_PREFIX.sub("", text.strip())
    previous = None
    while previous != place:
        previous = place
        place = _PLACE_SUFFIX.sub("", place.strip())
    return place.strip(" .")


def parse_position_text(text: str) -> ParsedPosition | None:
    """Parse "<distance> <unit> <direction> of <place>" out of a position phrase.

    Parameters
    ----------
    text : str
        A phrase as reported, e.g. "approximately 54 nautical miles west of Hodeidah, Yemen".

    Returns
    -------
    ParsedPosition or None
        None when the phrase holds no distance-and-bearing position.
    """
    for match in _POSITION_PATTERN.finditer(text or ""):
        bearing = parse_direction(match["direction"])
        if bearing is None:
            continue
        unit = match["unit"].lower()
        factor = _UNIT_KM["km"] if unit.startswith("k") else _UNIT_KM["nm"]
        return ParsedPosition(float(match["distance"]) * factor, bearing, _clean_place(match["place"]))
    return None


def build_place_index(places: pd.DataFrame) -> dict[str, tuple[float, float, str]]:
    """Map every normalised place name and alias to (lon, lat, canonical name)."""
    index: dict[str, tuple[float, float, str]] = {}
    for row in places.itertuples(index=False):
        names = [row.name, *(alias for alias in str(row.aliases or "").split(";") if alias.strip())]
        for name in names:
            index[_normalise_name(name)] = (float(row.lon), float(row.lat), row.name)
    return index


def compute_position(text: str, place_index: dict[str, tuple[float, float, str]]) -> tuple[float, float] | str:
    """Compute (lon, lat) from a position phrase, or return why it cannot be computed."""
    parsed = parse_position_text(text)
    if parsed is None:
        return f"no '<distance> nm <direction> of <place>' in {text[:80]!r}"
    reference = place_index.get(_normalise_name(parsed.place))
    if reference is None:
        return f"reference place {parsed.place!r} is not in the gazetteer (data/places.csv)"
    lon, lat, _ = reference
    end_lon, end_lat = destination(lon, lat, parsed.bearing_deg, parsed.distance_km)
    return float(end_lon), float(end_lat)


def computed_uncertainty_km(distance_km: float) -> float:
    """Uncertainty rule for computed positions: a tenth of the distance, at least 5 km.

    Reported distances are rounded to the nautical mile and bearings to a compass point
    (22.5 degrees, about 0.2 of the distance across), so a tenth is a modest radius.
    """
    return round(max(5.0, 0.1 * distance_km), 1)


def recompute_positions(table: pd.DataFrame, places: pd.DataFrame) -> pd.DataFrame:
    """Recompute every `computed` position of an incident table from its `position_text`.

    Parameters
    ----------
    table : DataFrame
        Incident properties with `id`, `position_basis`, `position_text`, `lon`, `lat`.
    places : DataFrame
        The gazetteer with `name`, `aliases`, `lon`, `lat`.

    Returns
    -------
    DataFrame
        One row per computed record: `id`, `lon`, `lat` (new, NaN when not computable),
        `shift_km` from the stored point, and `problem` (None when computed).
    """
    place_index = build_place_index(places)
    rows = []
    for row in table[table["position_basis"] == "computed"].itertuples(index=False):
        result = compute_position(str(row.position_text or ""), place_index)
        if isinstance(result, str):
            rows.append(
                {"id": row.id, "lon": float("nan"), "lat": float("nan"), "shift_km": float("nan"), "problem": result}
            )
            continue
        shift = distance_km(float(row.lon), float(row.lat), *result) if pd.notna(row.lon) else float("nan")
        rows.append({"id": row.id, "lon": result[0], "lat": result[1], "shift_km": shift, "problem": None})
    return pd.DataFrame(rows, columns=["id", "lon", "lat", "shift_km", "problem"])
