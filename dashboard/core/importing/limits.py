"""Bounds on what one input may expand to while it is read: rows, columns, cells, memory and time."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from dashboard.core.importing.report import ImportLimitError

DEFAULT_MAX_ROWS = 1_000_000
LIMIT_NAMES = ("rows", "columns", "cells", "expanded size", "memory", "time")
# Memory per cell of an import, beyond its text. Measured with tracemalloc on generated files of 20,000 rows
# x 10 columns: peak during `import_file` 217 (CSV) and 243 (.xlsx) bytes a cell, and the prepared layer a
# session keeps about 65 more; rounded up for wider text and pandas' growth. See docs/importers.md.
BYTES_PER_CELL = 400
# Python objects json.loads builds per character of GeoJSON (measured likewise: peak 9.1; rounded up).
BYTES_PER_JSON_CHARACTER = 12


def _positive(name: str, value: float | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(f"{name} must be a positive number or None, got {value!r}")


@dataclass(frozen=True)
class ReadLimits:
    """How far one input may expand while it is read (None: no bound).

    Attributes
    ----------
    max_rows : int
        Data rows (or GeoJSON features).
    max_columns : int or None
        Columns of any row, up to its last non-empty cell (GeoJSON: properties of a feature).
    max_cells : int or None
        Cells read over the whole file.
    max_expanded_bytes : int or None
        Uncompressed size of an .xlsx workbook's parts (a small ZIP can expand a thousandfold).
    max_memory_bytes : int or None
        Estimated memory the rows read so far hold (text plus ``BYTES_PER_CELL`` a cell).
    max_seconds : float or None
        Wall time from the start of reading to the last converted row.
    """

    max_rows: int = DEFAULT_MAX_ROWS
    max_columns: int | None = None
    max_cells: int | None = None
    max_expanded_bytes: int | None = None
    max_memory_bytes: int | None = None
    max_seconds: float | None = None

    def __post_init__(self) -> None:
        if isinstance(self.max_rows, bool) or not isinstance(self.max_rows, int) or self.max_rows < 1:
            raise ValueError(f"max_rows must be a positive whole number, got {self.max_rows!r}")
        for name in ("max_columns", "max_cells", "max_expanded_bytes", "max_memory_bytes", "max_seconds"):
            _positive(name, getattr(self, name))


def _megabytes(count: float) -> str:
    return f"{count / 1_000_000:,.0f} MB"


def _refuse_bytes_above(limit: str, size: int, maximum: int | None, measured: str) -> None:
    """Raise ImportLimitError naming `limit` when `size` bytes pass `maximum` (None: no limit).

    `measured` says what was measured and how much, e.g. "the workbook unpacks to 120 MB".
    """
    if maximum is not None and size > maximum:
        raise ImportLimitError(limit, maximum, f"{measured}, more than the limit of {_megabytes(maximum)}")


class ReadBudget:
    """What one read has expanded to so far; raises `ImportLimitError` at the first limit passed.

    One budget per call of `import_file`: it is the only mutable state of a read and is never shared.
    """

    def __init__(self, limits: ReadLimits, clock: Callable[[], float] = time.monotonic):
        self.limits = limits
        self.rows = 0
        self.cells = 0
        self.memory_bytes = 0
        self._clock = clock
        self._started = clock()

    def check_columns(self, count: int, where: str, *, at_least: bool = False) -> None:
        """Refuse a row (or feature) wider than `max_columns`; `where` names it ("row 1", "line 3").

        With `at_least`, reading stopped counting at `count` (the row may be wider).
        """
        maximum = self.limits.max_columns
        if maximum is not None and count > maximum:
            found = f"more than {maximum:,} columns" if at_least else f"{count:,} columns"
            raise ImportLimitError("columns", maximum, f"{where} has {found}, over the limit of {maximum:,}")

    def check_row_count(self, count: int) -> None:
        """Refuse, before reading them, more rows than `max_rows` (for inputs that are counted first)."""
        if count > self.limits.max_rows:
            raise ImportLimitError("rows", self.limits.max_rows, self._too_many_rows())

    def _too_many_rows(self) -> str:
        return f"the file has more than {self.limits.max_rows:,} rows; import it in parts"

    def check_expanded_size(self, size: int, what: str) -> None:
        """Refuse content that unpacks to more than `max_expanded_bytes`."""
        _refuse_bytes_above(
            "expanded size", size, self.limits.max_expanded_bytes, f"{what} unpacks to {_megabytes(size)}"
        )

    def check_memory(self, estimate: int, what: str) -> None:
        """Refuse a step whose estimated memory passes `max_memory_bytes`."""
        _refuse_bytes_above(
            "memory",
            estimate,
            self.limits.max_memory_bytes,
            f"{what} would need about {_megabytes(estimate)} of memory",
        )

    def add_row(self, cells: int, characters: int, where: str) -> None:
        """Count one data row of `cells` cells holding `characters` characters of text."""
        self.rows += 1
        if self.rows > self.limits.max_rows:
            raise ImportLimitError("rows", self.limits.max_rows, self._too_many_rows())
        self.check_columns(cells, where)
        self.cells += cells
        maximum = self.limits.max_cells
        if maximum is not None and self.cells > maximum:
            raise ImportLimitError("cells", maximum, f"the file has more than {maximum:,} cells (reached at {where})")
        self.memory_bytes += characters + cells * BYTES_PER_CELL
        self.check_memory(self.memory_bytes, f"the rows up to {where}")
        self.check_time(where)

    def check_time(self, where: str) -> None:
        """Stop when more than `max_seconds` have passed since reading began."""
        maximum = self.limits.max_seconds
        if maximum is not None and self._clock() - self._started > maximum:
            raise ImportLimitError(
                "time", maximum, f"reading took longer than the limit of {maximum:g} seconds (stopped at {where})"
            )
