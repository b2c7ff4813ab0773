"""Problems found in a data file, each located by file, record and field."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePath

#: How many problems a message lists before it says how many more there are (command line and dashboard).
PROBLEMS_LISTED = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, located by file, record and field."""

    file: str
    record: str
    field: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: record {self.record}, field '{self.field}': {self.reason}"

    def with_file_name(self) -> Problem:
        """The same problem naming only the file's name (readers of a server need not see its folders)."""
        return replace(self, file=PurePath(self.file).name or self.file)


class IncidentDataError(Exception):
    """Raised when an incident file cannot be read or does not validate; lists every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(f"{len(self.problems)} problem(s) in the incident data:\n{list_problems(self.problems)}")


def list_problems(problems: list[Problem], limit: int = PROBLEMS_LISTED) -> str:
    """The first `limit` problems, one ``  - ...`` line each, and a line counting the rest."""
    shown = "\n".join(f"  - {problem}" for problem in problems[:limit])
    more = f"\n  ... and {len(problems) - limit} more" if len(problems) > limit else ""
    return shown + more


def record_label(record_id: object, position: int) -> str:
    """How problems name a record: its id (cut to 60 characters), else its position in the file."""
    if isinstance(record_id, str) and record_id.strip():
        return record_id[:60]
    return f"#{position + 1} (no id)"
