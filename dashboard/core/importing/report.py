"""What an import tells its caller: the errors that refuse a whole file and the report of every row."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.core.problems import Problem


class ImportFormatError(ValueError):
    """The input as a whole cannot be imported (empty, binary, wrong columns, too large)."""


class ImportLimitError(ImportFormatError):
    """Reading stopped because the file expands beyond one of the limits of `ReadLimits`.

    Attributes
    ----------
    limit : str
        Which limit was hit: one of ``LIMIT_NAMES`` ("rows", "columns", "cells", "expanded size",
        "memory", "time").
    maximum : float
        The limit's value (rows, columns, cells, bytes or seconds).
    """

    def __init__(self, limit: str, maximum: float, message: str):
        super().__init__(message)
        self.limit = limit
        self.maximum = maximum


class ColumnMappingError(ValueError):
    """A column mapping that cannot be read or names fields we do not have.

    Attributes
    ----------
    reason : str
        What is wrong: ``"not a pair"`` (an entry without ``field=column``), ``"unknown field"`` or
        ``"lat without lon"`` (one coordinate mapped without the other).
    entry : str or None
        The mapping entry at fault (e.g. ``"when"``), if one entry is.
    """

    def __init__(self, message: str, reason: str, entry: str | None = None):
        super().__init__(message)
        self.reason = reason
        self.entry = entry


@dataclass(frozen=True)
class RejectionGroup:
    """Rejected rows sharing one reason: how many, and the first few (line, detail)."""

    reason: str
    count: int
    examples: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class ImportReport:
    """What happened to every row of an imported file.

    ``rows_read == imported + len(rejected) + skipped + duplicates_merged``.
    """

    format_code: str
    dataset: str
    rows_read: int
    imported: int
    rejected: tuple[tuple[int, str], ...]
    duplicates_merged: int
    skipped: int
    encoding: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    def rejected_by_reason(self, examples: int = 3) -> tuple[RejectionGroup, ...]:
        """Group rejections by reason (the text before the first ': '), most frequent first."""
        groups: dict[str, list[tuple[int, str]]] = {}
        for line, reason in self.rejected:
            key, _, detail = reason.partition(": ")
            groups.setdefault(key, []).append((line, detail))
        ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[1][0][0]))
        return tuple(RejectionGroup(key, len(rows), tuple(rows[:examples])) for key, rows in ordered)

    def as_problems(self, file: str) -> list[Problem]:
        """The rejections as the dashboard's Problem records (record = input line)."""
        return [Problem(file, f"line {line}", "-", reason) for line, reason in self.rejected]


def format_report(report: ImportReport, examples: int = 3) -> str:
    """Describe an import report in a few plain-text lines (for the command line and logs)."""
    lines = [
        f"{report.dataset}: {report.rows_read} row(s) read, {report.imported} imported, "
        f"{len(report.rejected)} rejected, {report.duplicates_merged} duplicate(s) merged, "
        f"{report.skipped} skipped (encoding {report.encoding})"
    ]
    groups = report.rejected_by_reason(examples)
    if groups:
        lines.append("rejected:")
        for group in groups:
            lines.append(f"  {group.reason}: {group.count} row(s)")
            lines += [f"    line {line}: {detail}" if detail else f"    line {line}" for line, detail in group.examples]
    if report.notes:
        lines.append("notes:")
        lines += [f"  - {note}" for note in report.notes]
    return "\n".join(lines)
