"""Render benchmark results as the tables of RESULTS.md (the chart is chart.py, the machine environment.py)."""

from __future__ import annotations

from pathlib import Path

from benchmarks import summary
from benchmarks.sessions import report_lines as session_report_lines

# Targets of the issue "Performance at scale". 1.5 MB and 2 GB are decimal (10^6 and 10^9 bytes).
TARGET_RERUN_100K_MS = 100.0
TARGET_MAP_100K_BYTES = 1_500_000
TARGET_REPAINT_100K_S = 1.5
TARGET_SPEEDUP = 4.0
TARGET_RERUN_1M_MS = 1000.0
TARGET_PEAK_1M_MB = 2e9 / 2**20  # 2 GB in MiB, as /proc reports KiB
TARGET_REAL_OPEN_S = 3.0


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
    sections = [(summary.size_label(size), sizes[size]) for size in sorted(sizes, key=int)]
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
                summary.num(factor(project, baseline), "x", 1),
                verdict(project, limit_value),
            ]
        )

    rerun = summary.rerun(k100, "project", "median") if k100 else None
    base_rerun = summary.rerun(k100, "baseline", "median") if k100 else None
    row(
        "100k: server rerun after a filter change (median)",
        f"<= {TARGET_RERUN_100K_MS:.0f} ms",
        rerun,
        base_rerun,
        lambda v: summary.num(v, "ms", 1),
        TARGET_RERUN_100K_MS,
    )
    size = summary.dig(k100, "reruns", "project", "map_bytes") if k100 else None
    base_size = summary.dig(k100, "reruns", "baseline", "map_bytes") if k100 else None
    row("100k: map figure sent", "<= 1.5 MB", size, base_size, summary.byte_size, TARGET_MAP_100K_BYTES)
    repaint = summary.median(summary.live_values(k100, "project", "repaint_s"))
    base_repaint = summary.median(summary.live_values(k100, "baseline", "repaint_s"))
    row(
        "100k: filter change to repainted map, headless Chromium (median)",
        "<= 1.5 s",
        repaint,
        base_repaint,
        lambda v: summary.num(v, "s", 2),
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
                summary.num(speedup, "x", 1),
                verdict(speedup, TARGET_SPEEDUP, at_most=False),
            ]
        )
    row(
        "1M: server rerun after a filter change (median)",
        "<= 1 s",
        summary.rerun(m1, "project", "median") if m1 else None,
        summary.rerun(m1, "baseline", "median") if m1 else None,
        lambda v: summary.num(v, "ms", 0),
        TARGET_RERUN_1M_MS,
    )
    row(
        "1M: peak memory of the server process (VmHWM)",
        "<= 2 GB (1,907 MiB)",
        summary.peak(m1, "project"),
        summary.peak(m1, "baseline"),
        lambda v: summary.num(v, "MiB", 0),
        TARGET_PEAK_1M_MB,
    )
    types = summary.dig(m1, "reruns", "project", "trace_types") if m1 else None
    base_types = summary.dig(m1, "reruns", "baseline", "trace_types") if m1 else None
    aggregated = None if types is None else ("densitymap" in types)
    rows.append(
        [
            f"1M: aggregated view above AGGREGATE_ABOVE = {AGGREGATE_ABOVE:,}",
            "density map at 1M",
            summary.NOT_MEASURED if types is None else "traces: " + ", ".join(types),
            summary.NOT_MEASURED if base_types is None else "traces: " + ", ".join(base_types),
            "-",
            "not measured" if aggregated is None else ("met" if aggregated else "MISSED"),
        ]
    )
    row(
        "real record: page open to map ready, warm server (median)",
        "<= 3 s",
        summary.median(summary.live_values(real, "project", "warm_open_s")),
        summary.median(summary.live_values(real, "baseline", "warm_open_s")),
        lambda v: summary.num(v, "s", 2),
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
            f"`{next(iter(stamps), '?')}`, see `environment.source_fingerprint`)"
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
    "marker with their count, and a click lists them (the ids ride in each marker's `customdata`); above "
    "`AGGREGATE_ABOVE` (150,000) a density surface binned on the server (0.1° cells, `bincount`).",
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
    lines += summary.table(
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
            if summary.dig(entry, "load", "project", fmt) is None:
                row += ["n/a", "n/a", "-"]
                continue
            project = summary.dig(entry, "load", "project", fmt, "seconds")
            baseline = summary.dig(entry, "load", "baseline", fmt, "seconds")
            row += [summary.num(project, "s", 2), summary.num(baseline, "s", 2), summary.ratio(project, baseline)]
        peaks = [
            summary.dig(entry, "load", app, fmt, "peak_mb")
            for app in ("project", "baseline")
            for fmt in ("geojson", "parquet")
        ]
        row.append(" / ".join(summary.num(value, "", 0) if value is not None else "-" for value in peaks))
        rows.append(row)
    lines += summary.table(
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
            project, baseline = summary.rerun(entry, "project", stat), summary.rerun(entry, "baseline", stat)
            cells += [summary.num(project, "ms", 1), summary.num(baseline, "ms", 1), summary.ratio(project, baseline)]
        counts = "/".join(
            str(len(summary.dig(entry, "reruns", app, "rerun_ms") or [])) for app in ("project", "baseline")
        )
        firsts = [summary.dig(entry, "reruns", app, "first_run_s") for app in ("project", "baseline")]
        cells += [counts, " / ".join(summary.num(value, "s", 2) for value in firsts)]
        rows.append(cells)
    lines += summary.table(
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
        project = summary.dig(entry, "reruns", "project", "map_bytes")
        baseline = summary.dig(entry, "reruns", "baseline", "map_bytes")
        types = summary.dig(entry, "reruns", "project", "trace_types")
        rows.append(
            [
                label,
                summary.byte_size(project),
                summary.byte_size(baseline),
                summary.ratio(project, baseline),
                ", ".join(types) if types else summary.NOT_MEASURED,
            ]
        )
    lines += summary.table(["records", "project", "baseline", "ratio", "project trace types"], rows)
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
        project, baseline = summary.peak(entry, "project"), summary.peak(entry, "baseline")
        rows.append(
            [label, summary.num(project, "MiB"), summary.num(baseline, "MiB"), summary.ratio(project, baseline)]
        )
    lines += summary.table(["records", "project", "baseline", "ratio"], rows)
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
        if not summary.dig(section, "live", "project", "repaint_s") and not summary.dig(
            section, "live", "baseline", "repaint_s"
        ):
            continue
        row = [label]
        cold = [summary.dig(section, "live", app, "cold_open_s") for app in ("project", "baseline")]
        row += [summary.num(cold[0], "s", 2), summary.num(cold[1], "s", 2)]
        warm = [summary.median(summary.live_values(section, app, "warm_open_s")) for app in ("project", "baseline")]
        row += [summary.num(warm[0], "s", 2), summary.num(warm[1], "s", 2), summary.ratio(*warm)]
        for stat in (summary.median, summary.p95):
            values = [stat(summary.live_values(section, app, "repaint_s")) for app in ("project", "baseline")]
            row += [summary.num(values[0], "s", 2), summary.num(values[1], "s", 2), summary.ratio(*values)]
        rows.append(row)
    if rows:
        lines += summary.table(
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
        lines.append(f"{summary.NOT_MEASURED} (see Notes).")
    concurrency = results.get("concurrency")
    lines += ["", "## Concurrent sessions on one server process", ""]
    if concurrency:
        lines += [
            f"{summary.size_label(str(concurrency['size']))} records. N browser sessions each type a different "
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
                level_data = summary.dig(concurrency, "apps", app, str(level))
                values = level_data.get("seconds") if isinstance(level_data, dict) else level_data
                medians.append(summary.median(values))
                row += [
                    summary.num(summary.median(values), "s", 2),
                    summary.num(summary.p95(values), "s", 2),
                    summary.num(max(values) if values else None, "s", 2),
                ]
                missed.append(
                    f"{len(values or [])}/{level_data.get('missed', 0) if isinstance(level_data, dict) else 0}"
                )
            row += [summary.ratio(*medians), " - ".join(missed)]
            rows.append(row)
        lines += summary.table(
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
        lines.append(f"{summary.NOT_MEASURED} ({results.get('skipped', {}).get('concurrency', 'see Notes')}).")
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
