"""Read measured values out of the results (medians, nearest-rank p95) and format them as table cells."""

from __future__ import annotations

import math
import statistics

NOT_MEASURED = "not measured"


def dig(data, *keys):
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def reason(data, *keys) -> str:
    """Why a value is missing: the recorded error of the nearest enclosing step, if any."""
    node = data
    for key in keys:
        if isinstance(node, dict) and "error" in node:
            return str(node["error"])
        if not isinstance(node, dict) or key not in node:
            return ""
        node = node[key]
    return str(node["error"]) if isinstance(node, dict) and "error" in node else ""


def median(values) -> float | None:
    return statistics.median(values) if values else None


def p95(values) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * 0.95)) - 1]


def num(value: float | None, unit: str, digits: int = 0) -> str:
    if value is None:
        return NOT_MEASURED
    return f"{value:,.{digits}f} {unit}".strip()


def byte_size(value: float | None) -> str:
    if value is None:
        return NOT_MEASURED
    if value >= 1e6:
        return f"{value / 1e6:,.2f} MB"
    return f"{value / 1e3:,.1f} kB"


def ratio(project: float | None, baseline: float | None) -> str:
    if project is None or baseline is None or baseline == 0:
        return "-"
    return f"{project / baseline:.3g}"


def compared(project: float | None, baseline: float | None, unit: str, digits: int = 0) -> list[str]:
    """Three table cells: the project's value, the baseline's, and their ratio."""
    return [num(project, unit, digits), num(baseline, unit, digits), ratio(project, baseline)]


def size_label(size: str) -> str:
    number = int(size)
    return (
        f"{number // 1_000_000}M"
        if number >= 1_000_000 and number % 1_000_000 == 0
        else f"{number // 1000}k"
        if number % 1000 == 0
        else str(number)
    )


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def rerun(entry: dict, app: str, stat: str) -> float | None:
    values = dig(entry, "reruns", app, "rerun_ms")
    return median(values) if stat == "median" else p95(values)


def live_values(section: dict | None, app: str, name: str) -> list[float]:
    values = dig(section, "live", app, name) if section else None
    return values or []


def peak(section: dict | None, app: str) -> float | None:
    return dig(section, "live", app, "peak_mb") if section else None
