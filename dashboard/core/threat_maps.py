"""Figure builders of the Threat range page: the zone with labelled rings, lanes and places; the detour chart."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely

from dashboard.core import style
from dashboard.core.geodesy import KM_PER_NM, format_km_nm
from dashboard.core.map_style import MAP_FONT, line_layer, map_legend, offline_map_style
from dashboard.core.region import REGION_BOUNDS
from dashboard.core.text import plotly_text

# Places named on the threat map, so that distances can be judged by eye.
LABELLED_PLACES = (
    "Hodeidah",
    "Mocha",
    "Aden",
    "Djibouti",
    "Assab",
    "Massawa",
    "Port Sudan",
    "Jeddah",
    "Jizan",
    "Berbera",
    "Mukalla",
    "Salalah",
    "Socotra",
    "Eilat",
    "Suez",
    "Bosaso",
)
# Ring labels sit where the rings cross a line from Hodeidah out to the south-west: a diagonal spaces them
# apart both ways, so MapLibre does not hide one label for touching the next.
_LABEL_ORIGIN = (42.95, 14.80)
_LABEL_BEARING_END = (22.95, -5.20)
THREAT_MAP_CENTER = {"lon": 43.0, "lat": 15.0}


def _line_trace(lon, lat, name: str, colour: str, width: float, **extra) -> go.Scattermap:
    """A line with a legend entry that shows nothing on hover (zone outline, range rings, lanes)."""
    return go.Scattermap(
        lon=lon, lat=lat, mode="lines", name=name, line={"color": colour, "width": width}, hoverinfo="skip", **extra
    )


def _label_trace(
    lon, lat, text, *, name: str, position: str, marker: dict, colours: style.MapColours, size: int
) -> go.Scattermap:
    """Map text beside a small dot, with no legend entry and no hover (ring distances, place names)."""
    return go.Scattermap(
        lon=lon,
        lat=lat,
        name=name,
        mode="markers+text",
        text=text,
        textposition=position,
        marker=marker,
        textfont={"family": MAP_FONT, "color": colours.text, "size": size},
        showlegend=False,
        hoverinfo="skip",
    )


def threat_map_view(range_km: float) -> tuple[dict, float]:
    """Centre and zoom that show the zone of a range whole, without zooming out further than needed."""
    for limit_km, zoom in ((150, 5.6), (400, 5.0), (800, 4.4), (1500, 3.8)):
        if range_km <= limit_km:
            return THREAT_MAP_CENTER, zoom
    return {"lon": 45.0, "lat": 16.0}, 3.3


def _boundary_lines(geometry: shapely.Geometry) -> tuple[list[float | None], list[float | None]]:
    """Lon and lat of a geometry's outlines, parts separated by None (one line trace draws them all)."""
    lons: list[float | None] = []
    lats: list[float | None] = []
    boundary = shapely.boundary(geometry) if geometry.geom_type in ("Polygon", "MultiPolygon") else geometry
    for part in shapely.get_parts(boundary):
        coords = np.asarray(part.coords)
        if len(coords) < 2:
            continue
        lons.extend([*coords[:, 0].round(4).tolist(), None])
        lats.extend([*coords[:, 1].round(4).tolist(), None])
    return lons, lats


def ring_label_point(ring: shapely.Geometry) -> tuple[float, float] | None:
    """Where a range ring crosses the labelling line (None when it does not)."""
    ray = shapely.LineString([_LABEL_ORIGIN, _LABEL_BEARING_END])
    # Rings are clipped to the region: where a ring runs along the region's edge, that edge is not the ring.
    inside = shapely.box(*REGION_BOUNDS).buffer(-1e-6)
    crossing = shapely.intersection(shapely.intersection(shapely.boundary(ring), inside), ray)
    if crossing.is_empty:
        return None
    points = [point for point in shapely.get_parts(crossing) if point.geom_type == "Point"]
    if not points:
        return None
    # The crossing nearest to the launch coast belongs to the ring's outer edge on that side.
    nearest = min(points, key=lambda point: (point.x - _LABEL_ORIGIN[0]) ** 2 + (point.y - _LABEL_ORIGIN[1]) ** 2)
    return float(nearest.x), float(nearest.y)


def threat_map_figure(
    zone: shapely.Geometry,
    rings: list[tuple[float, shapely.Geometry]],
    lanes: pd.DataFrame,
    places: pd.DataFrame,
    incidents: pd.DataFrame,
    *,
    land_url: str | dict,
    borders_url: str | dict | None,
    range_km: float,
    theme: str | None = None,
    height: int = 560,
) -> go.Figure:
    """The sea within range of the launch coast, range rings labelled in km, shipping lanes and incidents.

    Parameters
    ----------
    zone : shapely geometry
        The sea within range (land removed), EPSG:4326.
    rings : list of (km, geometry)
        Areas within each ring distance of the coast; their outlines are drawn and labelled.
    lanes : DataFrame
        Shipping lanes with `kind` ("main_route", "irtc") and shapely `geometry`.
    places : DataFrame
        Gazetteer with `name`, `lon`, `lat`; the LABELLED_PLACES are named on the map.
    incidents : DataFrame
        Incidents with `lon`, `lat`, `category`.
    land_url, borders_url : str or dict
        The bundled basemap (URL of the served file or GeoJSON).
    theme : str, optional
        "dark" for the dark basemap.
    """
    colours = style.map_colours(theme)
    figure = go.Figure()
    layers: list[dict] = [
        {
            "source": {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Polygon", "coordinates": [[[0, -40], [90, -40], [90, 50], [0, 50], [0, -40]]]},
            },
            "type": "fill",
            "color": colours.sea,
            "below": "traces",
        },
    ]
    if not zone.is_empty:
        layers.append(
            {
                "source": {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(zone)},
                "type": "fill",
                "color": style.RANGE_ZONE_COLOUR,
                "below": "traces",
            }
        )
    layers.append({"source": land_url, "type": "fill", "color": colours.land, "below": "traces"})
    if borders_url is not None:
        layers.append(line_layer(borders_url, colours.border, 0.7))
    # Legend entry of the zone (a map layer has none): its outline, drawn as a trace.
    lons, lats = _boundary_lines(zone) if not zone.is_empty else ([None], [None])
    figure.add_trace(
        _line_trace(lons, lats, f"Sea within {format_km_nm(range_km)}", style.RANGE_ZONE_LINE, 1.5, fill="none")
    )
    ring_lons: list[float | None] = []
    ring_lats: list[float | None] = []
    label_lon, label_lat, label_text = [], [], []
    for distance, ring in rings:
        lon, lat = _boundary_lines(ring)
        ring_lons.extend(lon)
        ring_lats.extend(lat)
        point = ring_label_point(ring)
        if point is not None:
            label_lon.append(point[0])
            label_lat.append(point[1])
            label_text.append(f"{distance:,.0f} km")
    if ring_lons:
        figure.add_trace(
            _line_trace(ring_lons, ring_lats, "Range rings (km from the coast)", colours.text, 1, opacity=0.55)
        )
        figure.add_trace(
            _label_trace(
                label_lon,
                label_lat,
                label_text,
                name="Range ring distances",
                position="middle left",
                marker={"size": 5, "color": colours.text},
                colours=colours,
                size=12,
            )
        )
    for kind, name, width in (
        ("main_route", "Main shipping lane (Suez to the Gulf of Aden)", 2.5),
        ("irtc", "IRTC transit corridor (Gulf of Aden)", 1.5),
    ):
        chosen = lanes[lanes["kind"] == kind]
        if chosen.empty:
            continue
        lon, lat = _boundary_lines(shapely.union_all(list(chosen.geometry)))
        figure.add_trace(_line_trace(lon, lat, name, colours.lane, width))
    if len(incidents):
        figure.add_trace(
            go.Scattermap(
                lon=incidents["lon"].astype(float),
                lat=incidents["lat"].astype(float),
                mode="markers",
                # One neutral colour: on this page the points mean "an incident", not a category.
                name="Incidents (filtered)",
                marker={"size": 6, "color": colours.text, "opacity": 0.75},
                text=[plotly_text(name) for name in incidents["vessel_name"].astype("string").fillna("Unnamed vessel")],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    named = places[places["name"].isin(LABELLED_PLACES)]
    figure.add_trace(
        _label_trace(
            named["lon"],
            named["lat"],
            named["name"],
            name="Places",
            position="top right",
            marker={"size": 4, "color": colours.border},
            colours=colours,
            size=11,
        )
    )
    center, zoom = threat_map_view(range_km)
    figure.update_layout(
        # The offline style: map text (place names, ring labels) asks no font server off the machine.
        # Held inside the region the basemap covers: beyond it the land would stop at a straight edge.
        map={
            "style": offline_map_style(colours),
            "layers": layers,
            "center": center,
            "zoom": zoom,
            "bounds": dict(zip(("west", "south", "east", "north"), REGION_BOUNDS, strict=True)),
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        dragmode="pan",
        # Below the map, outside it: over the map it covered the places of the northern Red Sea (Port Sudan).
        legend=map_legend(colours, top=0.0),
        uirevision=f"threat-map-{zoom}",
    )  # a new range bucket re-frames the map; panning is kept otherwise
    return figure


def route_impact_figure(table: pd.DataFrame) -> go.Figure:
    """Grouped bars of sailing days via Suez and via the Cape of Good Hope per voyage."""
    figure = go.Figure()
    voyages = [plotly_text(voyage) for voyage in table["voyage"]]
    for route, name, short in (("suez", "Via Suez", "Via Suez"), ("cape", "Via the Cape of Good Hope", "Via the Cape")):
        figure.add_trace(
            go.Bar(
                x=voyages,
                y=table[f"via_{route}_days"],
                name=name,
                marker_color=style.ROUTE_COLOURS[route],
                hovertemplate=f"%{{x}}: %{{y:.1f}} days<extra>{short}</extra>",
            )
        )
    figure.update_layout(
        barmode="group",
        height=380,
        yaxis={"title": "Days at sea"},
        xaxis={"title": "Voyage"},
        title={"text": "Sailing days via Suez and round the Cape", "x": 0, "xanchor": "left"},
        margin={"l": 10, "r": 10, "t": 56, "b": 10},
        legend={"orientation": "h", "y": -0.3},
    )
    return figure


def route_table_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The detour table for readers: distances in km and nm with thousands separators, days to one decimal."""
    return pd.DataFrame(
        {
            "Voyage": table["voyage"],
            "Via Suez": [format_km_nm(nm * KM_PER_NM) for nm in table["via_suez_nm"]],
            "Via the Cape": [format_km_nm(nm * KM_PER_NM) for nm in table["via_cape_nm"]],
            "Extra distance": [
                format_km_nm(nm * KM_PER_NM) + f", +{pct:,.0f}%"
                for nm, pct in zip(table["extra_nm"], table["extra_pct"], strict=True)
            ],
            "Days via Suez": table["via_suez_days"].round(1),
            "Days via the Cape": table["via_cape_days"].round(1),
            "Extra days": table["extra_days"].round(1),
        }
    )
