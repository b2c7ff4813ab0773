"""Render benchmark results as RESULTS.md tables and a hand-written SVG chart of time against size."""

from __future__ import annotations

import math
import os
import platform
import shutil
import statistics
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from xml.sax.saxutils import escape

from benchmarks.sessions import report_lines as session_report_lines

NOT_MEASURED = "not measured"
PACKAGES = ("streamlit", "plotly", "pandas", "geopandas", "shapely", "pyarrow", "playwright")
# Targets of the issue "Performance at scale". 1.5 MB and 2 GB are decimal (10^6 and 10^9 bytes).
TARGET_RERUN_100K_MS = 100.0
TARGET_MAP_100K_BYTES = 1_500_000
TARGET_REPAINT_100K_S = 1.5
TARGET_SPEEDUP = 4.0
TARGET_RERUN_1M_MS = 1000.0
TARGET_PEAK_1M_MB = 2e9 / 2**20  # 2 GB in MiB, as /proc reports KiB
TARGET_REAL_OPEN_S = 3.0


def _first_line(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr).strip() else "unknown"


def source_fingerprint(root: Path | None = None) -> str:
    """Short SHA-256 of the dashboard's Python sources, to detect code edited during a run."""
    import hashlib

    root = root or Path(__file__).resolve().parents[1] / "dashboard"
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def machine_description() -> dict:
    """CPU, core count, memory, OS and package versions of this machine, and the date."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    models = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")]
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kib = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    chromium = shutil.which("chromium")
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu": models[0] if models else platform.processor() or "unknown",
        "cpu_count_proc": len(models),
        "nproc": _first_line(["nproc"]),
        "memory_gib": round(total_kib / 2**20, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "chromium": _first_line([chromium, "--version"]) if chromium else "not installed",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "dashboard_sources_at_start": source_fingerprint(),
    }


# --------------------------------------------------------------------------- small helpers


def _dig(data, *keys):
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _reason(data, *keys) -> str:
    """Why a value is missing: the recorded error of the nearest enclosing step, if any."""
    node = data
    for key in keys:
        if isinstance(node, dict) and "error" in node:
            return str(node["error"])
        if not isinstance(node, dict) or key not in node:
            return ""
        node = node[key]
    return str(node["error"]) if isinstance(node, dict) and "error" in node else ""


def _median(values) -> float | None:
    return statistics.median(values) if values else None


def _p95(values) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * 0.95)) - 1]


def _num(value: float | None, unit: str, digits: int = 0) -> str:
    if value is None:
        return NOT_MEASURED
    return f"{value:,.{digits}f} {unit}".strip()


def _bytes(value: float | None) -> str:
    if value is None:
        return NOT_MEASURED
    if value >= 1e6:
        return f"{value / 1e6:,.2f} MB"
    return f"{value / 1e3:,.1f} kB"


def _ratio(project: float | None, baseline: float | None) -> str:
    if project is None or baseline is None or baseline == 0:
        return "-"
    return f"{project / baseline:.3g}"


def _size_label(size: str) -> str:
    number = int(size)
    return (
        f"{number // 1_000_000}M"
        if number >= 1_000_000 and number % 1_000_000 == 0
        else f"{number // 1000}k"
        if number % 1000 == 0
        else str(number)
    )


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


# --------------------------------------------------------------------------- metrics


def _rerun(entry: dict, app: str, stat: str) -> float | None:
    values = _dig(entry, "reruns", app, "rerun_ms")
    return _median(values) if stat == "median" else _p95(values)


def _live_values(section: dict | None, app: str, name: str) -> list[float]:
    values = _dig(section, "live", app, name) if section else None
    return values or []


def _peak(section: dict | None, app: str) -> float | None:
    return _dig(section, "live", app, "peak_mb") if section else None


def _one_line(text: object) -> str:
    return " ".join(str(text).split()).replace("|", "/")


def _notes(results: dict) -> list[str]:
    """Every recorded error or browser note, as bullet points."""
    notes = []

    def walk(node, where):
        if isinstance(node, dict):
            if "error" in node:
                notes.append(f"- {where}: {_one_line(node['error'])}")
            for note in node.get("notes", []) if isinstance(node.get("notes"), list) else []:
                notes.append(f"- {where}: {_one_line(note)}")
            for key, value in node.items():
                if key not in ("error", "notes"):
                    walk(value, f"{where} / {key}" if where else key)

    walk({k: v for k, v in results.items() if k in ("sizes", "real", "concurrency")}, "")
    notes += [f"- {name}: skipped ({reason})" for name, reason in results.get("skipped", {}).items()]
    return notes


def _sections(results: dict) -> list[tuple[str, dict]]:
    """(row label, entry) for every synthetic size, then the real record."""
    sizes = results.get("sizes", {})
    sections = [(_size_label(size), sizes[size]) for size in sorted(sizes, key=int)]
    real = results.get("real")
    if real:
        sections.append((f"real record ({real.get('records', '?')})", real))
    return sections


def target_rows(results: dict) -> list[list[str]]:
    """One row per target: the project's figure, the baseline's in the same run, their ratio, the verdict."""
    from dashboard.core.maps import AGGREGATE_ABOVE

    sizes = results.get("sizes", {})
    k100, m1, real = sizes.get("100000"), sizes.get("1000000"), results.get("real")
    rows = []

    def verdict(value, limit, *, at_most=True):
        if value is None:
            return "not measured"
        return "met" if (value <= limit if at_most else value >= limit) else "MISSED"

    def factor(project, baseline):
        return baseline / project if project and baseline else None

    def row(label, limit, project, baseline, shown, limit_value):
        rows.append(
            [
                label,
                limit,
                shown(project),
                shown(baseline),
                _num(factor(project, baseline), "x", 1),
                verdict(project, limit_value),
            ]
        )

    rerun = _rerun(k100, "project", "median") if k100 else None
    base_rerun = _rerun(k100, "baseline", "median") if k100 else None
    row(
        "100k: server rerun after a filter change (median)",
        f"<= {TARGET_RERUN_100K_MS:.0f} ms",
        rerun,
        base_rerun,
        lambda v: _num(v, "ms", 1),
        TARGET_RERUN_100K_MS,
    )
    size = _dig(k100, "reruns", "project", "map_bytes") if k100 else None
    base_size = _dig(k100, "reruns", "baseline", "map_bytes") if k100 else None
    row("100k: map figure sent", "<= 1.5 MB", size, base_size, _bytes, TARGET_MAP_100K_BYTES)
    repaint = _median(_live_values(k100, "project", "repaint_s"))
    base_repaint = _median(_live_values(k100, "baseline", "repaint_s"))
    row(
        "100k: filter change to repainted map, headless Chromium (median)",
        "<= 1.5 s",
        repaint,
        base_repaint,
        lambda v: _num(v, "s", 2),
        TARGET_REPAINT_100K_S,
    )
    for label, project, baseline in (
        ("server rerun", rerun, base_rerun),
        ("map figure bytes", size, base_size),
        ("filter change to repaint", repaint, base_repaint),
    ):
        speedup = factor(project, baseline)
        rows.append(
            [
                f"100k: {label}, baseline / project",
                f">= {TARGET_SPEEDUP:.0f}x",
                "-",
                "-",
                _num(speedup, "x", 1),
                verdict(speedup, TARGET_SPEEDUP, at_most=False),
            ]
        )
    row(
        "1M: server rerun after a filter change (median)",
        "<= 1 s",
        _rerun(m1, "project", "median") if m1 else None,
        _rerun(m1, "baseline", "median") if m1 else None,
        lambda v: _num(v, "ms", 0),
        TARGET_RERUN_1M_MS,
    )
    row(
        "1M: peak memory of the server process (VmHWM)",
        "<= 2 GB (1,907 MiB)",
        _peak(m1, "project"),
        _peak(m1, "baseline"),
        lambda v: _num(v, "MiB", 0),
        TARGET_PEAK_1M_MB,
    )
    types = _dig(m1, "reruns", "project", "trace_types") if m1 else None
    base_types = _dig(m1, "reruns", "baseline", "trace_types") if m1 else None
    aggregated = None if types is None else ("densitymap" in types)
    rows.append(
        [
            f"1M: aggregated view above AGGREGATE_ABOVE = {AGGREGATE_ABOVE:,}",
            "density map at 1M",
            NOT_MEASURED if types is None else "traces: " + ", ".join(types),
            NOT_MEASURED if base_types is None else "traces: " + ", ".join(base_types),
            "-",
            "not measured" if aggregated is None else ("met" if aggregated else "MISSED"),
        ]
    )
    row(
        "real record: page open to map ready, warm server (median)",
        "<= 3 s",
        _median(_live_values(real, "project", "warm_open_s")),
        _median(_live_values(real, "baseline", "warm_open_s")),
        lambda v: _num(v, "s", 2),
        TARGET_REAL_OPEN_S,
    )
    return rows


def _code_line(results: dict) -> str:
    """Which version of the dashboard code was measured, and a warning if it changed meanwhile."""
    meta = results.get("meta", {})
    stamps = {meta.get("dashboard_sources_at_start"), meta.get("dashboard_sources_at_end")}
    for _, entry in _sections(results):
        stamps.add(entry.get("dashboard_sources"))
    concurrency = results.get("concurrency") or {}
    stamps.add(concurrency.get("dashboard_sources"))
    stamps.discard(None)
    if len(stamps) <= 1:
        return (
            f"- Dashboard code measured: every row with the same sources (fingerprint "
            f"`{next(iter(stamps), '?')}`, see `report.source_fingerprint`)"
        )
    return (
        f"- **Warning: the dashboard code changed during the measurements** (source fingerprints "
        f"{', '.join(f'`{stamp}`' for stamp in sorted(stamps))}); rows measured at different times may "
        "come from different versions of the app (see `dashboard_sources` per entry in results.json)"
    )


# How the dashboard reaches the figures above (design, not measurements; each names where it lives).
_LEVERS = [
    "- One load per process and file (`components/data.py`, `st.cache_resource`): the record is read, validated and "
    "enriched once; every session shares it read-only.",
    "- GeoParquet read dictionary-encoded (`core/incidents.py`): each distinct text, vocabulary and source list is "
    "one Python object shared by its rows, and validated once; long texts are categoricals. This is what keeps "
    "1M records within the memory target.",
    "- Filters on precomputed arrays (`core/filters.py`, `FilterIndex`): codes, a weapon matrix and day numbers; "
    "option counts by `bincount`.",
    "- The map (`core/maps.py`): float32 coordinates; per-point hover details only up to `MAX_HOVER_POINTS` "
    "(5,000); above it, incidents of one category in one `MARKER_CELL_DEG` (0.01°, about 1 km) cell share a "
    "marker with their count, and a click lists them (the ids ride in each marker's `customdata`); above `AGGREGATE_ABOVE` "
    "(150,000) a density surface binned on the server (0.1° cells, `bincount`).",
    "- The basemap is served as static files and referenced by URL, so no rerun copies or serialises it; "
    "downloads are built only on click.",
]


def render_markdown(results: dict) -> str:
    """The whole RESULTS.md."""
    meta = results.get("meta", {})
    packages = ", ".join(f"{name} {version}" for name, version in meta.get("packages", {}).items())
    lines = [
        "# Benchmark results",
        "",
        "Made by `python -m benchmarks` (see `benchmarks/README.md`); raw numbers in `results.json`, chart in "
        "`results.svg`. Every figure below was measured by the harness; a cell says *not measured* when the step "
        "failed or was skipped, with the reason under **Notes**. In **Targets** the factor is baseline / project "
        "(above 1: the project is faster or smaller, as the targets are worded); in the other tables ratios are "
        "project / baseline (below 1: the project is faster or smaller).",
        "",
        f"- Date (UTC): {meta.get('date', '?')}; command: `{meta.get('command', '?')}`; "
        f"run time {meta.get('duration_s', '?')} s",
        f"- Machine: {meta.get('cpu', '?')}, `nproc` = {meta.get('nproc', '?')} "
        f"({meta.get('cpu_count_proc', '?')} in /proc/cpuinfo), {meta.get('memory_gib', '?')} GiB memory, "
        f"{meta.get('os', '?')}; load average (1, 5, 15 min) at start {meta.get('load_average_at_start', '?')}, "
        f"at end {meta.get('load_average_at_end', '?')} (other people's jobs share this machine)",
        f"- Python {meta.get('python', '?')}; {packages}; {meta.get('chromium', '?')}",
        _code_line(results),
        *[
            f"- Earlier run merged in: {run.get('date', '?')}, `{run.get('command', '?')}`, load average at start "
            f"{run.get('load_average_at_start', '?')}, at end {run.get('load_average_at_end', '?')}"
            for run in results.get("runs", [])[:-1]
        ],
        f"- Data: synthetic sets resampled from `{meta.get('source_record', '?')}` by `benchmarks/generate.py` "
        "(whole records drawn with replacement, dates moved by up to 3 days, points by ~3 km and kept at sea); "
        "reruns and browser runs read the GeoParquet file of each size.",
        "- Baseline: `benchmarks/baseline_app.py`, the common naive pattern (file read on every run, "
        "`px.scatter_map` with per-point hover text, CSV built on every run).",
        "",
        "## Targets",
        "",
    ]
    lines += _table(
        ["target", "limit", "project", "baseline (same run)", "baseline / project", "verdict"], target_rows(results)
    )
    lines += [
        "",
        "## Cold load (file to GeoDataFrame, fresh process)",
        "",
        "Project: `dashboard.core.prepare.load_prepared_incidents` (read, validate, derive sea area and "
        "distances). Baseline: `geopandas.read_file` (GeoJSON) / `geopandas.read_parquet` (GeoParquet), "
        "no validation. Imports are excluded.",
        "",
    ]
    rows = []
    for label, entry in _sections(results):
        row = [label]
        for fmt in ("geojson", "parquet"):
            if _dig(entry, "load", "project", fmt) is None:
                row += ["n/a", "n/a", "-"]
                continue
            project = _dig(entry, "load", "project", fmt, "seconds")
            baseline = _dig(entry, "load", "baseline", fmt, "seconds")
            row += [_num(project, "s", 2), _num(baseline, "s", 2), _ratio(project, baseline)]
        peaks = [
            _dig(entry, "load", app, fmt, "peak_mb")
            for app in ("project", "baseline")
            for fmt in ("geojson", "parquet")
        ]
        row.append(" / ".join(_num(value, "", 0) if value is not None else "-" for value in peaks))
        rows.append(row)
    lines += _table(
        [
            "records",
            "project GeoJSON",
            "baseline GeoJSON",
            "ratio",
            "project GeoParquet",
            "baseline GeoParquet",
            "ratio",
            "peak MiB of the loading process (project GeoJSON / GeoParquet, baseline GeoJSON / GeoParquet)",
        ],
        rows,
    )
    lines += [
        "",
        "## Server time of one rerun after a filter change (AppTest)",
        "",
        "The category filter alternates between two selections; the clock runs around `AppTest.run()` "
        "(script run plus AppTest's own bookkeeping, same for both apps), after one warm-up run.",
        "",
    ]
    rows = []
    for label, entry in _sections(results):
        cells = [label]
        for stat in ("median", "p95"):
            project, baseline = _rerun(entry, "project", stat), _rerun(entry, "baseline", stat)
            cells += [_num(project, "ms", 1), _num(baseline, "ms", 1), _ratio(project, baseline)]
        counts = "/".join(str(len(_dig(entry, "reruns", app, "rerun_ms") or [])) for app in ("project", "baseline"))
        firsts = [_dig(entry, "reruns", app, "first_run_s") for app in ("project", "baseline")]
        cells += [counts, " / ".join(_num(value, "s", 2) for value in firsts)]
        rows.append(cells)
    lines += _table(
        [
            "records",
            "project median",
            "baseline median",
            "ratio",
            "project p95",
            "baseline p95",
            "ratio",
            "changes (project/baseline)",
            "first run incl. load (project / baseline)",
        ],
        rows,
    )
    lines += [
        "",
        "## Map figure sent to the browser",
        "",
        "Size of the plotly figure JSON of the map element (`proto.spec`) on the unfiltered first run.",
        "",
    ]
    rows = []
    for label, entry in _sections(results):
        project = _dig(entry, "reruns", "project", "map_bytes")
        baseline = _dig(entry, "reruns", "baseline", "map_bytes")
        types = _dig(entry, "reruns", "project", "trace_types")
        rows.append(
            [
                label,
                _bytes(project),
                _bytes(baseline),
                _ratio(project, baseline),
                ", ".join(types) if types else NOT_MEASURED,
            ]
        )
    lines += _table(["records", "project", "baseline", "ratio", "project trace types"], rows)
    lines += [
        "",
        "## Peak memory of the server process",
        "",
        "`VmHWM` of the `streamlit run` process after opening the page in headless Chromium and driving a "
        "few filter changes.",
        "",
    ]
    rows = []
    for label, entry in _sections(results):
        project, baseline = _peak(entry, "project"), _peak(entry, "baseline")
        rows.append([label, _num(project, "MiB"), _num(baseline, "MiB"), _ratio(project, baseline)])
    lines += _table(["records", "project", "baseline", "ratio"], rows)
    lines += [
        "",
        "## In the browser (headless Chromium, software WebGL)",
        "",
        "Page open: from `page.goto` until the script state is `notRunning`, the MapLibre canvas exists and "
        "plotly has drawn the legend, plus two animation frames; *cold* is the first page after the server "
        "started (includes loading the data), *warm* the next ones. Repaint: from the key press that "
        "changes the category filter until the map legend changed, plus two animation frames.",
        "",
    ]
    rows = []
    for label, section in _sections(results):
        if not _dig(section, "live", "project", "repaint_s") and not _dig(section, "live", "baseline", "repaint_s"):
            continue
        row = [label]
        cold = [_dig(section, "live", app, "cold_open_s") for app in ("project", "baseline")]
        row += [_num(cold[0], "s", 2), _num(cold[1], "s", 2)]
        warm = [_median(_live_values(section, app, "warm_open_s")) for app in ("project", "baseline")]
        row += [_num(warm[0], "s", 2), _num(warm[1], "s", 2), _ratio(*warm)]
        for stat in (_median, _p95):
            values = [stat(_live_values(section, app, "repaint_s")) for app in ("project", "baseline")]
            row += [_num(values[0], "s", 2), _num(values[1], "s", 2), _ratio(*values)]
        rows.append(row)
    if rows:
        lines += _table(
            [
                "records",
                "cold open project",
                "cold open baseline",
                "warm open project",
                "warm open baseline",
                "ratio",
                "repaint median project",
                "repaint median baseline",
                "ratio",
                "repaint p95 project",
                "repaint p95 baseline",
                "ratio",
            ],
            rows,
        )
    else:
        lines.append(f"{NOT_MEASURED} (see Notes).")
    concurrency = results.get("concurrency")
    lines += ["", "## Concurrent sessions on one server process", ""]
    if concurrency:
        lines += [
            f"{_size_label(str(concurrency['size']))} records. N browser sessions each type a different "
            "category, then all press Enter at once (and later all clear it). Time per session from its "
            "key press until its own script-state log shows the rerun finished.",
            "",
        ]
        rows = []
        for level in concurrency.get("levels", []):
            row = [str(level)]
            medians = []
            missed = []
            for app in ("project", "baseline"):
                level_data = _dig(concurrency, "apps", app, str(level))
                values = level_data.get("seconds") if isinstance(level_data, dict) else level_data
                medians.append(_median(values))
                row += [
                    _num(_median(values), "s", 2),
                    _num(_p95(values), "s", 2),
                    _num(max(values) if values else None, "s", 2),
                ]
                missed.append(
                    f"{len(values or [])}/{level_data.get('missed', 0) if isinstance(level_data, dict) else 0}"
                )
            row += [_ratio(*medians), " - ".join(missed)]
            rows.append(row)
        lines += _table(
            [
                "sessions",
                "project median",
                "project p95",
                "project max",
                "baseline median",
                "baseline p95",
                "baseline max",
                "ratio (median)",
                "timed / missed key presses (project - baseline)",
            ],
            rows,
        )
    else:
        lines.append(f"{NOT_MEASURED} ({results.get('skipped', {}).get('concurrency', 'see Notes')}).")
    lines += [
        "",
        "## Concurrent sessions on the bundled record: 1 process, 2 behind nginx (`python -m benchmarks.sessions`)",
        "",
    ]
    lines += session_report_lines()
    lines += ["", "## How the project reaches these figures", "", *_LEVERS]
    lines += [
        "",
        "## Where the server time goes",
        "",
        "`python -m benchmarks.profile_app --size 100000` profiles the project's reruns with cProfile and "
        "writes `PROFILE.md` (cumulative and own time, and the callers of the costliest generic functions)."
        + ("" if (Path(__file__).resolve().parent / "PROFILE.md").exists() else " Not run yet."),
    ]
    notes = _notes(results)
    lines += ["", "## Notes", ""] + (notes or ["- none: every step ran."])
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- chart


def chart_series(results: dict) -> dict[str, list[tuple[int, float]]]:
    """(size, seconds) points of each timed metric, for the chart."""
    series: dict[str, list[tuple[int, float]]] = {}
    for size, entry in sorted(results.get("sizes", {}).items(), key=lambda item: int(item[0])):
        for app in ("project", "baseline"):
            points = {
                f"{app}: rerun (median)": _rerun(entry, app, "median"),
                f"{app}: load GeoParquet": _dig(entry, "load", app, "parquet", "seconds"),
                f"{app}: load GeoJSON": _dig(entry, "load", app, "geojson", "seconds"),
                f"{app}: repaint (median)": _median(_live_values(entry, app, "repaint_s")),
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
            f"{_size_label(str(10**exponent)) if exponent >= 3 else 10**exponent}</text>"
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
