"""Validate a raw incident table: types, the schema's values, and the record's own rules; every problem located."""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypedDict, Unpack

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.core.cells import distinct_cells
from dashboard.core.positions import computed_uncertainty_km, parse_position_text
from dashboard.core.problems import Problem
from dashboard.core.region import describe_region, in_region
from dashboard.core.schema import (
    FIELDS,
    OUTCOMES,
    REPELLED_CATEGORIES,
    REPORTED_UNCERTAINTY_KM,
    WEAPONS,
    Field,
    has_lone_surrogate,
    imo_check_digit_ok,
    is_valid_date_text,
    is_valid_weapon_list,
    source_problem,
)
from dashboard.core.vessels import read_vessels, ship_mismatches, vessels_file_for

# Largest magnitude an int64 column holds; larger whole numbers are reported, not converted.
_INT64_LIMIT = 2**63 - 1
# Stored uncertainties are rounded to 0.1 km.
_UNCERTAINTY_ROUNDING_KM = 0.05


def today_utc() -> date:
    """Return today's date in UTC."""
    return datetime.now(UTC).date()


def _is_missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _shown(value: object, limit: int = 80) -> str:
    return repr(str(value)[:limit])


def _problems_at(
    frame: pd.DataFrame, file: str, field: str, codes: np.ndarray, failures: list[tuple[int, str]]
) -> list[Problem]:
    """One problem per row whose distinct cell failed, in row order."""
    if not failures:
        return []
    rows = pd.Series(np.arange(len(codes))).groupby(codes).indices
    labels = frame["_label"].to_numpy(dtype=object)
    located = sorted((row, number) for number, (code, _) in enumerate(failures) for row in rows.get(code, ()))
    return [Problem(file, labels[row], field, failures[number][1]) for row, number in located]


def typed_columns(frame: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Coerce number columns to Int64/Float64, reporting values of the wrong type instead of failing on them."""
    problems: list[Problem] = []
    typed = frame.copy(deep=False)
    for field in FIELDS:
        if field.kind not in ("int", "float"):
            continue
        codes, distinct = distinct_cells(typed[field.name])
        wrong = distinct.map(lambda v: v is not None and (isinstance(v, bool) or not isinstance(v, int | float)))
        reasons = {}
        if field.kind == "int":
            # Counts are whole numbers written without a decimal point (3, not 3.0).
            fractional = distinct.map(lambda v: isinstance(v, float))
            for code in np.flatnonzero(fractional.to_numpy()):
                reasons[code] = (
                    f"must be a whole number written without a decimal point, got {_shown(distinct[code], 40)}"
                )
            huge = ~wrong & ~fractional & distinct.map(lambda v: isinstance(v, int) and not abs(v) <= _INT64_LIMIT)
            for code in np.flatnonzero(huge.to_numpy()):
                reasons[code] = f"must be a whole number from 0 to {field.maximum:,g}, got {_shown(distinct[code], 40)}"
            wrong |= fractional | huge
        noun = "whole number" if field.kind == "int" else "number"
        failures = [
            (int(code), reasons.get(code, f"must be a {noun}, got {_shown(distinct[code], 40)}"))
            for code in np.flatnonzero(wrong.to_numpy())
        ]
        problems += _problems_at(typed, file, field.name, codes, failures)
        kept = distinct.where(~wrong, None).tolist()
        cleaned = pd.array(kept, dtype="Int64" if field.kind == "int" else "Float64")
        typed[field.name] = cleaned.take(codes)
    for name in ("lon", "lat"):
        typed[name] = pd.to_numeric(typed[name], errors="coerce").astype(float)
    return typed, problems


def _checkable_texts(distinct: pd.Series, nullable: bool) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Split distinct cells into failures that stop all further checks and the (cell, text) pairs left to check."""
    failures = []
    texts = []
    for code, value in enumerate(distinct.to_numpy(dtype=object)):
        if _is_missing(value):
            if not nullable:
                failures.append((code, "must not be null"))
        elif not isinstance(value, str):
            failures.append((code, f"must be text, got {type(value).__name__}"))
        elif has_lone_surrogate(value):
            # Checked first: such text cannot be stored as a string column, shown or exported.
            failures.append((code, "is not valid Unicode text (a lone surrogate such as \\ud800)"))
        else:
            texts.append((code, value))
    return failures, texts


def _date_failures(texts: list[tuple[int, str]], limit: str) -> list[tuple[int, str]]:
    failures = []
    for code, value in texts:
        if not is_valid_date_text(value):
            failures.append((code, f"must be a real calendar date YYYY-MM-DD; got {_shown(value)}"))
        elif value > limit:
            failures.append((code, f"must not be after today ({limit}); got {_shown(value)}"))
    return failures


def _rule_failures(field: Field, texts: list[tuple[int, str]], today: date) -> list[tuple[int, str]]:
    """(cell, reason) for every rule of the field a text breaks, rule by rule (one pass over the texts each)."""
    failures = []
    if field.choices:
        reason = f"must be one of {', '.join(field.choices)}; got "
        failures += [(code, reason + _shown(value)) for code, value in texts if value not in field.choices]
    if field.pattern:
        pattern = re.compile(field.pattern)
        failures += [
            (code, f"must match {field.pattern}; got {_shown(value)}")
            for code, value in texts
            if not pattern.match(value)
        ]
    if field.kind == "date":
        failures += _date_failures(texts, today.isoformat())
    if field.name == "imo":
        failures += [
            (code, f"IMO check digit is wrong; got {_shown(value)}")
            for code, value in texts
            if not imo_check_digit_ok(value)
        ]
    if field.not_empty:
        failures += [(code, f"must not be empty; got {_shown(value)}") for code, value in texts if not value.strip()]
    return failures


def _text_failures(field: Field, distinct: pd.Series, today: date) -> list[tuple[int, str]]:
    """(distinct cell, reason) of every text value that breaks the field's rules, in cell order."""
    failures, texts = _checkable_texts(distinct, field.nullable)
    failures += _rule_failures(field, texts, today)
    # Back in cell order; the sort is stable, so one cell's reasons stay in the order of the rules.
    failures.sort(key=lambda failure: failure[0])
    return failures


def _nested_failures(field: Field, distinct: pd.Series) -> list[tuple[int, str]]:
    """(distinct cell, reason) for the weapons list and the sources list (each source itemised)."""
    failures = []
    for code, value in enumerate(distinct.to_numpy(dtype=object)):
        if _is_missing(value):
            failures.append((code, "must not be null"))
        elif field.kind == "list" and not is_valid_weapon_list(value):
            failures.append((code, f"must be a non-empty list drawn from {', '.join(WEAPONS)}; got {_shown(value)}"))
        elif field.kind == "sources":
            if not isinstance(value, list | tuple) or not value:
                failures.append(
                    (
                        code,
                        "must be a non-empty list of {url, publisher, published} with http(s) "
                        f"urls; got {_shown(value)}",
                    )
                )
                continue
            failures += [
                (code, f"source {number}: {reason}")
                for number, source in enumerate(value, start=1)
                if (reason := source_problem(source))
            ]
    return failures


def _number_problems(typed: pd.DataFrame, file: str, field: Field) -> list[Problem]:
    values = typed[field.name].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    labels = typed["_label"].to_numpy(dtype=object)
    noun = "whole number" if field.kind == "int" else "number"
    problems = []
    missing = np.isnan(values)
    if not field.nullable:
        problems += [(row, "must not be null") for row in np.flatnonzero(missing)]
    # Values of the wrong type were blanked by typed_columns and reported there.
    problems += [(row, f"must be a {noun} >= 0; got {values[row]:g}") for row in np.flatnonzero(values < 0)]
    problems += [(row, f"must be a finite {noun}; got {values[row]:g}") for row in np.flatnonzero(np.isinf(values))]
    if field.maximum is not None:
        too_large = np.isfinite(values) & (values > field.maximum)
        problems += [
            (row, f"must be at most {field.maximum:,g} (plausibility bound); got {values[row]:,g}")
            for row in np.flatnonzero(too_large)
        ]
    return [Problem(file, labels[row], field.name, reason) for row, reason in sorted(problems, key=lambda p: p[0])]


def _schema_problems(typed: pd.DataFrame, file: str, today: date) -> list[Problem]:
    """Every value that breaks its field's rules in the schema (text and nested fields by distinct cell)."""
    problems: list[Problem] = []
    for field in FIELDS:
        if field.name not in typed:
            continue
        if field.kind in ("int", "float"):
            problems += _number_problems(typed, file, field)
            continue
        codes, distinct = distinct_cells(typed[field.name])
        failures = (
            _text_failures(field, distinct, today)
            if field.kind in ("str", "date")
            else _nested_failures(field, distinct)
        )
        problems += _problems_at(typed, file, field.name, codes, failures)
    labels = typed["_label"].to_numpy(dtype=object)
    for name, limit, word in (("lon", 180, "longitude"), ("lat", 90, "latitude")):
        values = typed[name].to_numpy(dtype=float)
        problems += [
            Problem(file, labels[row], name, f"{word} must be within -{limit}..{limit}; got {values[row]:g}")
            for row in np.flatnonzero(np.abs(values) > limit)
        ]
    return problems


def _rule_radius_km(text: object) -> float:
    """The radius the README's rule gives a computed position phrase (NaN when the phrase cannot be read)."""
    parsed = parse_position_text(text) if isinstance(text, str) else None
    return computed_uncertainty_km(parsed.distance_km) if parsed is not None else math.nan


def _uncertainty_problems(typed: pd.DataFrame, file: str) -> list[Problem]:
    """The README's radius rule: reported positions 2 km; computed ones a tenth of the distance, at least 5 km."""
    problems = []
    basis = typed["position_basis"].to_numpy(dtype=object)
    radius = typed["position_uncertainty_km"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    labels = typed["_label"].to_numpy(dtype=object)
    for row in np.flatnonzero((basis == "reported") & np.isfinite(radius)):
        if abs(radius[row] - REPORTED_UNCERTAINTY_KM) > _UNCERTAINTY_ROUNDING_KM:
            problems.append(
                Problem(
                    file,
                    labels[row],
                    "position_uncertainty_km",
                    f"reported positions have an uncertainty of {REPORTED_UNCERTAINTY_KM:g} km "
                    f"(data/README.md); got {radius[row]:g}",
                )
            )
    computed = np.flatnonzero(basis == "computed")
    texts = typed["position_text"].to_numpy(dtype=object)[computed]
    for row in computed[[not isinstance(text, str) or not text.strip() for text in texts]]:
        problems.append(
            Problem(
                file, labels[row], "position_text", "computed positions need the reported distance and bearing text"
            )
        )
    # Each distinct phrase is parsed once (large records repeat the same phrases).
    radii = {text: _rule_radius_km(text) for text in {text for text in texts if isinstance(text, str)}}
    expected = np.array([radii[text] if isinstance(text, str) else math.nan for text in texts], dtype=float)
    # A phrase the parser cannot read (NaN) is reported by `python -m dashboard positions`, not here.
    wrong = (
        np.isfinite(radius[computed])
        & np.isfinite(expected)
        & (np.abs(radius[computed] - expected) > _UNCERTAINTY_ROUNDING_KM)
    )
    for position in np.flatnonzero(wrong):
        row = computed[position]
        parsed = parse_position_text(texts[position])  # read before: its expected radius is finite
        distance = parsed.distance_km if parsed is not None else math.nan
        problems.append(
            Problem(
                file,
                labels[row],
                "position_uncertainty_km",
                f"computed positions have an uncertainty of a tenth of the distance, at least "
                f"5 km (data/README.md): {expected[position]:g} km for {distance:.1f} km; "
                f"got {radius[row]:g}",
            )
        )
    return problems


def _coding_problems(typed: pd.DataFrame, file: str) -> list[Problem]:
    """The outcome coding of data/README.md, where it follows from category and claim status."""
    # Values that are not text (reported by the schema checks) take part in no rule.
    category = np.array([v if isinstance(v, str) else None for v in typed["category"]], dtype=object)
    outcome = np.array([v if isinstance(v, str) else None for v in typed["outcome"]], dtype=object)
    claimed = typed["claim_status"].to_numpy(dtype=object) == "claimed"
    rules = (
        (
            claimed & (outcome != "unknown") & pd.Series(outcome).isin(list(OUTCOMES)).to_numpy(),
            "claim-only records (claim_status 'claimed') have outcome 'unknown'",
        ),
        (
            (category == "hijacking") & (outcome != "hijacked") & ~claimed,
            "a hijacking has outcome 'hijacked' (a seizure that failed is a boarding_attempt)",
        ),
        ((outcome == "hijacked") & (category != "hijacking"), "outcome 'hijacked' is only for category 'hijacking'"),
        ((category == "sinking") & (outcome != "sunk") & ~claimed, "a sinking has outcome 'sunk'"),
        ((outcome == "sunk") & (category != "sinking"), "outcome 'sunk' is only for category 'sinking'"),
        (
            (outcome == "repelled") & ~pd.Series(category).isin(REPELLED_CATEGORIES).to_numpy(),
            f"outcome 'repelled' is only for {' or '.join(REPELLED_CATEGORIES)} (a seizure that failed is a "
            "boarding_attempt)",
        ),
    )
    labels = typed["_label"].to_numpy(dtype=object)
    found = sorted((row, reason) for mask, reason in rules for row in np.flatnonzero(mask))
    return [
        Problem(
            file,
            labels[row],
            "outcome",
            f"{reason}; got {category[row]!r}/{outcome[row]!r} (data/README.md, outcome coding)",
        )
        for row, reason in found
    ]


def _vessel_problems(typed: pd.DataFrame, file: str, vessels: pd.DataFrame, register: str) -> list[Problem]:
    """Incidents whose vessel_id is not in the ship register, or whose ship fields contradict it."""
    labels = typed["_label"].to_numpy(dtype=object)
    name = Path(register).name
    problems = []
    for mismatch in ship_mismatches(typed, vessels):
        if mismatch.field == "vessel_id":
            reason = f"{mismatch.vessel_id[:60]!r} is not in {name}"
        else:
            reason = (
                f"{_shown(mismatch.stored, 60) if mismatch.stored is not None else 'null'} contradicts "
                f"{name} for {mismatch.vessel_id} ({mismatch.expected!r}); "
                "`python -m dashboard vessels --fill` copies the register's facts"
            )
        problems.append(Problem(file, labels[mismatch.row], mismatch.field, reason))
    return problems


def _record_problems(typed: pd.DataFrame, file: str) -> list[Problem]:
    """Rules across records or fields: unique ids, the region, the radius rule."""
    problems: list[Problem] = []
    ids = typed["id"].map(lambda v: v if isinstance(v, str) else None)
    counts = ids.value_counts()
    # One problem per record, named by its label (an empty or long id is not the label the record goes by).
    for index in typed.index[(ids.duplicated(keep=False) & ids.notna()).to_numpy()]:
        problems.append(
            Problem(file, typed.at[index, "_label"], "id", f"duplicate id (used by {int(counts[ids[index]])} records)")
        )
    lon, lat = typed["lon"], typed["lat"]
    valid = lon.between(-180, 180) & lat.between(-90, 90)
    outside = valid.to_numpy() & ~in_region(lon, lat)
    for index in typed.index[outside]:
        problems.append(
            Problem(
                file,
                typed.at[index, "_label"],
                "geometry",
                f"point ({lon[index]:.4f}, {lat[index]:.4f}) is outside the region {describe_region()}",
            )
        )
    problems += _uncertainty_problems(typed, file)
    problems += _coding_problems(typed, file)
    return problems


def land_problems(frame: pd.DataFrame, file: str, tolerance_km: float = 1.0) -> list[Problem]:
    """Report points that lie on land in the bundled basemap, beyond a small coastal tolerance."""
    from dashboard.core import areas  # the basemap is only read when this check is asked for

    usable = frame["lon"].notna() & frame["lat"].notna() & frame["lat"].between(-90, 90)
    subset = frame[usable]
    if subset.empty:
        return []
    points = gpd.GeoSeries(gpd.points_from_xy(subset["lon"], subset["lat"]), index=subset.index, crs="EPSG:4326")
    on_land = areas.find_points_on_land(points, areas.load_land(), tolerance_km=tolerance_km)
    return [
        Problem(
            file,
            frame.at[index, "_label"],
            "geometry",
            f"point ({frame.at[index, 'lon']:.4f}, {frame.at[index, 'lat']:.4f}) lies on land",
        )
        for index in on_land.index[on_land.to_numpy(dtype=bool)]
    ]


class TableChecks(TypedDict, total=False):
    """Options of the whole-table checks (see `validate_incident_table`)."""

    today: date | None
    check_land: bool
    vessels_file: str | Path | None


def typed_table_problems(typed: pd.DataFrame, file: str, **checks: Unpack[TableChecks]) -> list[Problem]:
    """Every problem of a table whose number columns `typed_columns` has already coerced.

    The ship register is `vessels_file`, else the `vessels.csv` beside the record, else the bundled one.
    """
    problems = _schema_problems(typed, file, checks.get("today") or today_utc())
    problems += _record_problems(typed, file)
    vessels_file = checks.get("vessels_file")
    register = Path(vessels_file) if vessels_file is not None else vessels_file_for(file)
    vessels, register_problems = read_vessels(register)
    problems += register_problems
    problems += _vessel_problems(typed, file, vessels, str(register))
    if checks.get("check_land", True):
        problems += land_problems(typed, file)
    return problems


def validate_incident_table(frame: pd.DataFrame, file: str, **checks: Unpack[TableChecks]) -> list[Problem]:
    """Return every problem of a raw incident table (empty list when valid).

    Parameters
    ----------
    frame : DataFrame
        Raw properties with lon, lat and _label, as from `reading.read_incident_table`.
    file : str
        The file's name, used in every problem.
    today : date, optional
        Dates after this day are rejected; defaults to today in UTC.
    check_land : bool
        Whether to reject points on land (reads the bundled basemap).
    vessels_file : path, optional
        The ship register; by default `vessels.csv` beside the record, else `data/vessels.csv`.
    """
    typed, problems = typed_columns(frame, file)
    return problems + typed_table_problems(typed, file, **checks)
