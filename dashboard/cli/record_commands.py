"""The record commands: validate, check, export, positions, vessels and schema."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pandas as pd

from dashboard.core import paths
from dashboard.core.atomic import write_bytes_atomically
from dashboard.core.output_paths import OutputPathError, check_output_path
from dashboard.core.parquet_reading import PARQUET_SUFFIXES
from dashboard.core.problems import IncidentDataError
from dashboard.core.reading import read_incident_table, resolve_incidents_path
from dashboard.core.validation import validate_incident_table
from dashboard.core.writing import rewrite_features

log = logging.getLogger(__name__)


def _report_problems(error: IncidentDataError) -> int:
    log.error(f"INVALID: {len(error.problems)} problem(s)")
    for problem in error.problems:
        log.error(f"  - {problem}")
    return 1


def run_validate(args: argparse.Namespace) -> int:
    """Validate a record and show a summary, or list every problem."""
    from dashboard.core.analysis import summarise_record
    from dashboard.core.prepare import load_prepared_incidents

    path = resolve_incidents_path(args.path)
    try:
        incidents = load_prepared_incidents(path)
    except IncidentDataError as error:
        return _report_problems(error)
    log.info(f"OK: {path}")
    log.info(summarise_record(incidents))
    return 0


def run_export(args: argparse.Namespace) -> int:
    """Write the (optionally filtered) record as CSV, GeoJSON or GeoParquet."""
    from dashboard.core.export import export_incidents
    from dashboard.core.filters import IncidentFilter, apply_filter
    from dashboard.core.prepare import load_prepared_incidents

    source = resolve_incidents_path(args.input)
    try:
        check_output_path(args.output, protected=(source, paths.INCIDENTS_FILE))
    except OutputPathError as error:
        log.error(f"cannot export: {error}")
        return 1
    try:
        incidents = load_prepared_incidents(source)
    except IncidentDataError as error:
        return _report_problems(error)
    chosen = IncidentFilter(start=args.date_from, end=args.date_to, categories=tuple(args.category or ()))
    subset = apply_filter(incidents, chosen)
    try:
        write_bytes_atomically(args.output, export_incidents(subset, args.format))
    except OSError as error:
        log.error(f"cannot write {args.output}: {error.strerror or error}")
        return 1
    log.info(f"wrote {len(subset)} incident(s) to {args.output}")
    return 0


def _read_valid_table(path: Path, *, validate: bool) -> pd.DataFrame | int:
    """Read a record's raw table; on any problem, report them all and return the exit code instead."""
    try:
        table, problems = read_incident_table(path)
    except IncidentDataError as error:
        return _report_problems(error)
    if validate:
        problems += validate_incident_table(table, str(path))
    if problems:
        return _report_problems(IncidentDataError(problems))
    return table


def _rewrite(path: Path, command: str, done: str, **changes) -> bool:
    """Rewrite a GeoJSON record in place (see `writing.rewrite_features`) and log `done`.

    False, with a message instead, if it cannot.
    """
    if path.suffix.lower() in PARQUET_SUFFIXES:
        log.error(f"cannot rewrite {path}: {command} rewrites GeoJSON records only")
        return False
    try:
        rewrite_features(path, **changes)
    except OSError as error:
        log.error(f"cannot write {path}: {error.strerror or error}")
        return False
    log.info(done)
    return True


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
        log.error(f"  - {row.id}: {row.problem}")
    for row in moved.itertuples():
        log.info(f"  * {row.id}: stored point is {row.shift_km:.2f} km from the recomputed one")
    log.info(
        f"{len(recomputed)} computed position(s): {len(failed)} not computable, "
        f"{len(moved)} differ by more than {args.tolerance_km} km"
    )
    if args.write and not moved.empty:
        points = {row.id: (row.lon, row.lat) for row in moved.itertuples()}
        if not _rewrite(path, "positions --write", f"rewrote {len(moved)} position(s) in {path}", points=points):
            return 1
    return 0 if failed.empty and (moved.empty or args.write) else 1


def run_vessels(args: argparse.Namespace) -> int:
    """Compare the records' ship fields with the ship register; with --fill, copy the register's facts."""
    from dashboard.core.vessels import SHIP_FIELDS, read_vessels, ship_mismatches, vessels_file_for

    path = resolve_incidents_path(args.path)
    table = _read_valid_table(path, validate=False)
    if isinstance(table, int):
        return table
    register = args.vessels or vessels_file_for(path)
    vessels, problems = read_vessels(register)
    if problems:
        return _report_problems(IncidentDataError(problems))
    mismatches = ship_mismatches(table, vessels)
    unknown = [m for m in mismatches if m.field == "vessel_id"]
    differing = [m for m in mismatches if m.field != "vessel_id"]
    ids = table["id"].to_numpy(dtype=object)
    for mismatch in unknown:
        log.error(f"  - {ids[mismatch.row]}: vessel_id {mismatch.vessel_id!r} is not in {register}")
    for mismatch in differing:
        log.info(
            f"  * {ids[mismatch.row]}: {mismatch.field} {mismatch.stored!r} -> {mismatch.expected!r} "
            f"({mismatch.vessel_id})"
        )
    log.info(f"{len(differing)} ship field(s) differ from {Path(register).name}; {len(unknown)} unknown vessel_id(s)")
    if args.fill and differing:
        updates: dict[str, dict[str, object]] = {}
        for mismatch in differing:
            updates.setdefault(ids[mismatch.row], {})[mismatch.field] = mismatch.expected
        filled = (
            f"filled {len(differing)} ship field(s) of {len(updates)} record(s) in {path} "
            f"({', '.join(field for field, _ in SHIP_FIELDS)} from the register)"
        )
        if not _rewrite(path, "vessels --fill", filled, properties=updates):
            return 1
    return 1 if unknown or (differing and not args.fill) else 0


def run_check(args: argparse.Namespace) -> int:
    """Validate without preparing (quick structural and schema check)."""
    path = resolve_incidents_path(args.path)
    table = _read_valid_table(path, validate=True)
    if isinstance(table, int):
        return table
    log.info(f"OK: {len(table)} record(s) in {path}")
    return 0


def run_schema(_: argparse.Namespace) -> int:
    """Print the schema as a Markdown table."""
    from dashboard.core.schema import describe_schema_markdown

    log.info(describe_schema_markdown())
    return 0
