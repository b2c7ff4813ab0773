"""The filter state shared by every page, the table of filter dimensions, and the pure function that applies it."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class FilterDimension:
    """One multi-choice filter: the `IncidentFilter` attribute, the incident column, its title and URL name."""

    attribute: str
    column: str
    title: str
    url_name: str
    # Shown in the sidebar's "Ship and area" group rather than at the top.
    ship_or_area: bool = False

    @property
    def multi_valued(self) -> bool:
        """True when one incident holds several values (weapons): counts are then of uses, not incidents."""
        return self.column == "weapons"


# The one table of multi-choice filter dimensions, in the order the sidebar shows them.
FILTER_DIMENSIONS = (
    FilterDimension("categories", "category", "Category", "category"),
    FilterDimension("outcomes", "outcome", "Outcome", "outcome"),
    FilterDimension("weapons", "weapons", "Weapon", "weapon"),
    FilterDimension("actors", "actor", "Actor", "actor"),
    FilterDimension("claim_statuses", "claim_status", "Claim status", "claim"),
    FilterDimension("vessel_types", "vessel_type", "Vessel type", "vessel_type", ship_or_area=True),
    FilterDimension("flags", "flag", "Flag", "flag", ship_or_area=True),
    FilterDimension("sea_areas", "sea_area", "Sea area", "area", ship_or_area=True),
)
# Single-valued dimensions (attribute -> column): held as integer codes in the index.
CHOICE_FILTERS = {d.attribute: d.column for d in FILTER_DIMENSIONS if not d.multi_valued}
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
        default: Any = next(f.default for f in fields(self) if f.name == name)  # the field's own default fits it
        return replace(self, **{name: default})

    def canonical(self) -> IncidentFilter:
        """This filter written one way: choices sorted without repeats, the search text as it is matched.

        Filters that keep the same incidents get the same canonical form, whatever order the choices were
        made in; `key` is its text (results shared between sessions are cached under it).
        """
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        choices: dict[str, object] = {
            name: tuple(sorted(set(value))) for name, value in values.items() if isinstance(value, tuple)
        }
        return replace(self, **choices, text=self.text.strip().casefold())  # type: ignore[arg-type]

    @property
    def key(self) -> str:
        """Stable text of the canonical form: equal for filters that keep the same incidents, in any process."""
        return repr(self.canonical())


@dataclass(frozen=True)
class FilterIndex:
    """Arrays prepared once per record so that every filter change is a few vectorised comparisons.

    Vocabulary columns are held as integer codes, weapons as a boolean matrix, dates as day numbers,
    ships as one integer per distinct ship (`ship_keys`).
    """

    days: np.ndarray
    codes: dict[str, np.ndarray]
    categories: dict[str, tuple[str, ...]]
    weapon_names: tuple[str, ...]
    weapon_matrix: np.ndarray
    casualties: np.ndarray
    search_text: pd.Series
    ids: pd.Series
    ship_codes: np.ndarray

    @property
    def size(self) -> int:
        return len(self.days)

    @property
    def first_day(self) -> date | None:
        """The earliest incident date of the record (None for an empty record)."""
        return pd.Timestamp(int(self.days.min()), unit="D").date() if self.size else None

    @property
    def last_day(self) -> date | None:
        """The latest incident date of the record (None for an empty record)."""
        return pd.Timestamp(int(self.days.max()), unit="D").date() if self.size else None


def _as_categorical(values: pd.Series) -> pd.Categorical:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.array
    return pd.Categorical(values.astype("string"))


def _text_column(incidents: pd.DataFrame, column: str) -> pd.Series:
    if column not in incidents:
        return pd.Series("", index=incidents.index, dtype="string")
    return incidents[column].astype("string").fillna("").str.strip()


def ship_keys(incidents: pd.DataFrame) -> pd.Series:
    """The ship of every incident: its `vessel_id`, else "IMO" + its IMO, else "V-" + its name slugged (NA if none).

    The one rule for which records are one ship, vectorised (the ship page, tables and counts all use it).
    """
    vessel_id = _text_column(incidents, "vessel_id")
    imo = _text_column(incidents, "imo")
    slug = (
        _text_column(incidents, "vessel_name").str.casefold().str.replace(r"[^a-z0-9]+", "-", regex=True).str.strip("-")
    )
    keys = vessel_id.where(vessel_id != "", ("IMO" + imo).where(imo != "", ("V-" + slug).where(slug != "")))
    return keys.astype("string")


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
    # A record without any ship identity counts as its own ship: two unnamed vessels are never merged.
    ships = ship_keys(incidents).fillna("record:" + incidents["id"].astype("string"))
    ship_codes, _ = pd.factorize(ships) if len(incidents) else (np.zeros(0, np.int64), None)
    return FilterIndex(
        days,
        codes,
        categories,
        weapon_names,
        matrix,
        (casualties > 0).to_numpy(),
        (names + " " + imos).str.casefold(),
        incidents["id"].astype("string"),
        np.asarray(ship_codes),
    )


def _day_number(day: date) -> int:
    return int(np.datetime64(day, "D").astype(np.int64))


def date_mask(index: FilterIndex, start: date | None, end: date | None) -> np.ndarray:
    """Rows dated from `start` to `end` (both included; None leaves that side open)."""
    low = _day_number(start) if start else np.iinfo(np.int64).min
    high = _day_number(end) if end else np.iinfo(np.int64).max
    return (index.days >= low) & (index.days <= high)


def filter_masks(index: FilterIndex, incident_filter: IncidentFilter) -> dict[str, np.ndarray]:
    """One boolean array per active filter (attribute name -> rows it keeps)."""
    masks: dict[str, np.ndarray] = {}
    if incident_filter.start is not None or incident_filter.end is not None:
        masks["dates"] = date_mask(index, incident_filter.start, incident_filter.end)
    for attribute in CHOICE_FILTERS:
        wanted = getattr(incident_filter, attribute)
        if wanted and attribute in index.codes:
            lookup = {name: code for code, name in enumerate(index.categories[attribute])}
            wanted_codes = [lookup[value] for value in wanted if value in lookup]
            masks[attribute] = np.isin(index.codes[attribute], wanted_codes)
    if incident_filter.weapons:
        columns = [n for n, name in enumerate(index.weapon_names) if name in incident_filter.weapons]
        masks["weapons"] = np.any(index.weapon_matrix[:, columns], axis=1) if columns else np.zeros(index.size, bool)
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


def _option_counts(index: FilterIndex, masks: dict[str, np.ndarray], attribute: str) -> dict[str, int]:
    others = combine_masks(masks, index.size, skip=attribute)
    if attribute == "weapons":
        # The matrix keeps one column even when no record names a weapon: count only the named ones.
        totals = index.weapon_matrix[others, : len(index.weapon_names)].sum(axis=0)
        return {name: int(total) for name, total in zip(index.weapon_names, totals, strict=True)}
    if attribute not in index.codes:
        return {}
    codes = index.codes[attribute][others]
    totals = np.bincount(codes[codes >= 0], minlength=len(index.categories[attribute]))
    return {name: int(total) for name, total in zip(index.categories[attribute], totals, strict=True)}


def evaluate(index: FilterIndex, incident_filter: IncidentFilter) -> tuple[np.ndarray, dict[str, dict[str, int]]]:
    """Apply a filter once: the rows it keeps and, per filter dimension, the incidents each option would keep.

    Parameters
    ----------
    index : FilterIndex
        Prepared arrays of the record (`build_filter_index`).
    incident_filter : IncidentFilter
        The filter to apply.

    Returns
    -------
    mask : ndarray of bool
        Which incidents the filter keeps.
    counts : dict
        Dimension attribute -> {option -> number of incidents (records) it matches with the other filters kept}.
    """
    masks = filter_masks(index, incident_filter)
    counts = {dimension.attribute: _option_counts(index, masks, dimension.attribute) for dimension in FILTER_DIMENSIONS}
    return combine_masks(masks, index.size), counts


def filter_mask(
    incidents: pd.DataFrame, incident_filter: IncidentFilter, index: FilterIndex | None = None
) -> np.ndarray:
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


def apply_filter(
    incidents: pd.DataFrame, incident_filter: IncidentFilter, index: FilterIndex | None = None
) -> pd.DataFrame:
    """Return the incidents the filter keeps (same type as the input)."""
    return incidents[filter_mask(incidents, incident_filter, index)]


@dataclass(frozen=True)
class FilteredView:
    """What a page renders: the whole record, the filter, the rows it keeps, option counts and the selection."""

    incidents: pd.DataFrame
    index: FilterIndex
    incident_filter: IncidentFilter
    mask: np.ndarray
    option_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    selected_id: str | None = None
    # The kept rows when already taken (a frame shared between sessions), else taken on first use.
    rows: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @cached_property
    def filtered(self) -> pd.DataFrame:
        """The incidents the filter keeps (the record itself when it keeps everything: no copy)."""
        if self.rows is not None:
            return self.rows
        return self.incidents if self.mask.all() else self.incidents[self.mask]

    @property
    def count(self) -> int:
        """How many incidents the filter keeps."""
        return int(self.mask.sum())

    def subset(self, columns: list[str]) -> pd.DataFrame:
        """Only some columns of the kept incidents (cheaper than `filtered` on large records)."""
        return self.incidents.loc[self.mask, columns]

    def selected_incident(self) -> pd.Series | None:
        """The selected incident, if it is among the kept ones."""
        if not self.selected_id:
            return None
        rows = np.flatnonzero((self.index.ids == self.selected_id).to_numpy(dtype=bool) & self.mask)
        return self.incidents.iloc[rows[0]] if len(rows) else None


def filtered_view(
    incidents: pd.DataFrame, index: FilterIndex, incident_filter: IncidentFilter, selected_id: str | None = None
) -> FilteredView:
    """Evaluate the filter on the record and return the view every page renders."""
    mask, counts = evaluate(index, incident_filter)
    return FilteredView(incidents, index, incident_filter, mask, counts, selected_id)


def previous_period(start: date, end: date) -> tuple[date, date]:
    """Return the period of equal length that ends the day before `start`."""
    length = end - start
    previous_end = start - pd.Timedelta(days=1).to_pytimedelta()
    return previous_end - length, previous_end
