"""Load the incident record: read it, validate it and return a typed GeoDataFrame."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd

from dashboard.core.cells import convert_distinct
from dashboard.core.problems import IncidentDataError, Problem
from dashboard.core.reading import read_incident_table, resolve_incidents_path
from dashboard.core.schema import CATEGORICAL_FIELDS, FIELDS, REPEATED_TEXT_FIELDS
from dashboard.core.validation import typed_columns, typed_table_problems

log = logging.getLogger(__name__)


def typed_to_geodataframe(typed: pd.DataFrame) -> gpd.GeoDataFrame:
    """The typed table of a record (see `typed_columns`) as a GeoDataFrame in EPSG:4326 with categoricals."""
    typed = typed.drop(columns=["_label"], errors="ignore")
    for field in FIELDS:
        if field.name in CATEGORICAL_FIELDS:
            typed[field.name] = pd.Categorical(typed[field.name], categories=list(field.choices or ()))
        elif field.name in REPEATED_TEXT_FIELDS:
            typed[field.name] = pd.Categorical(typed[field.name])
        elif field.kind == "date":
            typed[field.name] = convert_distinct(
                typed[field.name], lambda v: pd.to_datetime(v, format="%Y-%m-%d", errors="coerce").array
            )
        elif field.kind == "str":
            typed[field.name] = convert_distinct(typed[field.name], lambda v: pd.array(v, dtype="string"))
    geometry = gpd.points_from_xy(typed["lon"], typed["lat"])
    return gpd.GeoDataFrame(typed, geometry=geometry, crs="EPSG:4326")


def _read_and_validate(
    path: str | Path | None, today: date | None, check_land: bool
) -> tuple[pd.DataFrame, list[Problem]]:
    """The typed table of a file and all its problems (number columns are coerced once, here)."""
    resolved = resolve_incidents_path(path)
    frame, problems = read_incident_table(resolved)
    typed, type_problems = typed_columns(frame, str(resolved))
    del frame
    problems += type_problems
    problems += typed_table_problems(typed, str(resolved), today=today, check_land=check_land)
    log.info("read %d record(s) from %s: %d problem(s)", len(typed), resolved.name, len(problems))
    return typed, problems


def load_incidents(
    path: str | Path | None = None, *, today: date | None = None, check_land: bool = True
) -> gpd.GeoDataFrame:
    """Load and validate the incident record.

    Parameters
    ----------
    path : str or Path, optional
        A GeoJSON or GeoParquet file; defaults to $INCIDENTS_FILE or the bundled record.
    today : date, optional
        Reference day for the "not in the future" rule; defaults to today in UTC.
    check_land : bool
        Whether to reject points on land (needs the bundled basemap).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per incident, EPSG:4326, dates parsed, categorical vocabularies.

    Raises
    ------
    IncidentDataError
        Listing every problem found, each with its file, record and field.
    """
    typed, problems = _read_and_validate(path, today, check_land)
    if problems:
        raise IncidentDataError(problems)
    return typed_to_geodataframe(typed)


def load_valid_incidents(
    path: str | Path | None = None, *, today: date | None = None, check_land: bool = True
) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Load the records that validate and return them with the problems of the others.

    Raises IncidentDataError only when the file as a whole cannot be read.
    """
    typed, problems = _read_and_validate(path, today, check_land)
    bad_labels = {problem.record for problem in problems}
    good = typed[~typed["_label"].isin(bad_labels)]
    if problems and any(problem.record == "-" for problem in problems):
        good = good.iloc[0:0]
    return typed_to_geodataframe(good.reset_index(drop=True)), problems
