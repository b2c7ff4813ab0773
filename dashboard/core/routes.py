"""Voyage lengths via Suez and via the Cape of Good Hope (searoute's maritime network)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Voyage:
    """A port-to-port voyage for :func:`route_impact` (coordinates are lon, lat)."""

    name: str
    origin: tuple[float, float]
    destination: tuple[float, float]


#: Two Asia-Europe voyages that lose the Suez route, and one control that never uses it.
DEFAULT_VOYAGES: tuple[Voyage, ...] = (
    Voyage("Shanghai - Rotterdam", (121.50, 31.23), (4.05, 51.95)),
    Voyage("Singapore - Rotterdam", (103.82, 1.26), (4.05, 51.95)),
    Voyage("Shanghai - Los Angeles (control)", (121.50, 31.23), (-118.26, 33.73)),
)


def _sea_route_nm(origin, destination, restrictions) -> float:
    import searoute  # deferred: builds its graph on first use

    feature = searoute.searoute(list(origin), list(destination), units="naut", restrictions=list(restrictions))
    length = float(feature.properties["length"])
    if not np.isfinite(length) or length <= 0:
        raise ValueError(f"no sea route from {origin} to {destination} avoiding {restrictions}")
    return length


def route_impact(voyages: Sequence[Voyage] = DEFAULT_VOYAGES, speed_knots: float = 14.0) -> pd.DataFrame:
    """Sea distance and sailing days via Suez versus round the Cape of Good Hope.

    Routes come from ``searoute`` (shortest path on its maritime network). The Suez
    variant only avoids the Northwest Passage; the Cape variant also closes the
    ``suez`` and ``babalmandab`` passages. Days assume a constant speed, no canal or
    port time.

    Parameters
    ----------
    voyages : voyages to compare, by default :data:`DEFAULT_VOYAGES`.
    speed_knots : service speed in knots.

    Returns
    -------
    DataFrame with one row per voyage: voyage, via_suez_nm, via_cape_nm, extra_nm,
    extra_pct, via_suez_days, via_cape_days, extra_days.
    """
    if speed_knots <= 0:
        raise ValueError(f"speed_knots must be positive, got {speed_knots}")
    rows = []
    for voyage in voyages:
        suez = _sea_route_nm(voyage.origin, voyage.destination, ["northwest"])
        cape = _sea_route_nm(voyage.origin, voyage.destination, ["northwest", "suez", "babalmandab"])
        rows.append({"voyage": voyage.name, "via_suez_nm": suez, "via_cape_nm": cape})
    frame = pd.DataFrame(rows)
    frame["extra_nm"] = frame["via_cape_nm"] - frame["via_suez_nm"]
    frame["extra_pct"] = 100.0 * frame["extra_nm"] / frame["via_suez_nm"]
    per_day = speed_knots * 24.0
    frame["via_suez_days"] = frame["via_suez_nm"] / per_day
    frame["via_cape_days"] = frame["via_cape_nm"] / per_day
    frame["extra_days"] = frame["extra_nm"] / per_day
    return frame
