"""The record commands: validate, check, export, positions and schema."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard.core.atomic import write_bytes_atomically
from dashboard.core.incidents import (
    IncidentDataError,
    read_incident_table,
    resolve_incidents_path,
    validate_incident_table,
    write_incidents_geojson,
)


def _print_problems(error: IncidentDataError) -> int:
    print(f"INVALID: {len(error.problems)} problem(s)", file=sys.stderr)
    for problem in error.problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def run_validate(args: argparse.Namespace) -> int:
    """Validate a record and print a summary, or list every problem."""
    from dashboard.core.analysis import summarise_record
    from dashboard.core.prepare import load_prepared_incidents

    path = resolve_incidents_path(args.path)
    try:
        incidents = load_prepared_incidents(path)
    except IncidentDataError as error:
        return _print_problems(error)
    print(f"OK: {path}")
    print(summarise_record(incidents))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the (optionally filtered) record as CSV, GeoJSON or GeoParquet."""
    from dashboard.core.export import export_incidents
    from dashboard.core.filters import IncidentFilter, apply_filter
    from dashboard.core.prepare import load_prepared_incidents

    try:
        incidents = load_prepared_incidents(resolve_incidents_path(args.input))
    except IncidentDataError as error:
        return _print_problems(error)
    chosen = IncidentFilter(start=args.date_from, end=args.date_to, categories=tuple(args.category or ()))
    subset = apply_filter(incidents, chosen)
    write_bytes_atomically(args.output, export_incidents(subset, args.format))
    print(f"wrote {len(subset)} incident(s) to {args.output}")
    return 0


def _read_valid_table(path: Path, *, validate: bool):
    """Read a record's raw table; on any problem, print them all and return the exit code instead."""
    try:
        table, problems = read_incident_table(path)
    except IncidentDataError as error:
        return _print_problems(error)
    if validate:
        problems += validate_incident_table(table, str(path))
    if problems:
        return _print_problems(IncidentDataError(problems))
    return table


def run_positions(args: argparse.Namespace) -> int:
    """Recompute `computed` positions from their text; report, and rewrite the file with --write."""
    from dashboard.core.areas import load_places
    from dashboard.core.positions import recompute_positions

    path = resolve_incidents_path(args.path)
    table = _read_valid_table(path, validate=False)
    if isinstance(table, int):
        return table
    recomputed = recompute_positions(table, load_places())
    failed = recomputed[recomputed["problem"].notna()]
    moved = recomputed[recomputed["problem"].isna() & ~(recomputed["shift_km"] <= args.tolerance_km)]
    for row in failed.itertuples():
        print(f"  - {row.id}: {row.problem}", file=sys.stderr)
    for row in moved.itertuples():
        print(f"  * {row.id}: stored point is {row.shift_km:.2f} km from the recomputed one")
    print(f"{len(recomputed)} computed position(s): {len(failed)} not computable, "
          f"{len(moved)} differ by more than {args.tolerance_km} km")
    if args.write and not moved.empty:
        updates = moved.set_index("id")
        index = table["id"].isin(updates.index)
        table.loc[index, "lon"] = table.loc[index, "id"].map(updates["lon"]).round(5)
        table.loc[index, "lat"] = table.loc[index, "id"].map(updates["lat"]).round(5)
        write_incidents_geojson(table, path)
        print(f"rewrote {len(moved)} position(s) in {path}")
    if failed.empty and (moved.empty or args.write):
        return 0
    return 1


def run_check(args: argparse.Namespace) -> int:
    """Validate without preparing (quick structural and schema check)."""
    path = resolve_incidents_path(args.path)
    table = _read_valid_table(path, validate=True)
    if isinstance(table, int):
        return table
    print(f"OK: {len(table)} record(s) in {path}")
    return 0


def run_schema(_: argparse.Namespace) -> int:
    """Print the schema as a Markdown table."""
    from dashboard.core.schema import describe_schema_markdown

    print(describe_schema_markdown())
    return 0
