"""Build the command line's parser and run it (`python -m dashboard --help`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from dashboard.cli import record_commands
from dashboard.cli.arguments import iso_date
from dashboard.cli.console import console_logging
from dashboard.cli.import_command import add_import_parser

DESCRIPTION = "Command line: validate, export and maintain the incident record."


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser of the command line."""
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="validate a record and print a summary")
    validate.add_argument("path", nargs="?", type=Path, help="GeoJSON or GeoParquet (default: bundled)")
    validate.set_defaults(run=record_commands.run_validate)

    export = commands.add_parser("export", help="export the record as csv, xlsx, geojson or parquet")
    export.add_argument("--format", choices=("csv", "xlsx", "geojson", "parquet"), required=True)
    export.add_argument("-o", "--output", type=Path, required=True)
    export.add_argument("--input", type=Path, help="record to read (default: bundled or $INCIDENTS_FILE)")
    export.add_argument("--from", dest="date_from", type=iso_date)
    export.add_argument("--to", dest="date_to", type=iso_date)
    export.add_argument("--category", action="append", help="repeat for several categories")
    export.set_defaults(run=record_commands.run_export)

    positions = commands.add_parser("positions", help="recompute computed positions from position_text")
    positions.add_argument("path", nargs="?", type=Path)
    positions.add_argument("--write", action="store_true", help="rewrite changed positions (atomically)")
    positions.add_argument("--tolerance-km", type=float, default=0.01)
    positions.set_defaults(run=record_commands.run_positions)

    vessels = commands.add_parser("vessels", help="compare ship fields with data/vessels.csv; --fill copies them")
    vessels.add_argument("path", nargs="?", type=Path, help="GeoJSON record (default: bundled or $INCIDENTS_FILE)")
    vessels.add_argument(
        "--fill",
        action="store_true",
        help="copy name, IMO, flag and type from the register into the records (atomically)",
    )
    vessels.add_argument(
        "--vessels", type=Path, help="ship register (default: vessels.csv beside the record, else data/vessels.csv)"
    )
    vessels.set_defaults(run=record_commands.run_vessels)

    check = commands.add_parser("check", help="schema check only, without derived fields")
    check.add_argument("path", nargs="?", type=Path)
    check.set_defaults(run=record_commands.run_check)

    add_import_parser(commands)

    schema = commands.add_parser("schema", help="print the schema as Markdown")
    schema.set_defaults(run=record_commands.run_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    args = build_parser().parse_args(argv)
    with console_logging():
        return args.run(args)
