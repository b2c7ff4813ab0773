"""Rebuild the offline basemap and the geography derived from it (see docs/geography.md).

Usage, from the project root::

    python -m scripts.build_basemap                      # fetches world-atlas with `npm pack`
    python -m scripts.build_basemap --tarball world-atlas-2.0.2.tgz
    python -m scripts.build_basemap --derived-only       # keep the basemap, rebuild the rest

Outputs:

- data/basemap/land.geojson, data/basemap/borders.geojson: world-atlas 2.0.2 packages
  Natural Earth 1:10m "land" and "countries" (public domain) as TopoJSON. Land is read
  with GDAL (pyogrio); land borders are the TopoJSON arcs shared by two different
  countries (the classic ``topojson.mesh(a !== b)``), decoded here because GDAL only
  exposes polygons. Both are clipped to the region box, simplified (Douglas-Peucker,
  topology preserving, so no island disappears) and snapped to a 1e-4 degree grid.
- data/areas.geojson: the sea areas, cut from the region box by the documented limits
  (IHO S-23 where it has one, project splits elsewhere), minus the land above.
- data/houthi_coast.geojson: the basemap coastline between the dated limits of the
  Houthi-held Red Sea coast.
- data/shipping_lanes.geojson: the searoute main route and the IRTC lanes.

data/places.csv is curated by hand (every row cites its source); tests check it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box, mapping
from shapely.ops import nearest_points

from dashboard.core.paths import (
    AREAS_FILE,
    BORDERS_FILE,
    HOUTHI_COAST_FILE,
    LAND_FILE,
    SHIPPING_LANES_FILE,
    STATIC_BASEMAP_DIR,
)
from dashboard.core.region import REGION_BOUNDS

PACKAGE = "world-atlas@2.0.2"
SIMPLIFY_TOLERANCE_DEG = 0.005  # about 550 m at these latitudes
GRID_DEG = 1e-4  # coordinates are written with 4 decimals
SOURCE = "Natural Earth 1:10m via npm world-atlas@2.0.2 (public domain)"


def fetch_tarball(workdir: Path) -> Path:
    """Download the world-atlas tarball with ``npm pack`` into ``workdir``."""
    result = subprocess.run(
        ["npm", "pack", PACKAGE, "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    return workdir / result.stdout.strip().splitlines()[-1]


def extract_member(tarball: Path, name: str, workdir: Path) -> Path:
    """Extract ``package/<name>`` from the tarball and return its path."""
    with tarfile.open(tarball) as archive:
        member = archive.getmember(f"package/{name}")
        archive.extractall(workdir, members=[member], filter="data")
    return workdir / "package" / name


def clean(geometry, region):
    """Clip, simplify and snap one geometry to the output grid."""
    clipped = shapely.intersection(shapely.make_valid(geometry), region)
    simplified = shapely.simplify(clipped, SIMPLIFY_TOLERANCE_DEG, preserve_topology=True)
    return shapely.make_valid(shapely.set_precision(simplified, GRID_DEG))


def build_land(topojson_path: Path, region) -> list[dict]:
    """Return the land features (one MultiPolygon) clipped to ``region``."""
    land = gpd.read_file(topojson_path, layer="land")
    merged = shapely.union_all(shapely.make_valid(land.geometry.values))
    geometry = clean(merged, region)
    polygons = [g for g in shapely.get_parts(geometry) if g.geom_type == "Polygon"]
    return [
        {
            "type": "Feature",
            "properties": {"name": "land", "source": SOURCE},
            "geometry": mapping(shapely.MultiPolygon(polygons)),
        }
    ]


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """Decode quantized, delta-encoded TopoJSON arcs to lon/lat arrays."""
    scale = np.asarray(topology["transform"]["scale"], dtype=float)
    translate = np.asarray(topology["transform"]["translate"], dtype=float)
    return [np.cumsum(np.asarray(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]


def arc_owners(geometries: list[dict]) -> dict[int, set[str]]:
    """Map each arc index to the names of the country geometries that use it."""
    owners: dict[int, set[str]] = defaultdict(set)

    def walk(node, name):
        if isinstance(node, list):
            for child in node:
                walk(child, name)
        else:
            owners[node if node >= 0 else ~node].add(name)

    for geom in geometries:
        name = (geom.get("properties") or {}).get("name") or str(geom.get("id"))
        walk(geom.get("arcs", []), name)
    return owners


def build_borders(topojson_path: Path, region) -> list[dict]:
    """Return land-border features: arcs shared by two different countries."""
    topology = json.loads(topojson_path.read_text())
    arcs = decode_arcs(topology)
    owners = arc_owners(topology["objects"]["countries"]["geometries"])
    by_pair: dict[tuple[str, ...], list[LineString]] = defaultdict(list)
    for index, names in owners.items():
        if len(names) == 2 and len(arcs[index]) >= 2:
            by_pair[tuple(sorted(names))].append(LineString(arcs[index]))
    features = []
    for pair, lines in sorted(by_pair.items()):
        geometry = clean(shapely.line_merge(MultiLineString(lines)), region)
        parts = [g for g in shapely.get_parts(geometry) if g.geom_type == "LineString" and not g.is_empty]
        if not parts:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"countries": " / ".join(pair), "source": SOURCE},
                "geometry": mapping(MultiLineString(parts)),
            }
        )
    return features


def write_geojson(features: list[dict], path: Path) -> None:
    """Write a FeatureCollection with one feature per line and 4-decimal coordinates."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def rounded(obj):
        if isinstance(obj, float):
            return round(obj, 4)
        if isinstance(obj, (list, tuple)):
            return [rounded(v) for v in obj]
        if isinstance(obj, dict):
            return {k: rounded(v) for k, v in obj.items()}
        return obj

    lines = [json.dumps(rounded(f), separators=(",", ":"), ensure_ascii=False) for f in features]
    body = ",\n".join(lines)
    path.write_text('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", encoding="utf-8")


# --------------------------------------------------------------------------- sea areas

IHO_1953 = "IHO S-23 Limits of Oceans and Seas, 3rd edition 1953 (https://pdfslide.us/documents/limits-of-oceans-and-seas.html)"
IHO_QUOTED = (
    "IHO S-23 (1953) limits as quoted in "
    "https://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq.ipfs.dweb.link/wiki/Gulf_of_Aden.html "
    "(Gulf of Aden) and https://wikimili.com/en/Red_Sea (Red Sea, Gulf of Suez)"
)
PROJECT_SPLIT = "project-defined split (docs/geography.md)"

# IHO limit points (lon, lat); the ones marked "coast" are snapped to the basemap coastline.
RAS_MUHAMMAD = (34.25, 27.7167)  # 27°43'N, coast
SHADWAN_SOUTH = (34.0333, 27.45)  # south point of Shadwan Island, 34°02'E; parallel 27°27'N
REQUIN_ISLAND = (34.6, 27.95)  # 27°57'N 34°36'E
RAS_AL_FASMA = (34.615, 28.035)  # Saudi headland at the Strait of Tiran, coast
TIRAN_SOUTHWEST = (34.49, 27.9)  # SW point of Tiran, then west on 27°54'N
RAS_ASIR_MERIDIAN = 51.2667  # Cape Guardafui (Ras Asir), 51°16'E
RAS_HAFUN = (51.4175, 10.4478)  # eastern extreme of Ras Hafun (10°26'N), coast
ADDU_ATOLL_SOUTH = (73.1667, -0.7)  # south extremity of Addu Atoll, Maldives (approximate)
RAS_AL_HADD = (59.8, 22.5333)  # 22°32'N 59°48'E, coast
RAS_JIWANI = (61.7167, 25.0167)  # 25°01'N 61°43'E (Pakistan, outside the box)
RAS_LIMAH = (56.4167, 25.95)  # 25°57'N 56°25'E, coast
RAS_AL_KUH = (57.3167, 25.8)  # 25°48'N 57°19'E, coast
# Project splits
MED_SOUTH = 30.5  # parallel across the Isthmus of Suez separating the Mediterranean
RED_SEA_NORTH_CENTRAL = 22.0
RED_SEA_CENTRAL_SOUTH = 17.5
BAB_NORTH, BAB_SOUTH, BAB_EAST = 13.3333, 12.3333, 43.6667  # 13°20'N, 12°20'N, 43°40'E
HORMUZ_WEST, HORMUZ_EAST, HORMUZ_SOUTH = 56.1667, 57.4167, 25.75  # 56°10'E, 57°25'E, 25°45'N

AREA_LIMITS = {
    "Mediterranean Sea": (
        "Sea north of 30°30'N and west of 37°E inside the region box (south-eastern Levantine "
        "basin). The Isthmus of Suez separates it from the Gulf of Suez; the Suez Canal is land "
        "in the 1:10m basemap.",
        PROJECT_SPLIT,
    ),
    "Gulf of Suez": (
        "IHO: southern limit a line from Ras Muhammad (27°43'N) to the south point of Shadwan "
        "Island (34°02'E), thence westward on the parallel 27°27'N to the coast of Africa.",
        IHO_QUOTED,
    ),
    "Gulf of Aqaba": (
        "IHO: southern limit a line from Ras al Fasma south-westward to Requin Island "
        "(27°57'N 34°36'E), through Tiran Island to its south-west point, thence westward on "
        "the parallel 27°54'N to the coast of Sinai.",
        IHO_1953,
    ),
    "Northern Red Sea": (
        "IHO Red Sea north of 22°00'N, south of the IHO limits of the Gulfs of Suez and Aqaba.",
        PROJECT_SPLIT,
    ),
    "Central Red Sea": ("IHO Red Sea between 17°30'N and 22°00'N.", PROJECT_SPLIT),
    "Southern Red Sea": (
        "IHO Red Sea from 17°30'N south to 13°20'N (the northern edge of the Bab el-Mandeb zone).",
        PROJECT_SPLIT,
    ),
    "Bab el-Mandeb": (
        "Sea between 12°20'N and 13°20'N west of 43°40'E. It contains the IHO Red Sea / Gulf of "
        "Aden boundary, the line Husn Murad (12°40'N 43°30'E) - Ras Siyyan (12°29'N 43°20'E), "
        "so the zone straddles both IHO seas.",
        PROJECT_SPLIT + "; " + IHO_QUOTED,
    ),
    "Gulf of Aden": (
        "IHO Gulf of Aden less the Bab el-Mandeb zone: west of the meridian of Cape Guardafui "
        "(Ras Asir, 51°16'E); east of 43°40'E or south of 12°20'N (Gulf of Tadjoura included).",
        IHO_QUOTED,
    ),
    "Arabian Sea": (
        "IHO Arabian Sea inside the region box: east of the meridian 51°16'E (Ras Asir) and of "
        "the Somali coast down to Ras Hafun; north of the rhumb line from Ras Hafun (10°26'N) to "
        "the south extremity of Addu Atoll (Maldives), which meets 60°E near 6°N; south of the "
        "line Ras al Hadd (22°32'N 59°48'E) - Ras Jiwani (25°01'N 61°43'E).",
        IHO_1953,
    ),
    "Somali Basin": (
        "IHO Indian Ocean inside the region box, named after the basin: sea south of the Arabian "
        "Sea's southern limit (Ras Hafun - Addu Atoll), off the Somali coast, north of 5°N and "
        "west of 60°E.",
        PROJECT_SPLIT + "; " + IHO_1953,
    ),
    "Persian Gulf": (
        "IHO: south-eastern limit the line Ras Limah (25°57'N 56°25'E) - Ras al Kuh (25°48'N 57°19'E), "
        "less the Strait of Hormuz zone (east of 56°10'E).",
        IHO_1953,
    ),
    "Strait of Hormuz": (
        "Sea between 56°10'E and 57°25'E north of 25°45'N: the strait from Qeshm and the Musandam "
        "peninsula to its eastern mouth. It contains the IHO Persian Gulf / Gulf of Oman limit, the "
        "line Ras Limah (25°57'N 56°25'E) - Ras al Kuh (25°48'N 57°19'E), so the zone straddles both "
        "IHO seas.",
        PROJECT_SPLIT + "; " + IHO_1953,
    ),
    "Gulf of Oman": (
        "IHO: between the Persian Gulf limit (Ras Limah - Ras al Kuh) and the line Ras al Hadd "
        "(22°32'N 59°48'E) - Ras Jiwani (25°01'N 61°43'E), less the Strait of Hormuz zone; only "
        "the part west of 60°E.",
        IHO_1953,
    ),
}


def rhumb_lat_at_lon(lon: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    """Latitude at which the rhumb line (straight on Mercator) from ``a`` to ``b`` crosses ``lon``."""

    def merc(lat):
        return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))

    t = (lon - a[0]) / (b[0] - a[0])
    y = merc(a[1]) + t * (merc(b[1]) - merc(a[1]))
    return float(np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2))


def area_cells(coast) -> dict[str, Polygon]:
    """Polygons (land included) whose sea parts are the areas, before carving.

    Each cell follows its documented limit through the sea; its other vertices are
    chosen inside land, so they do not matter once land is removed. Cells are carved
    in dictionary order (an earlier cell wins an overlap) and the Somali Basin takes
    what is left of the box, so the areas tile the sea without gaps or overlaps.
    """

    def snap(point):
        nearest = nearest_points(coast, Point(point))[0]
        return (round(nearest.x, 4), round(nearest.y, 4))

    ras_muhammad, fasma = snap(RAS_MUHAMMAD), snap(RAS_AL_FASMA)
    hadd, limah, kuh = snap(RAS_AL_HADD), snap(RAS_LIMAH), snap(RAS_AL_KUH)
    x0, _, x1, y1 = REGION_BOUNDS
    oman_at_edge = round(rhumb_lat_at_lon(x1, RAS_AL_HADD, RAS_JIWANI), 4)
    addu_at_edge = round(rhumb_lat_at_lon(x1, RAS_HAFUN, ADDU_ATOLL_SOUTH), 4)
    asir = RAS_ASIR_MERIDIAN
    return {
        "Mediterranean Sea": box(x0, MED_SOUTH, 37.0, y1),
        "Gulf of Suez": Polygon(
            [(x0, SHADWAN_SOUTH[1]), SHADWAN_SOUTH, ras_muhammad, (33.95, 28.4), (33.95, MED_SOUTH), (x0, MED_SOUTH)]
        ),
        "Gulf of Aqaba": Polygon(
            [
                (34.2, 27.9),
                TIRAN_SOUTHWEST,
                REQUIN_ISLAND,
                fasma,
                (34.65, 28.15),
                (34.9, 28.3),
                (35.5, 28.6),
                (35.5, MED_SOUTH),
                (34.2, MED_SOUTH),
            ]
        ),
        # The strait's zone is carved before both gulfs, so it takes their waters inside it.
        "Strait of Hormuz": box(HORMUZ_WEST, HORMUZ_SOUTH, HORMUZ_EAST, y1),
        "Persian Gulf": Polygon(
            [limah, (56.2, 25.9), (56.2, 25.3), (55.8, 23.5), (45.0, 23.5), (45.0, y1), (57.8, y1), (57.8, 26.5), kuh]
        ),
        "Gulf of Oman": Polygon([(59.0, 22.0), hadd, (x1, oman_at_edge), (x1, y1), (55.0, y1), (55.0, 22.0)]),
        "Northern Red Sea": box(x0, RED_SEA_NORTH_CENTRAL, 40.5, MED_SOUTH),
        "Central Red Sea": box(x0, RED_SEA_CENTRAL_SOUTH, 43.0, RED_SEA_NORTH_CENTRAL),
        "Southern Red Sea": box(x0, BAB_NORTH, 44.0, RED_SEA_CENTRAL_SOUTH),
        "Bab el-Mandeb": box(x0, BAB_SOUTH, BAB_EAST, BAB_NORTH),
        "Gulf of Aden": Polygon([(41.0, 10.0), (50.5, 10.0), (50.9, 11.5), (asir, 11.82), (asir, 17.5), (41.0, 17.5)]),
        "Arabian Sea": Polygon(
            [
                (asir, 11.82),
                (asir, 17.5),
                (59.0, 22.0),
                hadd,
                (x1, oman_at_edge),
                (x1, addu_at_edge),
                RAS_HAFUN,
                (50.9, 10.45),
                (50.9, 11.5),
            ]
        ),
    }


def absorb_fragments(areas: dict[str, object], max_area: float = 0.01) -> dict[str, object]:
    """Give small detached pieces of an area to the neighbour they touch most.

    Where an inland edge of a cell grazes a narrow inlet, the inlet's water ends up as a
    sliver cut off from its area's main body; it belongs to the area on the other side.
    """
    result = dict(areas)
    for name in list(result):
        parts = sorted(shapely.get_parts(result[name]), key=lambda g: g.area, reverse=True)
        keep = [parts[0]] if parts else []
        for part in parts[1:]:
            touching = {
                other: part.boundary.intersection(shapely.buffer(geom, 1e-6)).length
                for other, geom in result.items()
                if other != name
            }
            best = max(touching, key=touching.__getitem__)
            if part.area < max_area and touching[best] > 0:
                result[best] = shapely.union(result[best], part)
            else:
                keep.append(part)
        result[name] = shapely.union_all(keep)
    return result


def build_areas(land) -> list[dict]:
    """Return the sea-area features: cells carved in order, land removed."""
    region = box(*REGION_BOUNDS)
    sea = shapely.difference(region, land)
    remaining = region
    geometries: dict[str, object] = {}
    for name, cell in area_cells(land.boundary).items():
        piece = shapely.intersection(cell, remaining)
        remaining = shapely.difference(remaining, piece)
        geometries[name] = piece
    geometries["Somali Basin"] = remaining
    sea_parts = absorb_fragments({name: shapely.intersection(geom, sea) for name, geom in geometries.items()})
    features = []
    for name in AREA_LIMITS:
        geometry = shapely.make_valid(shapely.set_precision(sea_parts[name], GRID_DEG))
        polygons = [g for g in shapely.get_parts(geometry) if g.geom_type == "Polygon"]
        limits, source = AREA_LIMITS[name]
        features.append(
            {
                "type": "Feature",
                "properties": {"name": name, "limits": limits, "source": source},
                "geometry": mapping(shapely.MultiPolygon(polygons)),
            }
        )
    return features


# --------------------------------------------------------------------------- Houthi-held coast

HOUTHI_NORTH_LAT = 16.2  # just south of Midi town (16.3N), held by government forces since 2016
HOUTHI_SOUTH_LAT = 14.0  # front line in At Tuhayta district, north of Al Khawkhah (13.8N)
HOUTHI_AS_OF = "2024-12-31"
HOUTHI_SOURCE_URL = "https://english.alarabiya.net/News/gulf/2021/11/15/UN-calls-for-new-talks-on-Yemen-s-Hodeidah-port-as-frontlines-shift"
HOUTHI_SOURCES = (
    HOUTHI_SOURCE_URL,
    "https://gcclub.org/2021/11/16/yemen-un-calls-for-talks-on-houthi-takeover-of-hodeidah-port",
    "https://south24.net/news/newse.php?nid=3639/Houthis+deploy+reinforcements+to+Hodeidah",
    "https://www.middleeasteye.net/news/pro-government-troops-recapture-strategic-yemeni-port-town",
    "https://www.thenationalnews.com/world/mena/yemeni-army-recaptures-city-of-midi-from-houthi-rebels-1.720795",
    "https://en.wikipedia.org/wiki/Houthi-controlled_Yemen",
)
KAMARAN_ISLAND = (42.59, 15.35)


def build_houthi_coast(land) -> list[dict]:
    """Return the Houthi-held Red Sea coastline (mainland and Kamaran Island) as one feature."""
    window = box(42.3, HOUTHI_SOUTH_LAT, 43.6, HOUTHI_NORTH_LAT)
    polygons = list(shapely.get_parts(land))
    mainland = max(polygons, key=lambda g: g.area)
    pieces = shapely.get_parts(shapely.line_merge(shapely.intersection(mainland.exterior, window)))
    coast = max(pieces, key=lambda g: g.length)
    kamaran = next(g for g in polygons if g.contains(Point(KAMARAN_ISLAND)))
    geometry = MultiLineString([coast, LineString(kamaran.exterior.coords)])
    description = (
        "Approximate Yemeni Red Sea coastline held by the Houthis (Ansar Allah), traced on the "
        f"1:10m basemap from {HOUTHI_SOUTH_LAT:.1f}N to {HOUTHI_NORTH_LAT:.1f}N, plus Kamaran Island. "
        "South end: after the Joint Forces withdrew from Hodeidah city, Ad Durayhimi, Bayt al "
        "Faqih and parts of At Tuhayta (Nov 2021) the front ran through At Tuhayta district; "
        "Al Khawkhah (13.8N) and Mocha stayed with the government side (UNMHA, Al Arabiya, "
        "South24 Nov 2023). North end: Midi town and port (16.3N) were taken by government "
        "forces in 2016 and again reported held in 2018, so the line stops just south of Midi. "
        "Both ends are uncertain by some 10-20 km; front lines have been nearly static since "
        "the April 2022 truce. Sources: " + " ; ".join(HOUTHI_SOURCES)
    )
    return [
        {
            "type": "Feature",
            "properties": {
                "name": "Houthi-held Red Sea coast",
                "as_of": HOUTHI_AS_OF,
                "source_url": HOUTHI_SOURCE_URL,
                "description": description,
                "south_limit_lat": HOUTHI_SOUTH_LAT,
                "north_limit_lat": HOUTHI_NORTH_LAT,
            },
            "geometry": mapping(geometry),
        }
    ]


# --------------------------------------------------------------------------- shipping lanes

PORT_SAID = (32.30, 31.27)
COLOMBO = (79.85, 6.93)
IRTC_SOURCE_URL = "https://www.ukpandi.com/knowledge-publications/article/621-1-09-new-transit-lane-gulf-of-aden-879/"
# UKMTO transit corridor, 2009: lanes 5 nm wide separated by a 2 nm buffer, 45°E to 53°E.
IRTC_LANES = {
    "IRTC eastbound lane": (
        (45.0, 11 + 50.5 / 60),
        (53.0, 14 + 20.5 / 60),
        "11°48'-11°53'N at 45°E to 14°18'-14°23'N at 53°E, course 072°T",
    ),
    "IRTC westbound lane": (
        (53.0, 14 + 27.5 / 60),
        (45.0, 11 + 57.5 / 60),
        "14°25'-14°30'N at 53°E to 11°55'-12°00'N at 45°E, course 252°T",
    ),
}


def rhumb_line(a: tuple[float, float], b: tuple[float, float], n: int = 33) -> LineString:
    """A rhumb line (constant course) from ``a`` to ``b`` sampled with ``n`` vertices."""
    lons = np.linspace(a[0], b[0], n)
    return LineString([(lon, rhumb_lat_at_lon(lon, a, b)) for lon in lons])


def sea_route_line(origin, destination, restrictions=("northwest",)) -> shapely.LineString:
    """The ``searoute`` path between two (lon, lat) points as a shapely LineString."""
    import searoute  # deferred: builds its graph on first use

    feature = searoute.searoute(list(origin), list(destination), units="naut", restrictions=list(restrictions))
    return shapely.LineString(feature.geometry["coordinates"])


def build_shipping_lanes() -> list[dict]:
    """Return the searoute main route (clipped to the region) and the two IRTC lanes."""
    route = shapely.intersection(sea_route_line(PORT_SAID, COLOMBO), box(*REGION_BOUNDS))
    features = [
        {
            "type": "Feature",
            "properties": {
                "name": "Suez - Red Sea - Bab el-Mandeb - Gulf of Aden main route",
                "kind": "main_route",
                "provenance": (
                    "searoute 1.6 shortest sea path Port Said (32.30E 31.27N) - Colombo (79.85E "
                    "6.93N), clipped to the region box; indicative and coarse (searoute's network). "
                    "The Suez Canal stretch crosses basemap land: the 1:10m land does not cut the canal."
                ),
            },
            "geometry": mapping(route),
        }
    ]
    for name, (start, end, text) in IRTC_LANES.items():
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": name,
                    "kind": "irtc",
                    "provenance": (
                        f"Internationally Recommended Transit Corridor (UKMTO transit corridor, "
                        f"Feb 2009): lane centreline of {text}; each lane 5 nm wide, 2 nm "
                        f"separation. Coordinates from {IRTC_SOURCE_URL}"
                    ),
                },
                "geometry": mapping(rhumb_line(start, end)),
            }
        )
    return features


def main(argv: list[str] | None = None) -> None:
    """Build the basemap (unless ``--derived-only``) and the derived geography files."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="world-atlas-2.0.2.tgz; fetched with npm if omitted")
    parser.add_argument("--derived-only", action="store_true", help="keep the basemap, rebuild the rest")
    args = parser.parse_args(argv)
    if not args.derived_only:
        region = box(*REGION_BOUNDS)
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            tarball = args.tarball.resolve() if args.tarball else fetch_tarball(workdir)
            land = build_land(extract_member(tarball, "land-10m.json", workdir), region)
            borders = build_borders(extract_member(tarball, "countries-10m.json", workdir), region)
        write_geojson(land, LAND_FILE)
        write_geojson(borders, BORDERS_FILE)
        STATIC_BASEMAP_DIR.mkdir(parents=True, exist_ok=True)
        for path in (LAND_FILE, BORDERS_FILE):
            shutil.copyfile(path, STATIC_BASEMAP_DIR / path.name)
    land_geometry = shapely.union_all(gpd.read_file(LAND_FILE).geometry.values)
    write_geojson(build_areas(land_geometry), AREAS_FILE)
    write_geojson(build_houthi_coast(land_geometry), HOUTHI_COAST_FILE)
    write_geojson(build_shipping_lanes(), SHIPPING_LANES_FILE)
    for path in (LAND_FILE, BORDERS_FILE, AREAS_FILE, HOUTHI_COAST_FILE, SHIPPING_LANES_FILE):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
