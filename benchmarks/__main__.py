"""Measure the dashboard against a naive baseline at several sizes (`python -m benchmarks [--quick]`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from benchmarks import chart, environment, generate, report
from benchmarks.serverside import APPS, LOADERS, ROOT, BenchmarkError, measure_reruns, run_isolated, time_load

RESULTS_JSON = ROOT / "benchmarks" / "results.json"
RESULTS_MD = ROOT / "benchmarks" / "RESULTS.md"
RESULTS_SVG = ROOT / "benchmarks" / "results.svg"
BROWSER_TIMING_SIZES = (1_000, 100_000)
CONCURRENCY_SIZE = 1_000
# GeoJSON files above this size are not cold-loaded: at 1M records (1.6 GB) each loader needs minutes
# and several GB of memory, which would break the 30-minute bound on a shared machine.
MAX_GEOJSON_LOAD_BYTES = 500_000_000


def _settings(quick: bool) -> dict:
    """Repetitions and time limits; --quick keeps the whole run under two minutes at 1k."""
    if quick:
        return {
            "changes": 20,
            "rerun_budget_s": 30.0,
            "load_timeout_s": 60.0,
            "rerun_timeout_s": 120.0,
            "warm_opens": 1,
            "browser_changes": 4,
            "page_timeout_s": 60.0,
            "levels": (1, 5),
            "rounds": 1,
            "page_opens": 1,
            "page_changes": 2,
            "row_selections": 2,
        }
    return {
        "changes": 20,
        "rerun_budget_s": 120.0,
        "load_timeout_s": 300.0,
        "rerun_timeout_s": 900.0,
        "warm_opens": 3,
        "browser_changes": 10,
        "page_timeout_s": 180.0,
        "levels": (1, 5, 20),
        "rounds": 2,
        "page_opens": 5,
        "page_changes": 10,
        "row_selections": 6,
    }


def _stamp() -> dict:
    """When, and on which dashboard sources, a section was measured."""
    return {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "dashboard_sources": environment.source_fingerprint(),
    }


def _as_dict(measure: Callable, *args, **kwargs) -> dict:
    """The dataclass a measurement returns, as a dict for results.json."""
    return asdict(measure(*args, **kwargs))


def _attempt(step, log, label: str) -> dict:
    """Run one measurement; a failure becomes {"error": reason} so the other measurements still run."""
    started = time.perf_counter()
    try:
        answer = step()
    except (BenchmarkError, OSError, ValueError, RuntimeError) as error:
        log(f"  {label}: not measured ({error})")
        return {"error": f"{type(error).__name__}: {str(error)[:300]}"}
    log(f"  {label}: done in {time.perf_counter() - started:.1f} s")
    return answer


def measure_loads(path_by_format: dict[str, Path], *, isolate: bool, timeout_s: float, log) -> dict:
    """Cold load of each file with each loader (a fresh interpreter per load when isolated)."""
    loads: dict = {}
    for loader in LOADERS:
        for file_format, path in path_by_format.items():
            if file_format == "geojson" and path.stat().st_size > MAX_GEOJSON_LOAD_BYTES:
                loads.setdefault(loader, {})[file_format] = {
                    "error": f"skipped: the {path.stat().st_size / 1e9:.1f} GB GeoJSON file is above the "
                    f"{MAX_GEOJSON_LOAD_BYTES / 1e6:.0f} MB limit for cold loads (time and memory bound)"
                }
                continue
            if isolate:
                step = partial(run_isolated, ["load", "--loader", loader, "--file", str(path)], timeout_s)
            else:
                step = partial(time_load, loader, path)
            loads.setdefault(loader, {})[file_format] = _attempt(step, log, f"load {loader} {file_format}")
    return loads


def measure_rerun_times(path: Path, *, isolate: bool, changes: int, budget_s: float, timeout_s: float, log) -> dict:
    """Rerun timings and map payload of both apps on one file."""
    reruns = {}
    for app in APPS:
        if isolate:
            arguments = [
                "reruns",
                "--app",
                app,
                "--file",
                str(path),
                "--changes",
                str(changes),
                "--budget",
                str(budget_s),
            ]
            step = partial(run_isolated, arguments, timeout_s)
        else:
            step = partial(_as_dict, measure_reruns, app, path, changes=changes, budget_s=budget_s)
        reruns[app] = _attempt(step, log, f"reruns {app}")
    return reruns


def measure_browser(path: Path, *, timing: bool, settings: dict, log) -> dict:
    """Page open, filter-to-repaint and peak server memory of both apps on one file."""
    from benchmarks.browser import measure_live, opened_browser

    live = {}
    # Without timings the page is opened only to make the server do its work for the memory peak.
    timeout_s = settings["page_timeout_s"] if timing else min(settings["page_timeout_s"], 120.0)
    with opened_browser() as browser:
        for app in APPS:
            step = partial(
                _as_dict,
                measure_live,
                browser,
                app,
                path,
                warm_opens=settings["warm_opens"],
                changes=settings["browser_changes"],
                timing=timing,
                timeout_s=timeout_s,
            )
            live[app] = _attempt(step, log, f"browser {app}")
    return live


def _concurrency_by_level(browser, app: str, path: Path, settings: dict) -> dict:
    """`measure_concurrency` keyed by the number of sessions as text (the keys of results.json)."""
    from benchmarks.browser import measure_concurrency

    by_level = measure_concurrency(
        browser, app, path, settings["levels"], rounds=settings["rounds"], timeout_s=settings["page_timeout_s"]
    )
    return {str(level): values for level, values in by_level.items()}


def measure_sessions(path: Path, *, settings: dict, log) -> dict:
    """Rerun time seen by N concurrent sessions on one server, per app."""
    from benchmarks.browser import opened_browser

    with opened_browser() as browser:
        return {
            app: _attempt(partial(_concurrency_by_level, browser, app, path, settings), log, f"concurrency {app}")
            for app in APPS
        }


def measure_pages(source: Path, *, settings: dict) -> dict:
    """The bundled record's page opens and interactions, project and baseline alternated (benchmarks/pages.py)."""
    from benchmarks.browser import opened_browser
    from benchmarks.pages import measure_pages as measure

    with opened_browser() as browser:
        result = asdict(
            measure(
                browser,
                source,
                opens=settings["page_opens"],
                changes=settings["page_changes"],
                selections=settings["row_selections"],
                timeout_s=settings["page_timeout_s"],
            )
        )
    return {**result, **_stamp()}


def measure_file(
    by_format: dict[str, Path], rerun_file: Path, *, isolate: bool, live: bool, timing: bool, settings: dict, log
) -> dict:
    """Cold loads of each format, reruns of both apps on `rerun_file` and, if `live`, both apps in Chromium."""
    measured = {
        "load": measure_loads(by_format, isolate=isolate, timeout_s=settings["load_timeout_s"], log=log),
        "reruns": measure_rerun_times(
            rerun_file,
            isolate=isolate,
            changes=settings["changes"],
            budget_s=settings["rerun_budget_s"],
            timeout_s=settings["rerun_timeout_s"],
            log=log,
        ),
    }
    if live:
        measured["live"] = measure_browser(rerun_file, timing=timing, settings=settings, log=log)
    return measured


def _browser_missing() -> str | None:
    from benchmarks.browser import chromium_path

    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed"
    return None if chromium_path() else "Debian's chromium is not installed"


SECTIONS = ("sizes", "real", "pages", "concurrency")


def run(
    sizes: list[int],
    *,
    quick: bool = False,
    browser: bool = True,
    isolate: bool = True,
    real_record: bool = True,
    concurrency: bool = True,
    pages: bool = True,
    per_size: bool = True,
    changes: int | None = None,
    data_dir: Path = generate.DATA_DIR,
    source: Path | None = None,
    log=print,
) -> dict:
    """Measure every size and return the results (see report.py for their layout).

    `isolate` runs each load and each app in a fresh interpreter (cold, and no shared caches);
    tests switch it off for speed. `changes` overrides the number of filter changes per app.
    """
    settings = _settings(quick)
    if changes is not None:
        settings["changes"] = changes
    source = Path(source) if source is not None else generate.paths.INCIDENTS_FILE
    results: dict = {
        "meta": environment.machine_description(),
        "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in settings.items()},
        "sizes": {},
        "skipped": {},
    }
    results["meta"]["source_record"] = str(source.relative_to(ROOT) if source.is_relative_to(ROOT) else source)
    results["meta"]["quick"] = quick
    missing = _browser_missing() if browser else "browser measurements were switched off (--no-browser)"
    if missing:
        results["skipped"]["browser"] = missing
    log("generating synthetic sets (reused when up to date) ...")
    files = generate.ensure_datasets(sizes, directory=data_dir, source=source, log=lambda m: log("  " + m))
    for size in sizes if per_size else ():
        log(f"size {size:,}")
        by_format = {fmt: files[(size, fmt)] for fmt in generate.FORMATS}
        results["sizes"][str(size)] = {
            **_stamp(),
            **measure_file(
                by_format,
                by_format["parquet"],
                isolate=isolate,
                live=not missing,
                timing=size in BROWSER_TIMING_SIZES,
                settings=settings,
                log=log,
            ),
        }
    if real_record and not quick:
        log(f"real record {source}")
        results["real"] = {
            "file": results["meta"]["source_record"],
            "records": len(generate.read_real_record(source)),
            **_stamp(),
            **measure_file(
                {"geojson": source}, source, isolate=isolate, live=not missing, timing=True, settings=settings, log=log
            ),
        }
    if pages and not missing:
        log(f"pages of the bundled record {source}")
        results["pages"] = _attempt(partial(measure_pages, source, settings=settings), log, "pages")
    if concurrency and not missing:
        if CONCURRENCY_SIZE in sizes:
            log(f"concurrency at {CONCURRENCY_SIZE:,}")
            results["concurrency"] = {
                "size": CONCURRENCY_SIZE,
                "levels": list(settings["levels"]),
                **_stamp(),
                "apps": measure_sessions(files[(CONCURRENCY_SIZE, "parquet")], settings=settings, log=log),
            }
        else:
            results["skipped"]["concurrency"] = f"runs at {CONCURRENCY_SIZE:,} records, not among --sizes"
    return results


def merge(previous: dict, new: dict) -> dict:
    """Keep earlier sizes (and sections) that the new run did not measure."""
    merged = {**previous, **{k: v for k, v in new.items() if k != "sizes"}}
    merged["sizes"] = {**previous.get("sizes", {}), **new.get("sizes", {})}
    merged["runs"] = [*previous.get("runs", [previous.get("meta", {})]), new.get("meta", {})]
    merged["skipped"] = {**previous.get("skipped", {}), **new.get("skipped", {})}
    for section in ("real", "pages", "concurrency"):
        if section not in new and section in previous:
            merged[section] = previous[section]
    return merged


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(generate.DEFAULT_SIZES))
    parser.add_argument("--quick", action="store_true", help="only 1k records, fewer repetitions (< 2 min)")
    parser.add_argument("--no-browser", action="store_true", help="skip the live-server and Chromium parts")
    parser.add_argument(
        "--merge", action="store_true", help="keep sizes of benchmarks/results.json that this run does not measure"
    )
    parser.add_argument("--report-only", action="store_true", help="rewrite RESULTS.md from results.json")
    parser.add_argument(
        "--only",
        nargs="+",
        choices=SECTIONS,
        default=list(SECTIONS),
        help="measure only these sections (per-size metrics, real record, concurrency)",
    )
    parser.add_argument("--source", type=Path, default=None, help="real record to resample (default: bundled)")
    args = parser.parse_args(argv)
    if args.report_only:
        results = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
    else:
        sizes = [1_000] if args.quick else sorted(set(args.sizes))
        started = time.perf_counter()
        results = run(
            sizes,
            quick=args.quick,
            browser=not args.no_browser,
            source=args.source,
            per_size="sizes" in args.only,
            real_record="real" in args.only,
            pages="pages" in args.only,
            concurrency="concurrency" in args.only,
        )
        results["meta"]["duration_s"] = round(time.perf_counter() - started, 1)
        results["meta"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
        results["meta"]["dashboard_sources_at_end"] = environment.source_fingerprint()
        results["meta"]["command"] = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
        if args.merge and RESULTS_JSON.exists():
            results = merge(json.loads(RESULTS_JSON.read_text(encoding="utf-8")), results)
        RESULTS_JSON.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    RESULTS_MD.write_text(report.render_markdown(results), encoding="utf-8")
    RESULTS_SVG.write_text(chart.render_svg(results), encoding="utf-8")
    print(f"wrote {RESULTS_MD.relative_to(ROOT)}, {RESULTS_SVG.relative_to(ROOT)} and {RESULTS_JSON.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
