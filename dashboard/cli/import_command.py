"""The `import` command: read another publisher's incident file and write its records as GeoJSON."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TextIO

from dashboard.cli.arguments import bbox, iso_date, positive_int, positive_seconds
from dashboard.cli.console import console_logging
from dashboard.core.importing import (
    DEFAULT_MAX_ROWS,
    FORMAT_CODES,
    ImportFormatError,
    ImportLimitError,
    ReadLimits,
    format_report,
    import_file,
    parse_field_mapping,
    write_imported,
)

PROGRESS_MIN_ROWS = 5000
MB = 1_000_000
# Option -> how the limit is named in the message when a file goes beyond it.
LIMIT_OPTIONS = {
    "rows": "--max-rows",
    "columns": "--max-columns",
    "cells": "--max-cells",
    "expanded size": "--max-expanded-mb",
    "memory": "--max-memory-mb",
    "time": "--max-seconds",
}
log = logging.getLogger(__name__)


class TextProgress:
    """A one-line text progress bar, redrawn only when the percentage changes (files >= min_rows)."""

    def __init__(self, stream: TextIO, min_rows: int = PROGRESS_MIN_ROWS, width: int = 30):
        self.stream = stream
        self.min_rows = min_rows
        self.width = width
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        """Draw the bar for `done` of `total` rows."""
        if total < self.min_rows:
            return
        percent = 100 * done // total
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.width * done // total
        bar = "#" * filled + "." * (self.width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\rimporting [{bar}] {percent:3d}% {done:,}/{total:,} rows{end}")
        self.stream.flush()


def parse_mapping(pairs: list[str] | None) -> dict[str, str] | None:
    """Turn repeated ``--map field=column`` options into a mapping, or None when none are given.

    Raises
    ------
    ValueError
        With the option named, for a pair that is not ``field=column`` or names an unknown field.
    """
    try:
        return parse_field_mapping(pairs)
    except ValueError as error:
        raise ValueError(f"--map: {error}") from error


def read_limits(args: argparse.Namespace) -> ReadLimits:
    """The reading limits the command's options ask for."""
    return ReadLimits(
        max_rows=args.max_rows,
        max_columns=args.max_columns,
        max_cells=args.max_cells,
        max_expanded_bytes=args.max_expanded_mb * MB if args.max_expanded_mb else None,
        max_memory_bytes=args.max_memory_mb * MB if args.max_memory_mb else None,
        max_seconds=args.max_seconds,
    )


def add_import_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the `import` command to a command line's subparsers and return its parser."""
    parser = subparsers.add_parser(
        "import",
        help="import ASAM, Crime at Sea, ACLED or other incident files into a separate GeoJSON",
        description="Read another publisher's incident file and write its records (mapped to this project's "
        "vocabularies) to a separate GeoJSON file, with a report of every rejected row.",
    )
    parser.add_argument("format", choices=FORMAT_CODES, help="format of the input file")
    parser.add_argument("file", type=Path, help="the file to import")
    parser.add_argument("-o", "--output", type=Path, required=True, help="GeoJSON file to write (atomically)")
    parser.add_argument("--bbox", type=bbox, help="keep records inside W,S,E,N (degrees)")
    parser.add_argument("--from", dest="date_from", type=iso_date, help="keep records on or after")
    parser.add_argument("--to", dest="date_to", type=iso_date, help="keep records on or before")
    parser.add_argument(
        "--map",
        dest="mapping",
        action="append",
        metavar="FIELD=COLUMN",
        help="for csv/excel/geojson: which column holds a field (repeat)",
    )
    limits = parser.add_argument_group(
        "limits", "refuse a file that expands beyond these while it is read (the dashboard's upload page sets its own)"
    )
    limits.add_argument(
        "--max-rows", type=positive_int, default=DEFAULT_MAX_ROWS, help=f"data rows (default {DEFAULT_MAX_ROWS:,})"
    )
    limits.add_argument("--max-columns", type=positive_int, help="columns of any row (default: no limit)")
    limits.add_argument("--max-cells", type=positive_int, help="cells over the whole file (default: no limit)")
    limits.add_argument(
        "--max-expanded-mb", type=positive_int, help="unpacked size of an .xlsx workbook in MB (default: no limit)"
    )
    limits.add_argument(
        "--max-memory-mb", type=positive_int, help="estimated memory of the rows read, in MB (default: no limit)"
    )
    limits.add_argument("--max-seconds", type=positive_seconds, help="time spent reading (default: no limit)")
    parser.set_defaults(run=run_import)
    return parser


def run_import(args: argparse.Namespace, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the `import` command; return 0 on success, 1 with a message on unreadable input.

    `stdout` and `stderr` redirect the messages and the progress bar (the command line uses the terminal's).
    """
    if stdout is None and stderr is None:
        return _import(args, sys.stderr)
    with console_logging(stdout, stderr):
        return _import(args, stderr or sys.stderr)


def _import(args: argparse.Namespace, progress_stream: TextIO) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        log.error(f"cannot read {args.file}: {error.strerror or error}")
        return 1
    try:
        records, report = import_file(
            args.format,
            data,
            mapping=parse_mapping(args.mapping),
            bbox=args.bbox,
            date_from=args.date_from,
            date_to=args.date_to,
            progress=TextProgress(progress_stream),
            limits=read_limits(args),
        )
    except ImportLimitError as error:
        log.error(f"cannot import {args.file}: beyond {LIMIT_OPTIONS[error.limit]} ({error})")
        return 1
    except ImportFormatError as error:
        log.error(f"cannot import {args.file}: {error}")
        return 1
    except ValueError as error:
        log.error(f"invalid option: {error}")
        return 1
    try:
        written = write_imported(records, args.output)
    except ValueError as error:
        log.error(str(error))
        return 1
    except OSError as error:
        log.error(f"cannot write {args.output}: {error.strerror or error}")
        return 1
    log.info(format_report(report))
    log.info(f"wrote {len(records)} record(s) to {written}")
    return 0
