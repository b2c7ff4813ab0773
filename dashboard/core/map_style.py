"""The offline map style: background, place names and bundled glyphs, basemap layers and the map legend."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.core import style
from dashboard.core.region import REGION_BOUNDS
from dashboard.core.style import LIGHT_MAP, MapColours
from dashboard.core.text import plain_text

# The first label layer of the offline style: basemap and overlay layers are drawn below it.
LABELS_BELOW = "place-dots"
# Map text needs a glyph server; none is bundled, and MapLibre then draws the glyphs with the browser's own
# fonts. The URL points at the dashboard itself so that no request ever leaves the machine.
GLYPHS_URL = "app/static/glyphs/{fontstack}/{range}.pbf"
# The one font stack map text asks for; its glyphs are bundled (scripts/build_glyphs.py), so labels need no server.
MAP_FONT = "Open Sans Regular"
# Text traces draw markers of a fixed size (invisible where only the text matters): plotly offsets the text by the
# marker size, and a text-only trace or an array of sizes gives MapLibre a NaN offset, which blanks the map.
TEXT_MARKER_PX = 4
LABEL_SIZES = {"country": 13, "sea": 12, "place": 11}
LABEL_KINDS = {"port": "place", "town": "place", "country": "country", "sea": "sea", "strait": "sea"}


def region_bounds_box() -> dict:
    """GeoJSON polygon of the dashboard's region."""
    west, south, east, north = REGION_BOUNDS
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


def feature_collection(geometries: list[dict]) -> dict:
    """A GeoJSON FeatureCollection of `geometries`, without properties."""
    return {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": g} for g in geometries],
    }


def line_layer(source: dict | str, colour: str, width: float, *, dash: list[float] | None = None) -> dict:
    """A map layer drawing the lines of `source` (GeoJSON or its URL) under the markers, dashed if `dash`."""
    line: dict[str, object] = {"width": width} if dash is None else {"width": width, "dash": dash}
    return {"source": source, "type": "line", "color": colour, "line": line, "below": "traces"}


def filled_layer(source: dict, colour: str) -> dict:
    """A map layer filling `source` in one colour (its outline too), drawn under the markers."""
    return {"source": source, "type": "fill", "color": colour, "fill": {"outlinecolor": colour}, "below": "traces"}


def basemap_layers(
    land: dict | str,
    borders: dict | str | None = None,
    *,
    areas: dict | None = None,
    lanes: dict | None = None,
    zone: dict | None = None,
    colours: MapColours = LIGHT_MAP,
) -> list[dict]:
    """MapLibre layers that draw the bundled basemap and optional overlays (no network needed).

    Parameters
    ----------
    land, borders, areas, lanes, zone : dict or str
        GeoJSON FeatureCollections (EPSG:4326), or the URL of a GeoJSON file served by the dashboard.
    colours : MapColours
        Sea, land and border colours of the reader's theme (`style.map_colours`).
    """
    sea = {"type": "Feature", "properties": {}, "geometry": region_bounds_box()}
    layers: list[dict] = [{"source": sea, "type": "fill", "color": colours.sea, "below": "traces"}]
    if zone is not None:
        layers.append({"source": zone, "type": "fill", "color": style.RANGE_ZONE_COLOUR, "below": "traces"})
    layers.append({"source": land, "type": "fill", "color": colours.land, "below": "traces"})
    if borders is not None:
        layers.append(line_layer(borders, colours.border, 0.7))
    if areas is not None:
        layers.append(line_layer(areas, style.AREA_LINE_COLOUR, 1, dash=[2, 2]))
    if lanes is not None:
        layers.append(line_layer(lanes, colours.lane, 2, dash=[4, 2]))
    return layers


def offline_map_style(colours: MapColours = LIGHT_MAP, labels: pd.DataFrame | None = None) -> dict:
    """A MapLibre style with no remote source: a plain background, a glyph URL on the dashboard itself, and the
    place names of `labels` (`read_map_labels`) as text layers.

    Labels are part of the style, not traces: a trace would count in the view plotly fits to the incidents
    (the labels span the whole region). Layers drawn below them say `below=LABELS_BELOW` (`under_labels`).
    """
    # One source always: plotly drops an empty `sources` object when it updates the figure, and MapLibre then
    # rejects the style ("missing required property sources").
    features = []
    if labels is not None:
        for name, kind, lon, lat in labels[["name", "kind", "lon", "lat"]].itertuples(index=False):
            text = plain_text(name, 60)
            features.append(
                {
                    "type": "Feature",
                    "properties": {"text": text.upper() if kind == "country" else text, "kind": kind},
                    "geometry": {"type": "Point", "coordinates": [round(float(lon), 4), round(float(lat), 4)]},
                }
            )
    source = {"type": "geojson", "data": {"type": "FeatureCollection", "features": features}}
    kind_colours = {"country": colours.country_label, "sea": colours.sea_label, "place": colours.place_label}
    layers: list[dict] = [
        {"id": "background", "type": "background", "paint": {"background-color": colours.background}},
        {
            "id": LABELS_BELOW,
            "type": "circle",
            "source": "labels",
            "filter": ["==", ["get", "kind"], "place"],
            "paint": {"circle-radius": 2.5, "circle-color": colours.place_label},
        },
    ]
    for kind in ("country", "sea", "place"):
        place = kind == "place"
        layers.append(
            {
                "id": f"{kind}-labels",
                "type": "symbol",
                "source": "labels",
                "filter": ["==", ["get", "kind"], kind],
                "layout": {
                    "text-field": ["get", "text"],
                    "text-font": [MAP_FONT],
                    "text-size": LABEL_SIZES[kind],
                    "text-anchor": "left" if place else "center",
                    "text-offset": [0.5, 0] if place else [0, 0],
                    "text-max-width": 8,
                },
                "paint": {
                    "text-color": kind_colours[kind],
                    "text-halo-color": colours.label_halo,
                    "text-halo-width": 1.2,
                },
            }
        )
    return {"version": 8, "sources": {"labels": source}, "glyphs": GLYPHS_URL, "layers": layers}


def under_labels(layers: list[dict]) -> list[dict]:
    """The same plotly map layers, drawn under the style's place names (and, being under those, under traces)."""
    return [{**layer, "below": LABELS_BELOW} for layer in layers]


def read_map_labels(places_file: Path, labels_file: Path) -> pd.DataFrame:
    """Labels for the map: ports and towns of the gazetteer, and the countries, seas and straits of `labels_file`.

    Returns a frame with `name`, `kind` ("country", "sea" or "place"), `lon` and `lat`.
    """
    places = pd.read_csv(places_file, usecols=["name", "kind", "lat", "lon"])
    others = pd.read_csv(labels_file, usecols=["name", "kind", "lat", "lon"])
    labels = pd.concat([places[places["kind"].isin(["port", "town"])], others], ignore_index=True)
    labels["kind"] = labels["kind"].map(LABEL_KINDS)
    return labels.dropna(subset=["kind"])[["name", "kind", "lon", "lat"]].reset_index(drop=True)


def map_legend(colours: MapColours, *, top: float) -> dict:
    """A horizontal legend in the map's colours with its top edge at `top` (0 = the map's bottom, 1 = its top)."""
    return {
        "orientation": "h",
        "yanchor": "top",
        "y": top,
        "xanchor": "left",
        "x": 0.0,
        "bgcolor": colours.legend_background,
        "font": {"color": colours.text},
    }
