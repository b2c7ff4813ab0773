"""The headline counts: one definition each, the numbers, and the honest comparison with a previous period."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from dashboard.core.filters import FilterIndex, IncidentFilter, date_mask, filter_mask, previous_period

# Records of these categories mean the ship was attacked ("sinking" too: a sunk ship was attacked first).
ATTACKED_CATEGORIES = ("attack", "hijacking", "boarding_attempt", "sinking")


@dataclass(frozen=True)
class HeadlineCount:
    """One headline figure: its label and the definition shown in its tooltip."""

    label: str
    definition: str


INCIDENTS = HeadlineCount(
    "Incidents",
    "Records in the current filter. One ship can have several records (for example an attack and, "
    "days later, its sinking).",
)
SHIPS_ATTACKED = HeadlineCount(
    "Ships attacked",
    "Distinct ships with a record in the filter that is an attack, hijacking or boarding attempt, "
    "or that later sank. A ship is its vessel id, else its IMO number, else its name; a record "
    "without any of these counts as its own ship.",
)
SHIPS_SUNK = HeadlineCount("Ships sunk", "Distinct ships with a sinking record in the filter.")
SHIPS_HIJACKED = HeadlineCount(
    "Ships hijacked",
    "Distinct ships with a hijacking record in the filter (a ship seized twice counts once, so "
    "this can be lower than the number of hijacking records).",
)
CREW_KILLED = HeadlineCount(
    "Crew killed",
    "Crew reported killed on the ships in the filter, across all their records in the same dates: "
    "filtering to sinkings still counts the crew killed in the attacks that sank those ships.",
)
CREW_HELD = HeadlineCount("Crew held", "Crew reported held captive, summed over the records in the filter.")
HEADLINE_COUNTS = (INCIDENTS, SHIPS_ATTACKED, SHIPS_SUNK, SHIPS_HIJACKED, CREW_KILLED, CREW_HELD)
HEADLINE_COLUMNS = ["category", "crew_killed", "crew_held"]
OPTION_COUNTS_NOTE = (
    "Numbers beside each option count records (incidents), not ships: the headline ship counts count each ship once."
)


@dataclass(frozen=True)
class Headline:
    """One headline figure and its change against the previous period (None when not comparable)."""

    label: str
    value: int
    change: int | None
    definition: str = ""


@dataclass(frozen=True)
class Comparison:
    """Whether the headline figures are compared with a previous period, and a sentence saying which or why not."""

    previous: tuple[date, date] | None
    note: str


def _ships(ship_codes: np.ndarray, rows: np.ndarray) -> int:
    return len(np.unique(ship_codes[rows]))


def _category_names(incidents: pd.DataFrame, index: FilterIndex) -> np.ndarray:
    """Each row's category; from the index's integer codes when it has them (cheap on large records)."""
    if "categories" not in index.codes:
        return incidents["category"].astype("string").to_numpy(dtype=object)
    names = np.array([*index.categories["categories"], ""], dtype=object)
    return names[index.codes["categories"]]  # code -1 (missing) picks the trailing ""


def _numbers(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").fillna(0).to_numpy()


def headline_values(
    incidents: pd.DataFrame, index: FilterIndex, mask: np.ndarray, dates: np.ndarray | None = None
) -> dict[str, int]:
    """The headline figures of the rows in `mask`, as defined in `HEADLINE_COUNTS`.

    Parameters
    ----------
    incidents : DataFrame
        The whole record (at least `HEADLINE_COLUMNS`), aligned with `index`.
    index : FilterIndex
        Its prepared arrays (ships as `ship_codes`).
    mask : ndarray of bool
        The rows the filter keeps.
    dates : ndarray of bool, optional
        The rows within the filter's dates only; crew killed is summed over the kept ships' records there.
        Defaults to every row.
    """
    category = _category_names(incidents, index)
    ships = index.ship_codes
    kept_ships = np.unique(ships[mask])
    same_dates = np.ones(len(mask), dtype=bool) if dates is None else dates
    ship_records = np.isin(ships, kept_ships) & same_dates
    return {
        INCIDENTS.label: int(mask.sum()),
        SHIPS_ATTACKED.label: _ships(ships, mask & np.isin(category, ATTACKED_CATEGORIES)),
        SHIPS_SUNK.label: _ships(ships, mask & (category == "sinking")),
        SHIPS_HIJACKED.label: _ships(ships, mask & (category == "hijacking")),
        CREW_KILLED.label: int(_numbers(incidents["crew_killed"])[ship_records].sum()),
        CREW_HELD.label: int(_numbers(incidents["crew_held"])[mask].sum()),
    }


def period_comparison(incident_filter: IncidentFilter, record_start: date | None) -> Comparison:
    """Decide whether the filtered dates can be compared with the previous period of equal length.

    Only when the filter has both dates and the record covers the whole previous period: a period that
    starts before the record does would count as fewer incidents only because nothing was recorded.
    """
    if incident_filter.start is None or incident_filter.end is None or record_start is None:
        return Comparison(
            None, "Pick a date range (not the whole record) to compare with the previous period of equal length."
        )
    start, end = previous_period(incident_filter.start, incident_filter.end)
    if start < record_start:
        return Comparison(
            None,
            f"No comparison: the previous period of equal length ({start:%Y-%m-%d} to "
            f"{end:%Y-%m-%d}) begins before the record does ({record_start:%Y-%m-%d}).",
        )
    return Comparison(
        (start, end), f"Changes compare with {start:%Y-%m-%d} to {end:%Y-%m-%d}, the previous period of equal length."
    )


def headline_counts(
    incidents: pd.DataFrame, index: FilterIndex, incident_filter: IncidentFilter, mask: np.ndarray | None = None
) -> tuple[list[Headline], Comparison]:
    """Headline figures of the filtered set, each with its change against a previous period the record covers.

    Parameters
    ----------
    incidents : DataFrame
        The whole record (the previous period is taken from it).
    index : FilterIndex
        Prepared filter arrays of `incidents`.
    incident_filter : IncidentFilter
        The active filter.
    mask : ndarray of bool, optional
        The rows the filter keeps, when already evaluated.
    """
    columns = incidents[HEADLINE_COLUMNS]

    def values(chosen: IncidentFilter, rows: np.ndarray | None = None) -> dict[str, int]:
        rows = filter_mask(columns, chosen, index) if rows is None else rows
        return headline_values(columns, index, rows, date_mask(index, chosen.start, chosen.end))

    current = values(incident_filter, mask)
    comparison = period_comparison(incident_filter, index.first_day)
    definitions = {count.label: count.definition for count in HEADLINE_COUNTS}
    if comparison.previous is None:
        return [Headline(label, value, None, definitions[label]) for label, value in current.items()], comparison
    start, end = comparison.previous
    earlier = values(replace(incident_filter, start=start, end=end))
    return (
        [Headline(label, value, value - earlier[label], definitions[label]) for label, value in current.items()],
        comparison,
    )
