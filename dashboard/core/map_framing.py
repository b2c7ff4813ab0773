"""Where a map looks and how far: the view fitted to the incidents, the scale bar in its room, a zoom for a reach."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from dashboard.core.geodesy import distance_km, format_km_nm
from dashboard.core.map_style import MAP_FONT, TEXT_MARKER_PX
from dashboard.core.region import REGION_BOUNDS
from dashboard.core.style import LIGHT_MAP, MapColours

# The incident map is fitted in the browser, to the map's real size (`fit_frame`): the points' extent plus this
# share of it on each side, plus room for the scale bar at the bottom, and never narrower than about 110 km.
FIT_MARGIN = 0.06
SCALE_ROOM = 0.08
MIN_FIT_SPAN_DEG = 1.0
SCALE_STEPS_KM = (25, 50, 100, 200, 250, 500, 1000)
# MapLibre's world is 512 px wide at zoom 0.
WORLD_PX = 512
EQUATOR_KM = 40_075


def fit_frame(lons: np.ndarray, lats: np.ndarray) -> tuple[float, float, float, float]:
    """West, east, south, north of the view to fit: the points' extent with a margin (and room for the scale bar
    at the bottom), at least MIN_FIT_SPAN_DEG wide and high, and never past the region the basemap covers."""
    lons, lats = np.asarray(lons, dtype=float), np.asarray(lats, dtype=float)
    west, east = float(np.nanmin(lons)), float(np.nanmax(lons))
    south, north = float(np.nanmin(lats)), float(np.nanmax(lats))
    grow_x = max(MIN_FIT_SPAN_DEG - (east - west), 0.0) / 2
    grow_y = max(MIN_FIT_SPAN_DEG - (north - south), 0.0) / 2
    west, east, south, north = west - grow_x, east + grow_x, south - grow_y, north + grow_y
    span_x, span_y = east - west, north - south
    # Points lie inside the region (validation and imports check it); a margin past its edge would only show
    # the area beyond the basemap.
    region_west, region_south, region_east, region_north = REGION_BOUNDS
    west, east = _within(west - FIT_MARGIN * span_x, east + FIT_MARGIN * span_x, region_west, region_east)
    south, north = _within(
        south - (FIT_MARGIN + SCALE_ROOM) * span_y, north + FIT_MARGIN * span_y, region_south, region_north
    )
    return west, east, south, north


def _within(low: float, high: float, lowest: float, highest: float) -> tuple[float, float]:
    """The span low..high moved inside lowest..highest (cut to it when wider)."""
    if high - low >= highest - lowest:
        return lowest, highest
    shift = max(lowest - low, 0.0) - max(high - highest, 0.0)
    return low + shift, high + shift


def fit_frame_trace(frame: tuple[float, float, float, float]) -> go.Scattermap:
    """Two invisible points at the corners of `frame`: the view plotly fits (to the real size of the map on
    the reader's screen, phone or desktop) spans them. They carry no ids, so a click or box selects nothing."""
    west, east, south, north = frame
    return go.Scattermap(
        lon=[west, east],
        lat=[south, north],
        mode="markers",
        name="fitted view",
        marker={"size": TEXT_MARKER_PX, "opacity": 0},
        hoverinfo="skip",
        showlegend=False,
    )


def scale_bar_traces(frame: tuple[float, float, float, float], colours: MapColours = LIGHT_MAP) -> list[go.Scattermap]:
    """A horizontal scale bar (km and nm) in the room `fit_frame` leaves at the bottom left: a line of a round
    length near a quarter of the frame's width, and its length above it. It is drawn in place on the map, so it
    stays true at every zoom."""
    west_edge, east_edge, south, north = frame
    width = east_edge - west_edge
    lat = south + (north - south) * SCALE_ROOM * 0.35
    west = west_edge + width * 0.04
    km_per_degree = distance_km(west, lat, west + 1.0, lat)
    target = width * km_per_degree / 4
    length = max([step for step in SCALE_STEPS_KM if step <= target], default=SCALE_STEPS_KM[0])
    east = west + length / km_per_degree
    line = go.Scattermap(
        lon=[west, east],
        lat=[lat, lat],
        mode="lines",
        name="scale bar",
        line={"color": colours.scale, "width": 3},
        hoverinfo="skip",
        showlegend=False,
    )
    text = go.Scattermap(
        lon=[(west + east) / 2],
        lat=[lat],
        mode="markers+text",
        name="scale length",
        text=[format_km_nm(length)],
        textposition="top center",
        textfont={"family": MAP_FONT, "size": 11, "color": colours.scale},
        marker={"size": TEXT_MARKER_PX, "opacity": 0},
        hoverinfo="skip",
        showlegend=False,
    )
    return [line, text]


def zoom_for_reach(lat: float, reach_km: float, height_px: float) -> float:
    """The MapLibre zoom at which half of a map `height_px` tall spans `reach_km` at latitude `lat`."""
    return math.log2(height_px * 0.5 * EQUATOR_KM * math.cos(math.radians(lat)) / (WORLD_PX * reach_km))
