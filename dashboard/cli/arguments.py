"""Argument types shared by the commands (argparse `type=` callables)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TypeVar

T = TypeVar("T")


def _read(text: str, convert: Callable[[str], T], wrong: str) -> T:
    """`convert(text)`; a ValueError becomes argparse's error with the message `wrong`."""
    try:
        return convert(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(wrong) from error


def iso_date(text: str) -> date:
    """Read ``YYYY-MM-DD``."""
    return _read(text, date.fromisoformat, f"not a date YYYY-MM-DD: {text!r}")


def bbox(text: str) -> tuple[float, float, float, float]:
    """Read ``W,S,E,N`` into four floats."""
    values = _read(
        text, lambda t: tuple(float(part) for part in t.split(",")), f"bbox must be W,S,E,N numbers, got {text!r}"
    )
    if len(values) != 4:
        raise argparse.ArgumentTypeError(f"bbox must have four numbers W,S,E,N, got {text!r}")
    return values[0], values[1], values[2], values[3]


def positive_int(text: str) -> int:
    """Read a whole number above zero (a count of rows, columns, cells, megabytes)."""
    value = _read(text, int, f"not a whole number: {text!r}")
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def positive_seconds(text: str) -> float:
    """Read a number of seconds above zero."""
    value = _read(text, float, f"not a number of seconds: {text!r}")
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, got {text}")
    return value
