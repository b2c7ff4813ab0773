"""Incident markers of the map: one per record, per shared position or per small cell, with hover text and the
incident ids a click reads back; the density surface of very many incidents."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.core import style
from dashboard.core.map_style import MAP_FONT, TEXT_MARKER_PX
from dashboard.core.marker_ids import join_marker_ids, split_marker_ids
from dashboard.core.schema import CATEGORIES, WEAPONS
from dashboard.core.style import LIGHT_MAP, MapColours
from dashboard.core.text import plotly_text

# Incidents of one category in one cell of this size (degrees, about 1 km: far below a pixel at the zoom that
# shows the region) share one marker in the lean view, so the browser draws fewer points.
MARKER_CELL_DEG = 0.01
# Records closer than this (degrees, about 10 m) sit at one position: area-level records at their area's
# anchor, or a ship attacked on several days. They are drawn as one marker with their count.
SHARED_POSITION_DEG = 1e-4
# Cell size of the density view (degrees, about 11 km).
DENSITY_CELL_DEG = 0.1
# Counting into a dense grid is linear; above this many cells a sort is cheaper in memory.
MAX_DENSE_GRID_CELLS = 4_000_000


def grid_counts(lon: np.ndarray, lat: np.ndarray, cell_deg: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count points per grid cell: (cell-centre lon, cell-centre lat, count) of the occupied cells."""
    if len(lon) == 0:
        return np.zeros(0, np.float32), np.zeros(0, np.float32), np.zeros(0, np.int64)
    columns = np.floor(np.asarray(lon, dtype=float) / cell_deg).astype(np.int64)
    rows = np.floor(np.asarray(lat, dtype=float) / cell_deg).astype(np.int64)
    first_column, first_row = columns.min(), rows.min()
    width = int(columns.max() - first_column) + 1
    height = int(rows.max() - first_row) + 1
    keys = (rows - first_row) * width + (columns - first_column)
    if width * height <= MAX_DENSE_GRID_CELLS:
        counts = np.bincount(keys, minlength=width * height)
        cells = np.flatnonzero(counts)
        counts = counts[cells]
    else:
        cells, counts = np.unique(keys, return_counts=True)
    centres_lon = (first_column + cells % width + 0.5) * cell_deg
    centres_lat = (first_row + cells // width + 0.5) * cell_deg
    return centres_lon.astype(np.float32), centres_lat.astype(np.float32), counts


def category_groups(incidents: pd.DataFrame) -> list[tuple[str, np.ndarray]]:
    """Row positions of each category present, in the order the map draws its traces."""
    categories = incidents["category"]
    if isinstance(categories.dtype, pd.CategoricalDtype):
        codes = categories.cat.codes.to_numpy()
        position = {str(name): code for code, name in enumerate(categories.cat.categories)}
        groups = [(category, np.flatnonzero(codes == position.get(category, -2))) for category in CATEGORIES]
    else:
        values = categories.astype(str).to_numpy()
        groups = [(category, np.flatnonzero(values == category)) for category in CATEGORIES]
    return [(category, rows) for category, rows in groups if len(rows)]


@dataclass(frozen=True)
class Markers:
    """Markers of one map trace: `marker` numbers each row's marker, `drawn` is the row drawn for each marker
    and `ids` the incident ids behind it (written by `join_marker_ids`)."""

    rows: np.ndarray
    marker: np.ndarray
    drawn: np.ndarray
    ids: np.ndarray

    @property
    def counts(self) -> np.ndarray:
        return np.bincount(self.marker, minlength=len(self.drawn))


def group_markers(incidents: pd.DataFrame, rows: np.ndarray, cell_deg: float) -> Markers:
    """Group the rows into one marker per occupied cell of `cell_deg` (first row drawn; ids by `join_marker_ids`)."""
    lons = incidents["lon"].to_numpy(dtype=float)[rows]
    lats = incidents["lat"].to_numpy(dtype=float)[rows]
    keys = (np.floor(lons / cell_deg).astype(np.int64) << 32) + (
        np.floor(lats / cell_deg).astype(np.int64) & 0xFFFFFFFF
    )
    marker, _ = pd.factorize(keys)
    ids = incidents["id"].astype(str).to_numpy()[rows]
    order = np.argsort(marker, kind="stable")
    bounds = np.flatnonzero(np.r_[True, marker[order][1:] != marker[order][:-1]]) if len(rows) else np.zeros(0, int)
    parts = np.split(ids[order], bounds[1:]) if len(rows) else []
    joined = np.array([join_marker_ids(part) for part in parts], dtype=object)
    return Markers(rows, marker, rows[order[bounds]], joined)


def incident_ids_of_points(points: Iterable[object]) -> list[str]:
    """Incident ids behind the points of a map selection event, read from each point's `customdata`.

    Every incident marker carries its ids (written by `join_marker_ids` when several records share it) as the
    first customdata value; points of other traces (labels, imported records, the selection highlight) carry none.
    """
    chosen: list[str] = []
    for point in points:
        data = point.get("customdata") if isinstance(point, dict) else None
        first = data[0] if isinstance(data, list | tuple) and data else data
        if isinstance(first, str):
            chosen.extend(split_marker_ids(first))
    return list(dict.fromkeys(chosen))


def _plotly_texts(values: pd.Series) -> np.ndarray:
    """Record text as Plotly shows it literally (see `plotly_text`)."""
    return values.astype(str).map(plotly_text).to_numpy(dtype=object)


def _hover_table(incidents: pd.DataFrame, ids: np.ndarray) -> np.ndarray:
    """Per marker: the incident id (read back on click, so not escaped: ids are validated) and hover fields."""
    weapons = incidents["weapons"].map(lambda v: ", ".join(WEAPONS.get(w, w) for w in v) if v is not None else "")
    return np.column_stack(
        [
            ids,
            incidents["date"].dt.strftime("%Y-%m-%d").to_numpy(),
            _plotly_texts(incidents["vessel_name"].astype("string").fillna("unnamed")),
            _plotly_texts(incidents["category"].astype(str).map(style.CATEGORY_LABELS)),
            _plotly_texts(weapons),
            _plotly_texts(incidents["outcome"].map(lambda code: style.label_for("outcome", code))),
            _plotly_texts(incidents["claim_status"].map(lambda code: style.label_for("claim_status", code))),
            position_notes(incidents),
        ]
    )


def position_notes(incidents: pd.DataFrame) -> np.ndarray:
    """How each position was obtained and how far off it may be, in a reader's words (for the hover)."""
    radius = pd.to_numeric(incidents["position_uncertainty_km"], errors="coerce").to_numpy(dtype=float)
    basis = incidents["position_basis"].astype(str).to_numpy()
    notes = []
    for how, km in zip(basis, radius, strict=True):
        text = POSITION_HOVER.get(how, "position basis not reported")
        notes.append(f"{text}, within about {km:,.0f} km" if np.isfinite(km) and km > 0 else text)
    return np.array(notes, dtype=object)


# Short forms of the schema's position bases (POSITION_BASES), for a hover line.
POSITION_HOVER = {
    "reported": "Position reported by a source",
    "computed": "Position computed from a distance and bearing",
    "area": "Only the area is known (drawn at its anchor)",
}
_HOVER_TEMPLATE = (
    "<b>%{customdata[2]}</b><br>%{customdata[1]} · %{customdata[3]}<br>"
    "Weapon: %{customdata[4]}<br>Outcome: %{customdata[5]} (%{customdata[6]})<br>"
    "%{customdata[7]}<extra></extra>"
)
# One text per trace, nothing per point.
_LEAN_HOVER_TEMPLATE = (
    "<b>%{fullData.name}</b><br>%{customdata[1]:,} incident(s) at this point<br>"
    "Click or box-select for details<extra></extra>"
)
_SHARED_HOVER_TEMPLATE = "<b>%{customdata[1]} records at this position</b><br>%{customdata[2]}<extra></extra>"
SHARED_HOVER_NAMES = 8


def _shared_position_hover(incidents: pd.DataFrame, rows: np.ndarray) -> str:
    subset = incidents.iloc[rows].sort_values("date")
    lines = [
        f"{day:%Y-%m-%d} {plotly_text(name, 60)} ({style.CATEGORY_LABELS.get(str(category), category)})"
        for day, name, category in zip(
            subset["date"], subset["vessel_name"].astype("string").fillna("unnamed"), subset["category"], strict=True
        )
    ]
    more = len(lines) - SHARED_HOVER_NAMES
    # Records at one position are mostly area-level records at their area's anchor: say so, with the radius.
    notes = list(dict.fromkeys(position_notes(subset)))
    where = [notes[0]] if len(notes) == 1 else ["Positions obtained in different ways (see each record)"]
    return "<br>".join(
        lines[:SHARED_HOVER_NAMES] + ([f"... and {more} more"] if more > 0 else []) + where + ["Click to list them"]
    )


def point_traces(incidents: pd.DataFrame, colours: MapColours = LIGHT_MAP) -> list[go.Scattermap]:
    """One trace per category of single-record markers, and one of positions shared by several records."""
    lons, lats = incidents["lon"].to_numpy(dtype=np.float32), incidents["lat"].to_numpy(dtype=np.float32)
    positions = group_markers(incidents, np.arange(len(incidents)), SHARED_POSITION_DEG)
    counts = positions.counts
    shared = counts[positions.marker] > 1
    traces = []
    for category, rows in category_groups(incidents):
        alone = rows[~shared[rows]]
        if not len(alone):
            continue
        subset = incidents.iloc[alone]
        claimed = (subset["claim_status"] != "confirmed").to_numpy()
        traces.append(
            go.Scattermap(
                lon=lons[alone],
                lat=lats[alone],
                mode="markers",
                legendgroup=category,
                name=f"{style.CATEGORY_LABELS[category]} ({len(rows):,})",
                marker={
                    "color": colours.categories[category],
                    "size": subset["outcome"].astype(str).map(style.OUTCOME_SIZES).fillna(8).to_numpy(dtype=np.float32),
                    "opacity": np.where(claimed, style.CLAIMED_OPACITY, style.CONFIRMED_OPACITY).astype(np.float32),
                },
                customdata=_hover_table(subset, subset["id"].astype(str).to_numpy()),
                hovertemplate=_HOVER_TEMPLATE,
            )
        )
    groups = np.flatnonzero(counts > 1)
    if len(groups):
        hovers = [_shared_position_hover(incidents, np.flatnonzero(positions.marker == group)) for group in groups]
        drawn = positions.drawn[groups]
        traces.append(
            go.Scattermap(
                lon=lons[drawn],
                lat=lats[drawn],
                mode="markers",
                name=f"Several records at one position ({len(groups)})",
                marker={
                    "color": colours.shared_marker,
                    "size": 12 + 1.5 * np.sqrt(counts[groups]),
                    "opacity": 0.8,
                },
                customdata=np.column_stack([positions.ids[groups], counts[groups], hovers]),
                hovertemplate=_SHARED_HOVER_TEMPLATE,
            )
        )
        # The counts as a text trace of their own: MapLibre cannot offset text from markers of varying size.
        traces.append(
            go.Scattermap(
                lon=lons[drawn],
                lat=lats[drawn],
                mode="markers+text",
                name="shared position counts",
                showlegend=False,
                text=[str(count) for count in counts[groups]],
                textposition="middle center",
                textfont={"family": MAP_FONT, "size": 11, "color": colours.shared_text},
                marker={"size": TEXT_MARKER_PX, "opacity": 0},
                hoverinfo="skip",
            )
        )
    return traces


def lean_traces(incidents: pd.DataFrame, colours: MapColours = LIGHT_MAP) -> list[go.Scattermap]:
    """Many points: one marker per occupied small cell and category, with the ids behind it, no per-point text."""
    lons, lats = incidents["lon"].to_numpy(dtype=np.float32), incidents["lat"].to_numpy(dtype=np.float32)
    traces = []
    for category, rows in category_groups(incidents):
        markers = group_markers(incidents, rows, MARKER_CELL_DEG)
        traces.append(
            go.Scattermap(
                lon=lons[markers.drawn],
                lat=lats[markers.drawn],
                mode="markers",
                legendgroup=category,
                name=f"{style.CATEGORY_LABELS[category]} ({len(rows):,})",
                marker={"color": colours.categories[category], "size": 5, "opacity": 0.7},
                customdata=np.column_stack([markers.ids, markers.counts]),
                hovertemplate=_LEAN_HOVER_TEMPLATE,
            )
        )
    return traces


def density_trace(positions: pd.DataFrame) -> go.Densitymap:
    """A density surface of the `lon`/`lat` of `positions`, counted per DENSITY_CELL_DEG cell."""
    # Binned on the server: a few thousand weighted cells instead of every point keeps the figure
    # small and the browser responsive at a million incidents.
    lons, lats, counts = grid_counts(positions["lon"].to_numpy(), positions["lat"].to_numpy(), DENSITY_CELL_DEG)
    return go.Densitymap(
        lon=lons,
        lat=lats,
        z=counts,
        radius=12,
        colorscale="Inferno",
        reversescale=True,
        showscale=True,
        name="Incident density",
        customdata=counts,
        hovertemplate="%{customdata:,} incidents<extra></extra>",
        colorbar={"title": {"text": "Incidents per cell"}},
    )


def imported_trace(imported: pd.DataFrame) -> go.Scattermap:
    """The records of an upload, in one neutral colour; they are not incidents of the record and cannot be selected."""
    return go.Scattermap(
        lon=imported["lon"].to_numpy(dtype=np.float32),
        lat=imported["lat"].to_numpy(dtype=np.float32),
        mode="markers",
        name=f"Imported records ({len(imported)})",
        marker={
            "color": style.IMPORTED_COLOUR,
            "size": style.IMPORTED_MARKER_SIZE,
            "opacity": style.IMPORTED_OPACITY,
        },
        # First value empty: no incident ids behind these markers (`incident_ids_of_points`).
        customdata=np.column_stack([np.full(len(imported), ""), _plotly_texts(imported["id"])]),
        hovertemplate="Imported %{customdata[1]}<extra></extra>",
    )
