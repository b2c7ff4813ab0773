"""Synthetic incident records at scale, resampled from the real record (`python -m benchmarks.generate`)."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from dashboard.core import areas, paths, region, schema
from dashboard.core.reading import read_incident_table
from dashboard.core.validation import today_utc

BENCH_DIR = Path(__file__).resolve().parent
DATA_DIR = BENCH_DIR / "data"  # git-ignored
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
FORMATS = ("geojson", "parquet")
SUFFIXES = {"geojson": ".geojson", "parquet": ".parquet"}
# Resampled points move by a normal offset of this many km (per axis), dates by up to this many days.
JITTER_KM = 3.0
DATE_JITTER_DAYS = 3
# A jittered point that falls on land or outside the region is drawn again this many times,
# then falls back to its (valid) source point.
MAX_REDRAWS = 25
KM_PER_DEGREE_LAT = 111.32
# Synthetic ids keep the schema's shape PREFIX-YYYY-NNNN (the incident's real year) with their own prefix,
# so they can never be mistaken for curated `RS-` records; the number grows to 7 digits in big sets.
SYNTHETIC_ID_PREFIX = "SY"
MAX_PER_YEAR = 9_999_999
_GEOJSON_CHUNK = 50_000


def read_real_record(path: str | Path | None = None) -> pd.DataFrame:
    """Read the real record (GeoJSON or GeoParquet) as a raw table with lon/lat.

    Raises
    ------
    ValueError
        If the file has structural problems (the generator resamples only a clean record).
    """
    table, problems = read_incident_table(path if path is not None else paths.INCIDENTS_FILE)
    if problems:
        raise ValueError(f"the real record has {len(problems)} structural problem(s), first: {problems[0]}")
    if table.empty:
        raise ValueError("the real record is empty: nothing to resample")
    return table.drop(columns=["_label"], errors="ignore").reset_index(drop=True)


def land_geometry() -> shapely.Geometry:
    """The bundled land polygons as one prepared geometry (for vectorised point-in-land tests)."""
    land = shapely.union_all(areas.load_land().geometry.to_numpy())
    shapely.prepare(land)
    return land


def at_sea(lon: np.ndarray, lat: np.ndarray, land: shapely.Geometry) -> np.ndarray:
    """Whether each point is inside the region and not inside a land polygon (vectorised)."""
    west, south, east, north = region.REGION_BOUNDS
    inside_region = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
    return inside_region & ~shapely.contains_xy(land, lon, lat)


def jitter_positions(
    lon: np.ndarray, lat: np.ndarray, land: shapely.Geometry, rng: np.random.Generator, *, jitter_km: float = JITTER_KM
) -> tuple[np.ndarray, np.ndarray]:
    """Move each point by a random offset of a few km, redrawing offsets that land ashore.

    Only the rejected points are redrawn in each round, so the cost stays about one vectorised
    land test for the whole set. After MAX_REDRAWS rounds a point keeps its source position.
    """
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    new_lon, new_lat = lon.copy(), lat.copy()
    pending = np.arange(len(lon))
    for _ in range(MAX_REDRAWS):
        if pending.size == 0:
            break
        north_km = rng.normal(0.0, jitter_km, pending.size)
        east_km = rng.normal(0.0, jitter_km, pending.size)
        cand_lat = lat[pending] + north_km / KM_PER_DEGREE_LAT
        cand_lon = lon[pending] + east_km / (KM_PER_DEGREE_LAT * np.cos(np.radians(lat[pending])))
        good = at_sea(cand_lon, cand_lat, land)
        new_lon[pending[good]], new_lat[pending[good]] = cand_lon[good], cand_lat[good]
        pending = pending[~good]
    return new_lon, new_lat


def _shift_dates(dates: pd.Series, days: np.ndarray, first: pd.Timestamp, last: pd.Timestamp) -> pd.Series:
    shifted = pd.to_datetime(dates, format="%Y-%m-%d") + pd.to_timedelta(days, unit="D")
    return shifted.clip(lower=first, upper=last)


def make_ids(dates: pd.Series, prefix: str = SYNTHETIC_ID_PREFIX) -> pd.Series:
    """Unique ids `SY-YYYY-NNNN` in date order, numbered within each year (4 to 7 digits)."""
    years = pd.to_datetime(dates).dt.year
    if len(dates) == 0:
        return pd.Series([], index=dates.index, dtype=object)
    numbers = years.groupby(years).cumcount() + 1
    if numbers.max() > MAX_PER_YEAR:
        raise ValueError(f"at most {MAX_PER_YEAR:,} incidents a year can be numbered, got {numbers.max():,}")
    width = max(4, len(str(numbers.max())))
    return pd.Series(
        [f"{prefix}-{y:04d}-{n:0{width}d}" for y, n in zip(years, numbers, strict=True)],
        index=dates.index,
        dtype=object,
    )


def ids_accepted_by_schema(ids: pd.Series) -> bool:
    """Whether the schema's current id pattern accepts every id."""
    pattern = re.compile(schema.ID_PATTERN)
    return bool(ids.map(lambda v: pattern.match(v) is not None).all())


def synthesize(
    real: pd.DataFrame, count: int, *, seed: int = 0, land: shapely.Geometry | None = None, today: date | None = None
) -> pd.DataFrame:
    """Draw `count` synthetic incidents from the real record.

    Whole records are drawn with replacement (so category, outcome, weapons, actor, vessel and text
    stay mutually consistent), then the date moves by up to DATE_JITTER_DAYS days (kept within the real
    span and not after today; a release date moves with it) and the point by a few km, staying at sea.

    Parameters
    ----------
    real : DataFrame
        The real record as from :func:`read_real_record`.
    count : int
        Number of incidents to make.
    seed : int
        Seed of the random generator; the same seed gives the same set.
    land : shapely geometry, optional
        Land to keep points off; defaults to the bundled basemap.
    today : date, optional
        Latest allowed date; defaults to today in UTC.

    Returns
    -------
    DataFrame
        Raw incident table (schema fields, lon, lat), sorted by date, with unique ids.
    """
    if count < 0:
        raise ValueError(f"count must be >= 0, got {count}")
    rng = np.random.default_rng(seed)
    land = land_geometry() if land is None else land
    picks = rng.integers(0, len(real), count)
    table = real.iloc[picks].reset_index(drop=True)
    real_dates = pd.to_datetime(real["date"], format="%Y-%m-%d")
    first = real_dates.min()
    last = min(real_dates.max(), pd.Timestamp(today or today_utc()))
    days = rng.integers(-DATE_JITTER_DAYS, DATE_JITTER_DAYS + 1, count)
    new_dates = _shift_dates(table["date"], days, first, last)
    released = table["released_date"]
    has_release = released.notna().to_numpy()
    if has_release.any():
        moved = _shift_dates(released[has_release], days[has_release], first, pd.Timestamp(today or today_utc()))
        moved = np.maximum(moved.to_numpy(), new_dates[has_release].to_numpy())
        released = released.astype(object)
        released[has_release] = pd.DatetimeIndex(moved).strftime("%Y-%m-%d")
        table["released_date"] = released
    table["date"] = new_dates.dt.strftime("%Y-%m-%d")
    table["lon"], table["lat"] = jitter_positions(table["lon"].to_numpy(), table["lat"].to_numpy(), land, rng)
    table = table.sort_values("date", kind="stable").reset_index(drop=True)
    table["id"] = make_ids(table["date"])
    return table


def _json_column(values: pd.Series, kind: str) -> list:
    """One column as JSON-ready Python values (None for missing, ints for counts)."""
    if kind == "int":
        return [None if v is pd.NA else int(v) for v in pd.array(values.tolist(), dtype="Int64")]
    if kind == "float":
        return [None if v is pd.NA else float(v) for v in pd.array(values.tolist(), dtype="Float64")]
    return [None if (v is None or (isinstance(v, float) and np.isnan(v))) else v for v in values.tolist()]


def write_geojson(table: pd.DataFrame, path: Path) -> Path:
    """Write a raw incident table as compact GeoJSON, streaming in chunks (memory stays bounded)."""
    columns = {field.name: _json_column(table[field.name], field.kind) for field in schema.FIELDS}
    lon = np.round(table["lon"].to_numpy(float), 5).tolist()
    lat = np.round(table["lat"].to_numpy(float), 5).tolist()
    names = list(columns)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    with partial.open("w", encoding="utf-8") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        for start in range(0, len(table), _GEOJSON_CHUNK):
            stop = min(start + _GEOJSON_CHUNK, len(table))
            features = [
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon[i], lat[i]]},
                    "properties": {name: columns[name][i] for name in names},
                }
                for i in range(start, stop)
            ]
            text = ",\n".join(json.dumps(feature, ensure_ascii=False, separators=(",", ":")) for feature in features)
            out.write(("" if start == 0 else ",\n") + text)
        out.write("\n]}\n")
    partial.replace(path)
    return path


def write_geoparquet(table: pd.DataFrame, path: Path) -> Path:
    """Write a raw incident table as GeoParquet (EPSG:4326; dates as ISO text, counts as nullable ints)."""
    frame = pd.DataFrame(index=table.index)
    for field in schema.FIELDS:
        values = _json_column(table[field.name], field.kind)
        if field.kind == "int":
            frame[field.name] = pd.array(values, dtype="Int64")
        elif field.kind == "float":
            frame[field.name] = pd.array(values, dtype="Float64")
        else:
            frame[field.name] = pd.Series(values, index=table.index, dtype=object)
    geometry = gpd.points_from_xy(table["lon"].round(5), table["lat"].round(5))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326").to_parquet(partial, index=False)
    partial.replace(path)
    return path


def dataset_path(size: int, file_format: str, directory: Path = DATA_DIR) -> Path:
    """Where the synthetic set of `size` incidents is written in `file_format`."""
    return directory / f"incidents_{size}{SUFFIXES[file_format]}"


def _provenance(source: Path, seed: int) -> dict:
    """What a synthetic set was made from; a set whose provenance differs is made again."""
    stat = source.stat()
    return {
        "source": str(source.resolve()),
        "source_bytes": stat.st_size,
        "source_mtime": stat.st_mtime,
        "seed": seed,
        "jitter_km": JITTER_KM,
        "date_jitter_days": DATE_JITTER_DAYS,
    }


def ensure_datasets(
    sizes,
    *,
    formats=FORMATS,
    directory: Path = DATA_DIR,
    source: Path | None = None,
    seed: int = 0,
    force: bool = False,
    log=print,
) -> dict[tuple[int, str], Path]:
    """Generate the missing or outdated synthetic sets (all of them with `force`) and return their paths.

    `manifest.json` in `directory` records the source record and settings each file was made from,
    so a changed real record or seed makes the sets again.
    """
    source = Path(source) if source is not None else paths.INCIDENTS_FILE
    manifest_path = directory / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    wanted = {(size, fmt): dataset_path(size, fmt, directory) for size in sizes for fmt in formats}
    stale = []
    for key, path in wanted.items():
        provenance = _provenance(source, seed + key[0])
        if force or not path.exists() or manifest.get(path.name) != provenance:
            stale.append(key)
    if not stale:
        return wanted
    real = read_real_record(source)
    land = land_geometry()
    for size in sorted({size for size, _ in stale}):
        started = time.perf_counter()
        table = synthesize(real, size, seed=seed + size, land=land)
        made = time.perf_counter() - started
        for fmt in (fmt for s, fmt in stale if s == size):
            begun = time.perf_counter()
            path = (write_geojson if fmt == "geojson" else write_geoparquet)(table, wanted[(size, fmt)])
            manifest[path.name] = _provenance(source, seed + size)
            manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
            log(
                f"{size:>9,} incidents: drawn in {made:.1f} s, {fmt} written in "
                f"{time.perf_counter() - begun:.1f} s -> {path}"
            )
        if not ids_accepted_by_schema(table["id"].head(1)):
            log(f"note: ids like {table['id'].iloc[0]} do not match the schema's id pattern {schema.ID_PATTERN}")
    return wanted


def main(argv: list[str] | None = None) -> int:
    """Command line: generate synthetic sets of the given sizes into benchmarks/data/."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    parser.add_argument("--source", type=Path, default=None, help="real record to resample (default: bundled)")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder (default: benchmarks/data)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="write the sets even when they are up to date")
    args = parser.parse_args(argv)
    if any(size < 1 for size in args.sizes):
        parser.error("sizes must be >= 1")
    ensure_datasets(
        args.sizes, formats=args.formats, directory=args.out, source=args.source, seed=args.seed, force=args.force
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
