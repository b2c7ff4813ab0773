"""The incident ids behind one map marker, written compactly into the marker's `customdata`.

Above a few thousand points a marker stands for every incident of one category in a small cell, and a
click must list them all, so the ids travel with the figure. Written out in full they were two thirds of
the map sent for 100,000 incidents; ids of one marker mostly share their prefix (`SY-2023-`), so an id
whose prefix is the previous full id's is written by its number only: `SY-2023-01684 1734 1830`.
"""

from __future__ import annotations

from collections.abc import Iterable


def _prefix(incident_id: str) -> str | None:
    """Everything up to and including the last hyphen, or None for an id without one."""
    cut = incident_id.rfind("-")
    return incident_id[: cut + 1] if cut >= 0 else None


def join_marker_ids(ids: Iterable[str]) -> str:
    """Space-separated ids, each written as its number alone when it shares the previous full id's prefix.

    Parameters
    ----------
    ids : iterable of str
        Ids of the record, so of the schema's pattern (`AA-YYYY-NNNN`: always a hyphen, never a space); only
        such ids are read back unchanged (imported records carry no id on the map).

    Returns
    -------
    str
        The text `split_marker_ids` reads back into the same ids, in the same order.
    """
    written: list[str] = []
    current: str | None = None
    for incident_id in ids:
        prefix = _prefix(incident_id)
        if prefix is not None and prefix == current and " " not in incident_id:
            written.append(incident_id[len(prefix) :])
        else:
            written.append(incident_id)
            current = prefix
    return " ".join(written)


def split_marker_ids(text: str) -> list[str]:
    """The ids written by `join_marker_ids`: a token without a hyphen takes the last full id's prefix."""
    ids: list[str] = []
    current: str | None = None
    for token in text.split():
        prefix = _prefix(token)
        if prefix is None and current is not None:
            ids.append(current + token)
        else:
            ids.append(token)
            current = prefix
    return ids
