"""Cached access to the record and the bundled geography, and the data-problem panel."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

import geopandas as gpd
import pandas as pd
import streamlit as st

from dashboard.core import areas, paths
from dashboard.core.filters import FilterIndex, build_filter_index
from dashboard.core.map_style import read_map_labels
from dashboard.core.prepare import load_events, load_prepared_valid_incidents
from dashboard.core.problems import PROBLEMS_LISTED, IncidentDataError, Problem
from dashboard.core.reading import resolve_incidents_path
from dashboard.core.text import markdown_text
from dashboard.core.validation import today_utc


@dataclass(frozen=True)
class Dataset:
    """The record as the pages see it: valid incidents, problems of the rest, context events."""

    incidents: gpd.GeoDataFrame
    index: FilterIndex
    problems: tuple[Problem, ...] = field(default=())
    fatal: bool = False
    events: pd.DataFrame = field(default_factory=pd.DataFrame)
    source: str = ""
    # Content hash of the record and its context events: results shared between sessions are cached under it.
    version: str = ""


def _empty_index() -> FilterIndex:
    empty = pd.DataFrame(
        {
            "date": pd.Series(dtype="datetime64[ns]"),
            "weapons": pd.Series(dtype=object),
            "vessel_name": pd.Series(dtype="string"),
            "imo": pd.Series(dtype="string"),
            "id": pd.Series(dtype="string"),
            **{c: pd.Series(dtype=float) for c in ("crew_killed", "crew_injured", "crew_missing")},
        }
    )
    return build_filter_index(empty)


def content_version(*paths_read) -> str:
    """A short hash of the files' bytes (a missing file counts as empty): the version of what was loaded."""
    digest = hashlib.sha256()
    for path in paths_read:
        try:
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            pass
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def _file_stamp(path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@st.cache_resource(show_spinner="Loading the incident record ...", max_entries=4)
def _load_dataset(path_text: str, stamp: float, today: date) -> Dataset:
    # cache_resource: one shared, read-only copy per process (no per-session copy of large sets).
    del stamp  # part of the cache key only: a changed file is read again
    try:
        incidents, problems = load_prepared_valid_incidents(path_text, today=today)
    except IncidentDataError as error:
        empty = gpd.GeoDataFrame()
        return Dataset(empty, _empty_index(), tuple(error.problems), fatal=True, source=path_text)
    try:
        events = load_events()
    except (OSError, ValueError, KeyError) as error:
        problems = [*problems, Problem(str(paths.EVENTS_FILE), "-", "-", f"context events unreadable: {error}")]
        events = pd.DataFrame(columns=["date", "label", "kind", "source_url"])
    return Dataset(
        incidents,
        build_filter_index(incidents),
        tuple(problems),
        fatal=False,
        events=events,
        source=path_text,
        version=content_version(path_text, paths.EVENTS_FILE),
    )


def load_dataset() -> Dataset:
    """The current record, read once per process and again only when the file changes."""
    path = resolve_incidents_path()
    return _load_dataset(str(path), _file_stamp(path), today_utc())


@st.cache_resource(show_spinner=False)
def load_map_geojson() -> dict[str, dict]:
    """Bundled basemap (as URLs of the statically served copy) and overlays (as GeoJSON dicts).

    The land and borders are the largest layers: as URLs the browser fetches them once, and the server
    neither copies nor serialises them on every rerun.
    """
    return {
        "land": f"{paths.STATIC_BASEMAP_URL}/{paths.LAND_FILE.name}",
        "borders": f"{paths.STATIC_BASEMAP_URL}/{paths.BORDERS_FILE.name}",
        "areas": json.loads(paths.AREAS_FILE.read_text(encoding="utf-8")),
        "lanes": json.loads(paths.SHIPPING_LANES_FILE.read_text(encoding="utf-8")),
        "coast": json.loads(paths.HOUTHI_COAST_FILE.read_text(encoding="utf-8")),
    }


@st.cache_resource(show_spinner=False)
def load_map_labels() -> pd.DataFrame:
    """Names the maps write: ports and towns, countries, seas and straits (read once per process).

    Labels help reading but are not data: if their files cannot be read, the maps are drawn without them.
    """
    try:
        return read_map_labels(paths.PLACES_FILE, paths.MAP_LABELS_FILE)
    except (OSError, ValueError, KeyError):
        return pd.DataFrame(columns=["name", "kind", "lon", "lat"])


@st.cache_resource(show_spinner=False)
def load_geography_frames() -> dict[str, gpd.GeoDataFrame]:
    """Bundled geography as GeoDataFrames, read once per process."""
    return {
        "land": areas.load_land(),
        "coast": areas.load_houthi_coast(),
        "lanes": areas.load_shipping_lanes(),
    }


@st.cache_resource(show_spinner=False)
def load_reference_areas() -> gpd.GeoDataFrame:
    """Bundled sea areas, read once per process (for imported records' sea area)."""
    return areas.load_areas()


def show_data_problems(dataset: Dataset) -> None:
    """Show a panel naming the file, record and field of every data problem."""
    if not dataset.problems:
        return
    count = len(dataset.problems)
    listed = "\n".join(
        f"- {markdown_text(str(problem.with_file_name()), limit=400)}" for problem in dataset.problems[:PROBLEMS_LISTED]
    )
    more = f"\n- ... and {count - PROBLEMS_LISTED} more" if count > PROBLEMS_LISTED else ""
    if dataset.fatal:
        st.error(
            f"**The incident file could not be loaded** ({count} problem(s)). "
            f"Run `python -m dashboard validate` for the full list.\n\n{listed}{more}"
        )
    else:
        bad_records = len({problem.record for problem in dataset.problems})
        with st.expander(
            f"Data warning: {bad_records} record(s) were left out because they did not validate "
            f"({count} problem(s)). Showing the {len(dataset.incidents)} valid record(s).",
            expanded=False,
        ):
            st.markdown(f"{listed}{more}")
