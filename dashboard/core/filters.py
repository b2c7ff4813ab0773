"""The filter state shared by every page, and the pure function that applies it."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date

import numpy as np
import pandas as pd

# Multi-choice filters: filter attribute -> incident column. An empty selection means "all".
CHOICE_FILTERS = {
    "categories": "category",
    "outcomes": "outcome",
    "actors": "actor",
    "claim_statuses": "claim_status",
    "vessel_types": "vessel_type",
    "flags": "flag",
    "sea_areas": "sea_area",
}
CASUALTY_COLUMNS = ("crew_killed", "crew_injured", "crew_missing")


@dataclass(frozen=True)
class IncidentFilter:
    """Every filter of the dashboard as one immutable value; empty tuples mean "no restriction"."""

    start: date | None = None
    end: date | None = None
    categories: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    weapons: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    claim_statuses: tuple[str, ...] = ()
    vessel_types: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    sea_areas: tuple[str, ...] = ()
    text: str = ""
    casualties_only: bool = False
    ids: tuple[str, ...] = field(default=())

    def without(self, name: str) -> IncidentFilter:
        """Return this filter with one attribute reset to its default (to count a filter's options)."""
        default = next(f.default for f in fields(self) if f.name == name)
        return replace(self, **{name: default})

    def is_default(self) -> bool:
        """Return whether no filter is set."""
        return self == IncidentFilter()


def _weapon_mask(weapons: pd.Series, wanted: tuple[str, ...]) -> np.ndarray:
    wanted_set = set(wanted)
    return np.fromiter((bool(wanted_set.intersection(w)) if w is not None else False for w in weapons),
                       dtype=bool, count=len(weapons))


def _text_mask(incidents: pd.DataFrame, text: str) -> np.ndarray:
    needle = text.strip().casefold()
    names = incidents["vessel_name"].astype("string").str.casefold().str.contains(needle, regex=False)
    imos = incidents["imo"].astype("string").str.contains(needle, regex=False)
    return (names.fillna(False) | imos.fillna(False)).to_numpy(dtype=bool)


def filter_mask(incidents: pd.DataFrame, incident_filter: IncidentFilter) -> np.ndarray:
    """Return a boolean array: which incidents the filter keeps.

    Parameters
    ----------
    incidents : DataFrame
        Incidents as loaded (`date` as datetime64, vocabularies as categoricals).
    incident_filter : IncidentFilter
        The filter to apply.

    Returns
    -------
    numpy.ndarray
        One boolean per row.
    """
    mask = np.ones(len(incidents), dtype=bool)
    dates = incidents["date"]
    if incident_filter.start is not None:
        mask &= (dates >= pd.Timestamp(incident_filter.start)).to_numpy(dtype=bool)
    if incident_filter.end is not None:
        mask &= (dates <= pd.Timestamp(incident_filter.end)).to_numpy(dtype=bool)
    for attribute, column in CHOICE_FILTERS.items():
        wanted = getattr(incident_filter, attribute)
        if wanted and column in incidents:
            mask &= incidents[column].isin(wanted).to_numpy(dtype=bool)
    if incident_filter.weapons:
        mask &= _weapon_mask(incidents["weapons"], incident_filter.weapons)
    if incident_filter.text.strip():
        mask &= _text_mask(incidents, incident_filter.text)
    if incident_filter.casualties_only:
        casualties = incidents[list(CASUALTY_COLUMNS)].fillna(0).sum(axis=1)
        mask &= (casualties > 0).to_numpy(dtype=bool)
    if incident_filter.ids:
        mask &= incidents["id"].isin(incident_filter.ids).to_numpy(dtype=bool)
    return mask


def apply_filter(incidents: pd.DataFrame, incident_filter: IncidentFilter) -> pd.DataFrame:
    """Return the incidents the filter keeps (same type as the input)."""
    return incidents[filter_mask(incidents, incident_filter)]


def count_options(incidents: pd.DataFrame, incident_filter: IncidentFilter, attribute: str) -> dict[str, int]:
    """Count, for each value of one filter, how many incidents it would match with the other filters kept."""
    others = apply_filter(incidents, incident_filter.without(attribute))
    if attribute == "weapons":
        exploded = others["weapons"].explode()
        return {str(k): int(v) for k, v in exploded.value_counts().items()}
    column = CHOICE_FILTERS[attribute]
    counts = others[column].value_counts(dropna=True)
    return {str(k): int(v) for k, v in counts.items()}


def previous_period(start: date, end: date) -> tuple[date, date]:
    """Return the period of equal length that ends the day before `start`."""
    length = end - start
    previous_end = start - pd.Timedelta(days=1).to_pytimedelta()
    return previous_end - length, previous_end
