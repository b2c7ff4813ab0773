"""Reading one cell: dates, times, coordinates, identifiers and text as records want them."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TypeVar

from dashboard.core.dms import parse_coordinate
from dashboard.core.importing.rows import RowRejected

T = TypeVar("T")

SUMMARY_LIMIT = 1000
_UTC_TIME = re.compile(r"\b([01]\d|2[0-3]):?([0-5]\d)\s*(?:UTC|GMT|Z)\b")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


def _month(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if len(word) < 3:
        return None
    for number, name in enumerate(_MONTHS, start=1):
        if name.startswith(word) or (word == "sept" and number == 9):
            return number
    return None


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 50 else 1900
    return year


def _iso_date(text: str) -> date | None:
    """``2024-01-26`` (a time after it ignored) or ``20240126``."""
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ][0-9:.+\-Z ]*)?", text)
    match = match or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    return date(int(match[1]), int(match[2]), int(match[3])) if match else None


def _day_month_name_date(text: str) -> date | None:
    """``26 January 2024``, ``26th Jan. 24``, ``26-Jan-2024``."""
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?[ \-/.]*([A-Za-z]{3,9})\.?[ \-/.,]*(\d{4}|\d{2})", text)
    if not match or not (month := _month(match[2])):
        return None
    return date(_year(match[3]), month, int(match[1]))


def _month_name_day_date(text: str) -> date | None:
    """``Jan 26, 2024``, ``January 26th 2024``."""
    match = re.fullmatch(r"([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", text)
    if not match or not (month := _month(match[1])):
        return None
    return date(int(match[3]), month, int(match[2]))


def _is_month_first(first: int, second: int, text: str) -> bool:
    """Which order a numeric ``a/b/yyyy`` date must be in, when the caller did not say."""
    if first > 12 or first == second:
        return False
    if second > 12:
        return True
    raise ValueError(f"ambiguous date {text!r}: day and month order unknown; write YYYY-MM-DD")


def _numeric_date(text: str, month_first: bool | None, original: str) -> date | None:
    """``1/26/2024``, ``26.01.24``, ``26-1-2024 14:30``: order from `month_first`, else from the numbers."""
    match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?: [0-9:]+)?", text)
    if not match:
        return None
    first, second, year = int(match[1]), int(match[2]), _year(match[3])
    if month_first is None:
        month_first = _is_month_first(first, second, original)
    month, day = (first, second) if month_first else (second, first)
    return date(year, month, day)


def _read_date(text: str, month_first: bool | None, original: str) -> date | None:
    """The date of the first form `text` is written in; None when it is in none of them."""
    found = _iso_date(text) or _day_month_name_date(text) or _month_name_day_date(text)
    return found or _numeric_date(text, month_first, original)


def parse_date_text(text: str, month_first: bool | None = None) -> date:
    """Read a calendar date such as ``2024-01-26``, ``26 January 2024``, ``Jan 26, 2024`` or ``1/26/2024``.

    Parameters
    ----------
    text : str
        The date as written.
    month_first : bool or None
        How to read numeric ``a/b/yyyy`` dates: True for US order, False for day first, None to
        refuse the ambiguous ones (both numbers 12 or less and different).

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        If the text is not a readable, real calendar date.
    """
    cleaned = re.sub(r"\s+", " ", str(text).strip())
    try:
        found = _read_date(cleaned, month_first, text)
    except ValueError as error:
        if "ambiguous" in str(error):
            raise
        raise ValueError(f"not a calendar date: {text!r} ({error})") from error
    if found is None:
        raise ValueError(f"unreadable date {text!r}")
    return found


def parse_time_text(text: str) -> str:
    """Read a time such as ``14:30``, ``1430``, ``14:30:00`` or ``1430 UTC`` as ``HH:MM``."""
    match = re.fullmatch(
        r"(\d{1,2}):?(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:UTC|GMT|Z|HRS|H)?", str(text).strip(), re.IGNORECASE
    )
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"unreadable time {text!r}")
    return f"{int(match[1]):02d}:{match[2]}"


def code_of(text: str | None, choices: Mapping[str, str]) -> str | None:
    """The vocabulary code a value already is (``Bulk carrier`` -> ``bulk_carrier``), if any."""
    if not text:
        return None
    code = re.sub(r"[\s\-/]+", "_", text.strip().lower())
    return code if code in choices else None


def truncate(text: str | None, limit: int = SUMMARY_LIMIT) -> str | None:
    """Text cut to `limit` characters (ending in an ellipsis when cut); None for empty text."""
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1] + "…"


def one_line(text: str | None) -> str | None:
    """Text with every run of white space (line breaks included) made one space."""
    return re.sub(r"\s+", " ", text).strip() if text else None


def utc_time_in(text: str) -> str | None:
    """The first time written with UTC, GMT or Z in free text, as ``HH:MM``."""
    match = _UTC_TIME.search(text)
    return f"{match[1]}:{match[2]}" if match else None


def _required(text: str | None, parse: Callable[[str], T], missing: str, unreadable: str) -> T:
    """`parse(text)`; a missing text or a ValueError rejects the row with the given reason."""
    if text is None:
        raise RowRejected(missing)
    try:
        return parse(text)
    except ValueError as error:
        raise RowRejected(f"{unreadable}: {error}") from error


def coordinate(text: str | None, axis: str, what: str) -> float:
    """One coordinate of a row; a missing or unreadable one rejects the row."""
    return _required(text, lambda t: parse_coordinate(t, axis), f"missing position: no {what}", "unreadable position")


def row_date(text: str | None, month_first: bool | None, column: str) -> date:
    """The date of a row; a missing or unreadable one rejects the row."""
    return _required(
        text, lambda t: parse_date_text(t, month_first), f"missing date: column {column!r} is empty", "unreadable date"
    )


def safe_id(text: str) -> str:
    """Letters, digits, ``_``, ``.`` and ``-`` of an identifier (others become ``-``), at most 60."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip()).strip("-")[:60]


def in_box(lon: float, lat: float, box: tuple[float, float, float, float]) -> bool:
    """Whether a point lies in a ``(west, south, east, north)`` box (edges included)."""
    west, south, east, north = box
    return west <= lon <= east and south <= lat <= north
