"""Rebuild the offline basemap (land, borders) from the npm package world-atlas 2.0.2.

Usage, from the project root::

    python -m scripts.build_basemap                      # fetches the tarball with `npm pack`
    python -m scripts.build_basemap --tarball world-atlas-2.0.2.tgz

world-atlas 2.0.2 packages Natural Earth 1:10m "land" and "countries" (public domain)
as TopoJSON. Land is read with GDAL (pyogrio); land borders are the TopoJSON arcs
shared by two different countries (the classic ``topojson.mesh(a !== b)``), decoded
here because GDAL only exposes polygons. Both layers are clipped to the region box,
simplified (Douglas-Peucker, topology preserving, so no island disappears) and
snapped to a 1e-4 degree grid, then written as one-feature-per-line GeoJSON.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, box, mapping

from dashboard.core.geography import GEOGRAPHY_BOUNDS
from dashboard.core.paths import BORDERS_FILE, LAND_FILE

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


def main(argv: list[str] | None = None) -> None:
    """Build land.geojson and borders.geojson from a world-atlas tarball."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="world-atlas-2.0.2.tgz; fetched with npm if omitted")
    args = parser.parse_args(argv)
    region = box(*GEOGRAPHY_BOUNDS)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        tarball = args.tarball.resolve() if args.tarball else fetch_tarball(workdir)
        land = build_land(extract_member(tarball, "land-10m.json", workdir), region)
        borders = build_borders(extract_member(tarball, "countries-10m.json", workdir), region)
    write_geojson(land, LAND_FILE)
    write_geojson(borders, BORDERS_FILE)
    for path in (LAND_FILE, BORDERS_FILE):
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
