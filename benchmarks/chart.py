"""A hand-written SVG chart of time against record count (log-log; project solid, baseline dashed)."""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

from benchmarks.summary import dig, live_values, median, rerun, size_label


def chart_series(results: dict) -> dict[str, list[tuple[int, float]]]:
    """(size, seconds) points of each timed metric, for the chart."""
    series: dict[str, list[tuple[int, float]]] = {}
    for size, entry in sorted(results.get("sizes", {}).items(), key=lambda item: int(item[0])):
        for app in ("project", "baseline"):
            points = {
                f"{app}: rerun (median)": rerun(entry, app, "median"),
                f"{app}: load GeoParquet": dig(entry, "load", app, "parquet", "seconds"),
                f"{app}: load GeoJSON": dig(entry, "load", app, "geojson", "seconds"),
                f"{app}: repaint (median)": median(live_values(entry, app, "repaint_s")),
            }
            for name, value in points.items():
                if value is not None:
                    seconds = value / 1000.0 if "rerun" in name else value
                    series.setdefault(name, []).append((int(size), seconds))
    return series


_COLOURS = {"rerun": "#D55E00", "load GeoParquet": "#0072B2", "load GeoJSON": "#009E73", "repaint": "#CC79A7"}


def render_svg(results: dict, width: int = 860, height: int = 520) -> str:
    """A log-log line chart of time against record count; project solid, baseline dashed."""
    series = {name: points for name, points in chart_series(results).items() if points}
    left, right, top, bottom = 70, 250, 40, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{left}" y="22" font-size="15">Time against number of incidents (log-log)</text>',
    ]
    if not series:
        parts.append(f'<text x="{left}" y="{top + 40}">No timings measured.</text></svg>')
        return "\n".join(parts) + "\n"
    xs = [x for points in series.values() for x, _ in points]
    ys = [y for points in series.values() for _, y in points if y > 0]
    x_lo, x_hi = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y_lo, y_hi = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x_hi, y_hi = max(x_hi, x_lo + 1), max(y_hi, y_lo + 1)

    def px(x):
        return left + (math.log10(x) - x_lo) / (x_hi - x_lo) * plot_w

    def py(y):
        return top + plot_h - (math.log10(max(y, 10**y_lo)) - y_lo) / (y_hi - y_lo) * plot_h

    for exponent in range(x_lo, x_hi + 1):
        x = px(10**exponent)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#ddd"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle">'
            f"{size_label(str(10**exponent)) if exponent >= 3 else 10**exponent}</text>"
        )
    for exponent in range(y_lo, y_hi + 1):
        y = py(10**exponent)
        label = f"{10**exponent * 1000:g} ms" if exponent < 0 else f"{10**exponent:g} s"
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    parts.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#888"/>')
    parts.append(f'<text x="{left + plot_w / 2}" y="{height - 18}" text-anchor="middle">incidents</text>')
    for number, (name, points) in enumerate(sorted(series.items())):
        app, metric = name.split(": ", 1)
        colour = next((c for key, c in _COLOURS.items() if metric.startswith(key)), "#444")
        dash = ' stroke-dasharray="6,4"' if app == "baseline" else ""
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>')
        parts += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"/>' for x, y in points]
        legend_y = top + 10 + number * 20
        parts.append(
            f'<line x1="{left + plot_w + 15}" y1="{legend_y}" x2="{left + plot_w + 45}" y2="{legend_y}" '
            f'stroke="{colour}" stroke-width="2"{dash}/>'
        )
        parts.append(f'<text x="{left + plot_w + 52}" y="{legend_y + 4}">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
