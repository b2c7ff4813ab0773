"""The ship register `data/vessels.csv`: one row per ship, read with every problem located."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.core.paths import VESSELS_FILE
from dashboard.core.problems import Problem
from dashboard.core.schema import VESSEL_ID_PATTERN, VESSEL_TYPES, imo_check_digit_ok, url_problem

VESSEL_COLUMNS = ("vessel_id", "name", "imo", "flag", "vessel_type", "owner", "manager", "sources")
#: The incident fields a ship's row decides, as (incident field, vessels.csv column).
SHIP_FIELDS = (("vessel_name", "name"), ("imo", "imo"), ("flag", "flag"), ("vessel_type", "vessel_type"))
_VESSEL_ID = re.compile(VESSEL_ID_PATTERN)


def vessels_file_for(record: str | Path) -> Path:
    """The ship register that goes with a record: `vessels.csv` beside it, else the bundled one."""
    record = Path(record)
    beside = record.with_name("vessels.csv")
    return beside if record.is_file() and beside.is_file() else VESSELS_FILE


def _vessel_id_reasons(vessel_id: str, seen: set[str]) -> list[tuple[str, str]]:
    """(column, reason) for an ill-formed or repeated vessel_id; adds the id to `seen`."""
    reasons = []
    if not _VESSEL_ID.match(vessel_id):
        reasons.append(
            (
                "vessel_id",
                f"must match {VESSEL_ID_PATTERN} (IMO + 7 digits, or V- + lowercase-hyphenated name); "
                f"got {vessel_id[:60]!r}",
            )
        )
    elif vessel_id in seen:
        reasons.append(("vessel_id", "duplicate vessel_id"))
    seen.add(vessel_id)
    return reasons


def _imo_reasons(vessel_id: str, imo: str) -> list[tuple[str, str]]:
    """(column, reason) for an invalid IMO number, or one that disagrees with the vessel_id."""
    reasons = []
    if imo and not (re.fullmatch(r"\d{7}", imo) and imo_check_digit_ok(imo)):
        reasons.append(("imo", f"must be 7 digits with a valid check digit; got {imo[:20]!r}"))
    if vessel_id.startswith("IMO") and imo != vessel_id[3:]:
        reasons.append(("imo", f"must be {vessel_id[3:]!r}, the number in the vessel_id; got {imo[:20]!r}"))
    if vessel_id.startswith("V-") and imo:
        reasons.append(("vessel_id", f"a ship with a known IMO is identified as IMO{imo}"))
    return reasons


def _source_reasons(sources: str) -> list[tuple[str, str]]:
    """(column, reason) for each unusable URL of the space-separated list, or for an empty list."""
    urls = sources.split()
    reasons = [
        ("sources", f"source {number}: url {reason}")
        for number, url in enumerate(urls, start=1)
        if (reason := url_problem(url))
    ]
    if not urls:
        reasons.append(("sources", "must list at least one source URL (space-separated)"))
    return reasons


def _row_problems(row: dict[str, str], label: str, file: str, seen: set[str]) -> list[Problem]:
    reasons = _vessel_id_reasons(row["vessel_id"], seen)
    if not row["name"].strip():
        reasons.append(("name", "must not be empty"))
    reasons += _imo_reasons(row["vessel_id"], row["imo"])
    if row["vessel_type"] not in VESSEL_TYPES:
        reasons.append(("vessel_type", f"must be one of {', '.join(VESSEL_TYPES)}; got {row['vessel_type'][:40]!r}"))
    reasons += _source_reasons(row["sources"])
    return [Problem(file, label, field, reason) for field, reason in reasons]


def read_vessels(path: str | Path = VESSELS_FILE) -> tuple[pd.DataFrame, list[Problem]]:
    """Read the ship register and every problem in it (empty register when the file does not exist).

    Returns
    -------
    (DataFrame, list of Problem)
        One row per ship, columns VESSEL_COLUMNS as text ("" where empty), indexed by vessel_id; problems
        name the file, the ship (its vessel_id, or the line) and the column.
    """
    path = Path(path)
    empty = pd.DataFrame(columns=list(VESSEL_COLUMNS)).set_index("vessel_id", drop=False)
    if not path.exists():
        return empty, []
    file = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        return empty, [Problem(file, "-", "-", f"cannot be read: {error}")]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = tuple(reader.fieldnames or ())
    if header != VESSEL_COLUMNS:
        return empty, [
            Problem(file, "line 1", "-", f"columns must be {','.join(VESSEL_COLUMNS)}; got {','.join(header)[:200]}")
        ]
    rows: list[dict[str, str]] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for line, raw in enumerate(reader, start=2):
        if None in raw or any(value is None for value in raw.values()):
            problems.append(Problem(file, f"line {line}", "-", f"must have {len(VESSEL_COLUMNS)} columns"))
            continue
        row = {column: raw[column].strip() for column in VESSEL_COLUMNS}
        label = row["vessel_id"][:60] or f"line {line}"
        problems += _row_problems(row, label, file, seen)
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(VESSEL_COLUMNS), dtype=object)
    return table.drop_duplicates("vessel_id").set_index("vessel_id", drop=False), problems


def load_vessels(path: str | Path = VESSELS_FILE) -> pd.DataFrame:
    """The ship register as text columns ("" where empty); an empty table when the file is not there."""
    return read_vessels(path)[0].reset_index(drop=True)


@dataclass(frozen=True)
class ShipMismatch:
    """A record whose ship does not agree with the register: an unknown vessel_id, or one differing field."""

    row: int  # position in the table
    vessel_id: str
    field: str  # "vessel_id" when the ship is not in the register
    stored: object
    expected: object


def ship_mismatches(table: pd.DataFrame, vessels: pd.DataFrame) -> list[ShipMismatch]:
    """Every record (with a vessel_id) whose ship is unknown to `vessels` or whose ship fields differ from it.

    Parameters
    ----------
    table : DataFrame
        Incident properties with vessel_id, vessel_name, imo, flag and vessel_type.
    vessels : DataFrame
        The register, indexed by vessel_id, as from `read_vessels`; an empty text cell means "not known".
    """
    if "vessel_id" not in table or table.empty:
        return []
    ids = table["vessel_id"].to_numpy(dtype=object)
    rows = np.flatnonzero([isinstance(value, str) and value != "" for value in ids])
    found = []
    known = pd.Index(vessels.index).get_indexer(ids[rows])
    for row in rows[known < 0]:
        found.append(ShipMismatch(int(row), ids[row], "vessel_id", ids[row], None))
    rows, known = rows[known >= 0], known[known >= 0]
    for field, column in SHIP_FIELDS:
        stored = table[field].to_numpy(dtype=object)[rows]
        stored[pd.isna(stored)] = None
        expected = vessels[column].to_numpy(dtype=object)[known]
        expected[expected == ""] = None
        for position in np.flatnonzero(stored != expected):
            found.append(
                ShipMismatch(int(rows[position]), ids[rows[position]], field, stored[position], expected[position])
            )
    return sorted(found, key=lambda mismatch: mismatch.row)
