"""Pure analysis of incident tables: headline figures, breakdowns, time series, hijack spans."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from dashboard.core.filters import FilterIndex, IncidentFilter, build_filter_index, filter_mask, previous_period

PERIOD_FREQUENCIES = {"day": "D", "week": "W-MON", "month": "MS"}
STRIKE_CATEGORIES = ("attack", "hijacking", "boarding_attempt")
HIT_OUTCOMES = ("hit", "damaged", "sunk")
MISS_OUTCOMES = ("missed", "intercepted")


@dataclass(frozen=True)
class Headline:
    """One headline figure and its change against the previous period (None when not comparable)."""

    label: str
    value: int
    change: int | None


def _distinct_ships(incidents: pd.DataFrame) -> int:
    named = incidents["vessel_name"].dropna().astype(str).str.strip().str.casefold()
    return int(named[named != ""].nunique())


def _crew_total(incidents: pd.DataFrame, column: str) -> int:
    return int(incidents[column].astype("Float64").sum(skipna=True))


def headline_values(incidents: pd.DataFrame, vessel_codes: np.ndarray | None = None) -> dict[str, int]:
    """Return the headline figures of an incident table.

    Ships are counted by distinct name; unnamed vessels are not counted as ships. `vessel_codes`
    (one integer per distinct name, -1 for unnamed, aligned with the rows) makes that count cheap.
    """
    category = incidents["category"]

    def ships(rows: np.ndarray) -> int:
        if vessel_codes is None:
            return _distinct_ships(incidents[rows])
        codes = vessel_codes[rows]
        return int(len(np.unique(codes[codes >= 0])))

    return {
        "Incidents": len(incidents),
        "Ships attacked": ships(category.isin(STRIKE_CATEGORIES).to_numpy(dtype=bool)),
        "Ships sunk": ships((category == "sinking").to_numpy(dtype=bool)),
        "Ships hijacked": ships((category == "hijacking").to_numpy(dtype=bool)),
        "Crew killed": _crew_total(incidents, "crew_killed"),
        "Crew held": _crew_total(incidents, "crew_held"),
    }


HEADLINE_COLUMNS = ["category", "vessel_name", "crew_killed", "crew_held"]


def headline_figures(incidents: pd.DataFrame, incident_filter: IncidentFilter,
                     index: FilterIndex | None = None) -> list[Headline]:
    """Headline figures of the filtered set, each with its change against the previous equal period.

    Parameters
    ----------
    incidents : DataFrame
        The whole record (the previous period is taken from it).
    incident_filter : IncidentFilter
        The active filter; without a start and end date there is no previous period.
    index : FilterIndex, optional
        Prepared filter arrays of `incidents`.
    """
    index = index or build_filter_index(incidents)
    columns = incidents[HEADLINE_COLUMNS]

    def values(chosen: IncidentFilter) -> dict[str, int]:
        mask = filter_mask(incidents, chosen, index)
        return headline_values(columns[mask], index.vessel_codes[mask])

    current = values(incident_filter)
    if incident_filter.start is None or incident_filter.end is None:
        return [Headline(label, value, None) for label, value in current.items()]
    start, end = previous_period(incident_filter.start, incident_filter.end)
    earlier_filter = replace(incident_filter, start=start, end=end)
    earlier = values(earlier_filter)
    return [Headline(label, value, value - earlier[label]) for label, value in current.items()]


def counts_by_period(incidents: pd.DataFrame, period: str = "week", stack_by: str = "category") -> pd.DataFrame:
    """Count incidents per period, one column per value of `stack_by`.

    Parameters
    ----------
    period : {"day", "week", "month"}
    stack_by : str
        A categorical column, or "weapons" (an incident counts once for each weapon it used).

    Returns
    -------
    DataFrame
        Indexed by period start (Timestamp), one column per value, zero-filled between first and last period.
    """
    frequency = PERIOD_FREQUENCIES[period]
    if incidents.empty:
        return pd.DataFrame()
    frame = incidents[["date", stack_by]]
    if stack_by == "weapons":
        frame = frame.explode("weapons")
    starts = frame["date"].dt.to_period(frequency.replace("MS", "M")).dt.start_time
    counts = frame.assign(period=starts).groupby(["period", stack_by], observed=True).size().unstack(fill_value=0)
    full_range = pd.period_range(starts.min(), starts.max(), freq=frequency.replace("MS", "M")).start_time
    return counts.reindex(full_range, fill_value=0).rename_axis("period")


def breakdown(incidents: pd.DataFrame, column: str) -> pd.Series:
    """Count incidents by the values of one column, largest first (weapons counted per weapon)."""
    values = incidents[column].explode() if column == "weapons" else incidents[column]
    counts = values.astype("string").fillna("not reported").value_counts()
    return counts[counts > 0].rename("incidents")


def hit_share_by_period(incidents: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """Share of attacks with a known result that hit, per period.

    Claim-only attacks (outcome `unknown`) are left out: their result is not known. Only periods with
    at least one such attack are listed (a period without attacks has no share, not a share of 0).
    """
    attacks = incidents[incidents["category"] == "attack"]
    attacks = attacks[attacks["outcome"].isin(HIT_OUTCOMES + MISS_OUTCOMES)]
    if attacks.empty:
        return pd.DataFrame(columns=["hit", "missed", "hit_share"])
    frequency = PERIOD_FREQUENCIES[period].replace("MS", "M")
    starts = attacks["date"].dt.to_period(frequency).dt.start_time
    hit = attacks["outcome"].isin(HIT_OUTCOMES).astype(int)
    table = pd.DataFrame({"period": starts, "hit": hit, "missed": 1 - hit}).groupby("period")[["hit", "missed"]].sum()
    table["hit_share"] = table["hit"] / (table["hit"] + table["missed"])
    return table


def with_gaps(table: pd.DataFrame, period: str = "month") -> pd.DataFrame:
    """The table on every period between its first and last, missing periods as empty rows (NaN).

    A line drawn from it breaks where there is no data instead of joining across the gap.
    """
    if table.empty:
        return table
    frequency = PERIOD_FREQUENCIES[period].replace("MS", "M")
    every = pd.period_range(table.index.min(), table.index.max(), freq=frequency).start_time
    return table.reindex(every)


def hijack_spans(incidents: pd.DataFrame, until: date) -> pd.DataFrame:
    """Spans from seizure to release of the ships actually seized (outcome `hijacked`).

    Parameters
    ----------
    incidents : DataFrame
        Incidents; only `hijacking` records whose outcome is `hijacked` count (repelled attempts do not).
    until : date
        End of the bars of ships with no recorded release: the record's completeness date, never the
        server's clock (the record says nothing about later days).
    """
    hijacks = incidents[(incidents["category"] == "hijacking") & (incidents["outcome"] == "hijacked")]
    if hijacks.empty:
        return pd.DataFrame(columns=["id", "vessel_name", "start", "end", "released", "crew_held"])
    released = hijacks["released_date"].notna()
    end = pd.Timestamp(until)
    return pd.DataFrame({
        "id": hijacks["id"].astype(str),
        # Unnamed vessels keep their record id, so two of them do not share one bar.
        "vessel_name": hijacks["vessel_name"].astype("string").fillna("Unnamed vessel (" + hijacks["id"].astype(str) + ")"),
        "start": hijacks["date"],
        "end": hijacks["released_date"].where(released, end),
        "released": released,
        "crew_held": hijacks["crew_held"],
    }).sort_values("start").reset_index(drop=True)


def summarise_record(incidents: pd.DataFrame) -> str:
    """A plain-text summary: counts by category, date span, claim status and position basis."""
    if incidents.empty:
        return "0 incidents"
    lines = [f"{len(incidents)} incidents from {incidents['date'].min():%Y-%m-%d} "
             f"to {incidents['date'].max():%Y-%m-%d}"]
    for column in ("category", "claim_status", "position_basis", "actor"):
        counts = incidents[column].value_counts()
        lines.append(f"by {column}: " + ", ".join(f"{key} {value}" for key, value in counts.items() if value))
    if "sea_area" in incidents:
        counts = incidents["sea_area"].value_counts()
        lines.append("by sea_area: " + ", ".join(f"{key} {value}" for key, value in counts.items() if value))
    return "\n".join(lines)
