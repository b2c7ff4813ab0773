"""The rows a reader hands to the converters, and the per-call context the converters read them with."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from dashboard.core.importing.formats import ImportFormat


class RawRow(NamedTuple):
    """One data row as read: its first line, ordinal, cell texts by column and the original values."""

    line: int
    ordinal: int
    values: dict[str, str]
    original: dict
    geometry: object = None


@dataclass
class Table:
    """Rows read from one input, before any mapping (one per call, never shared)."""

    header: list[str]
    rows: list[RawRow]
    rejected: list[tuple[int, str]]
    encoding: str
    notes: list[str]


class RowRejected(Exception):
    """A row cannot become a record; the message is 'reason: detail'."""


class RowSkipped(Exception):
    """A readable row that the caller's filters or the format's scope leave out."""


@dataclass
class Context:
    """Per-call settings and counters passed to the row converters."""

    format: ImportFormat
    columns: dict[str, str]
    mapping: dict[str, str]
    counters: Counter = field(default_factory=Counter)

    def cell(self, row: RawRow, column: str | None) -> str | None:
        """The stripped text of a column, or None when the column is absent or the cell is a missing token."""
        if column is None:
            return None
        text = row.values.get(column, "").strip()
        return None if text in self.format.missing_tokens else text

    def value(self, row: RawRow, name: str) -> str | None:
        """The cell of a column given by its normalised name (``eventidcnty`` for ``event_id_cnty``)."""
        return self.cell(row, self.columns.get(name))

    def mapped(self, row: RawRow, field_name: str) -> str | None:
        """The cell of the column the user mapped to one of our fields."""
        return self.cell(row, self.mapping.get(field_name))
