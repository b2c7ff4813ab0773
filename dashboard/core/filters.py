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


@dataclass(frozen=True)
class FilterIndex:
    """Arrays prepared once per record so that every filter change is a few vectorised comparisons.

    Vocabulary columns are held as integer codes, weapons as a boolean matrix, dates as day numbers.
    """

    days: np.ndarray
    codes: dict[str, np.ndarray]
    categories: dict[str, tuple[str, ...]]
    weapon_names: tuple[str, ...]
    weapon_matrix: np.ndarray
    casualties: np.ndarray
    search_text: pd.Series
    ids: pd.Series
    vessel_codes: np.ndarray

    @property
    def size(self) -> int:
        return len(self.days)


def _as_categorical(values: pd.Series) -> pd.Categorical:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.array
    return pd.Categorical(values.astype("string"))


def build_filter_index(incidents: pd.DataFrame) -> FilterIndex:
    """Prepare the arrays the filter works on (do this once per loaded record).

    Parameters
    ----------
    incidents : DataFrame
        Incidents as loaded (`date` as datetime64, vocabularies as categoricals).
    """
    codes, categories = {}, {}
    for attribute, column in CHOICE_FILTERS.items():
        if column in incidents:
            categorical = _as_categorical(incidents[column])
            codes[attribute] = np.asarray(categorical.codes)
            categories[attribute] = tuple(str(value) for value in categorical.categories)
    weapon_names = tuple(sorted({w for weapons in incidents["weapons"] if weapons is not None for w in weapons}))
    position = {name: number for number, name in enumerate(weapon_names)}
    matrix = np.zeros((len(incidents), max(len(weapon_names), 1)), dtype=bool)
    for row, weapons in enumerate(incidents["weapons"]):
        for weapon in weapons if weapons is not None else ():
            matrix[row, position[weapon]] = True
    casualties = incidents[list(CASUALTY_COLUMNS)].apply(pd.to_numeric, errors="coerce").fillna(0).sum(axis=1)
    names = incidents["vessel_name"].astype("string").fillna("")
    imos = incidents["imo"].astype("string").fillna("") if "imo" in incidents else ""
    days = incidents["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    # One code per distinct ship name (case and spacing ignored); -1 for unnamed vessels.
    vessel_keys = names.str.strip().str.casefold()
    vessel_codes, _ = pd.factorize(vessel_keys.where(vessel_keys != "", None), use_na_sentinel=True)
    return FilterIndex(days, codes, categories, weapon_names, matrix, (casualties > 0).to_numpy(),
                       (names + " " + imos).str.casefold(), incidents["id"].astype("string"),
                       np.asarray(vessel_codes))


def _day_number(day: date) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


def filter_masks(index: FilterIndex, incident_filter: IncidentFilter) -> dict[str, np.ndarray]:
    """One boolean array per active filter (attribute name -> rows it keeps)."""
    masks: dict[str, np.ndarray] = {}
    if incident_filter.start is not None or incident_filter.end is not None:
        low = _day_number(incident_filter.start) if incident_filter.start else np.iinfo(np.int64).min
        high = _day_number(incident_filter.end) if incident_filter.end else np.iinfo(np.int64).max
        masks["dates"] = (index.days >= low) & (index.days <= high)
    for attribute in CHOICE_FILTERS:
        wanted = getattr(incident_filter, attribute)
        if wanted and attribute in index.codes:
            lookup = {name: code for code, name in enumerate(index.categories[attribute])}
            wanted_codes = [lookup[value] for value in wanted if value in lookup]
            masks[attribute] = np.isin(index.codes[attribute], wanted_codes)
    if incident_filter.weapons:
        columns = [n for n, name in enumerate(index.weapon_names) if name in incident_filter.weapons]
        masks["weapons"] = index.weapon_matrix[:, columns].any(axis=1) if columns else np.zeros(index.size, bool)
    if incident_filter.text.strip():
        needle = incident_filter.text.strip().casefold()
        masks["text"] = index.search_text.str.contains(needle, regex=False).fillna(False).to_numpy(dtype=bool)
    if incident_filter.casualties_only:
        masks["casualties_only"] = index.casualties
    if incident_filter.ids:
        masks["ids"] = index.ids.isin(incident_filter.ids).to_numpy(dtype=bool)
    return masks


def combine_masks(masks: dict[str, np.ndarray], size: int, *, skip: str | None = None) -> np.ndarray:
    """AND of the masks (all rows when there are none), optionally leaving one out."""
    combined = np.ones(size, dtype=bool)
    for name, mask in masks.items():
        if name != skip:
            combined &= mask
    return combined


def filter_mask(incidents: pd.DataFrame, incident_filter: IncidentFilter,
                index: FilterIndex | None = None) -> np.ndarray:
    """Return a boolean array: which incidents the filter keeps.

    Parameters
    ----------
    incidents : DataFrame
        Incidents as loaded (`date` as datetime64, vocabularies as categoricals).
    incident_filter : IncidentFilter
        The filter to apply.
    index : FilterIndex, optional
        Prepared arrays of `incidents`, to skip preparing them again.
    """
    index = index or build_filter_index(incidents)
    return combine_masks(filter_masks(index, incident_filter), index.size)


def apply_filter(incidents: pd.DataFrame, incident_filter: IncidentFilter,
                 index: FilterIndex | None = None) -> pd.DataFrame:
    """Return the incidents the filter keeps (same type as the input)."""
    return incidents[filter_mask(incidents, incident_filter, index)]


def count_options(incidents: pd.DataFrame, incident_filter: IncidentFilter, attribute: str,
                  index: FilterIndex | None = None, masks: dict[str, np.ndarray] | None = None) -> dict[str, int]:
    """Count, for each value of one filter, how many incidents it would match with the other filters kept."""
    index = index or build_filter_index(incidents)
    masks = filter_masks(index, incident_filter) if masks is None else masks
    others = combine_masks(masks, index.size, skip=attribute)
    if attribute == "weapons":
        totals = index.weapon_matrix[others].sum(axis=0)
        return {name: int(total) for name, total in zip(index.weapon_names, totals)}
    codes = index.codes[attribute][others]
    totals = np.bincount(codes[codes >= 0], minlength=len(index.categories[attribute]))
    return {name: int(total) for name, total in zip(index.categories[attribute], totals)}


def previous_period(start: date, end: date) -> tuple[date, date]:
    """Return the period of equal length that ends the day before `start`."""
    length = end - start
    previous_end = start - pd.Timedelta(days=1).to_pytimedelta()
    return previous_end - length, previous_end
