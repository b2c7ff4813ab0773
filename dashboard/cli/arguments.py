"""Argument types shared by the commands (argparse `type=` callables)."""

from __future__ import annotations

import argparse
from datetime import date


def iso_date(text: str) -> date:
    """Read ``YYYY-MM-DD``."""
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from error


def bbox(text: str) -> tuple[float, float, float, float]:
    """Read ``W,S,E,N`` into four floats."""
    try:
        values = tuple(float(part) for part in text.split(","))
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"bbox must be W,S,E,N numbers, got {text!r}") from error
    if len(values) != 4:
        raise argparse.ArgumentTypeError(f"bbox must have four numbers W,S,E,N, got {text!r}")
    return values


def positive_int(text: str) -> int:
    """Read a whole number above zero (a count of rows, columns, cells, megabytes)."""
    try:
        value = int(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from error
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def positive_seconds(text: str) -> float:
    """Read a number of seconds above zero."""
    try:
        value = float(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from error
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be more than 0 seconds, got {text}")
    return value
