"""Server-side measurements: cold load of a data file, rerun time after a filter change, map payload."""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = {"project": ROOT / "dashboard" / "app.py", "baseline": ROOT / "benchmarks" / "baseline_app.py"}
# Widget key of the category filter and element key of the map, per app.
CATEGORY_KEYS = {"project": "f_categories", "baseline": "b_categories"}
MAP_KEYS = {"project": "overview_map", "baseline": "b_map"}
LOADERS = ("project", "baseline")


class BenchmarkError(RuntimeError):
    """Raised when an app or a loader fails while being measured."""


@dataclass
class RerunResult:
    """Rerun timings of one app on one data file (AppTest, server side only)."""

    app: str
    file: str
    first_run_s: float
    rerun_ms: list[float] = field(default_factory=list)
    map_bytes: int = 0
    map_key: str = ""
    trace_types: list[str] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.rerun_ms)

    @property
    def p95_ms(self) -> float:
        return percentile(self.rerun_ms, 95)


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation), so the value is one that was measured."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


@contextmanager
def incidents_file(path: Path):
    """Point $INCIDENTS_FILE at `path` for the duration of the block."""
    previous = os.environ.get("INCIDENTS_FILE")
    os.environ["INCIDENTS_FILE"] = str(path)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("INCIDENTS_FILE", None)
        else:
            os.environ["INCIDENTS_FILE"] = previous


def load_with(loader: str, path: Path):
    """Read a data file into a GeoDataFrame the way the project or the baseline does."""
    if loader == "project":
        from dashboard.core.prepare import load_prepared_incidents

        return load_prepared_incidents(path)
    if loader == "baseline":
        import geopandas as gpd

        return gpd.read_parquet(path) if path.suffix in (".parquet", ".geoparquet") else gpd.read_file(path)
    raise ValueError(f"loader must be one of {', '.join(LOADERS)}, got {loader!r}")


def time_load(loader: str, path: Path) -> dict:
    """Seconds to read `path` into a GeoDataFrame with `loader` (imports excluded), and the row count."""
    import geopandas  # noqa: F401  (imported before the clock starts)

    if loader == "project":
        import dashboard.core.prepare  # noqa: F401
    started = time.perf_counter()
    frame = load_with(loader, path)
    seconds = time.perf_counter() - started
    return {"loader": loader, "file": str(path), "seconds": seconds, "rows": len(frame), "peak_mb": peak_memory_mb()}


def peak_memory_mb() -> float | None:
    """Peak resident memory (VmHWM) of this process in MiB, or None off Linux."""
    status = Path("/proc/self/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024.0
    return None


def category_choices(path: Path) -> tuple[list[str], list[str]]:
    """Two different category selections to alternate between: the commonest, then the next two."""
    import geopandas as gpd

    if path.suffix in (".parquet", ".geoparquet"):
        import pandas as pd

        categories = pd.read_parquet(path, columns=["category"])["category"]
    else:
        categories = gpd.read_file(path, columns=["category"], ignore_geometry=True)["category"]
    ranked = [str(value) for value in categories.value_counts().index]
    if not ranked:
        raise BenchmarkError(f"{path} has no categories to filter on")
    return ranked[:1], ranked[1:3]


def _check(at, app: str, step: str) -> None:
    if len(at.exception):
        raise BenchmarkError(f"{app} raised during {step}: {at.exception[0].message[:500]}")


def _map_spec(at, app: str) -> str:
    for chart in at.get("plotly_chart"):
        if chart.proto.id.endswith(f"-{MAP_KEYS[app]}"):
            return chart.proto.spec
    raise BenchmarkError(f"{app}: no plotly chart with key {MAP_KEYS[app]!r} on the page")


_TRACE_TYPE = re.compile(r'"type":\s*"(scattermap|densitymap|choroplethmap|scatter|bar|[a-z]+map)"')


def trace_types(spec: str, *, parse_limit: int = 50_000_000) -> list[str]:
    """Distinct trace types of a plotly figure JSON (a regex for huge figures, to spare the memory).

    The regex reads only the part before the layout: the layout's template names trace types too.
    """
    if len(spec) < parse_limit:
        return sorted({str(trace.get("type", "scatter")) for trace in json.loads(spec).get("data", [])})
    # Inside JSON strings quotes are escaped, so this finds the layout key itself.
    end = spec.find('"layout":')
    return sorted(set(_TRACE_TYPE.findall(spec if end < 0 else spec[:end])))


def measure_reruns(
    app: str, path: Path, *, changes: int = 20, budget_s: float = 120.0, min_changes: int = 3, timeout_s: float = 900.0
) -> RerunResult:
    """Time the server side of reruns after category-filter changes, with Streamlit's AppTest.

    The app runs once to warm up (loading the data and filling its caches); then the category filter
    alternates between two selections, `changes` times, or fewer (at least `min_changes`) when the
    time budget runs out. The map payload is measured on the unfiltered first run, the largest view.
    """
    from streamlit.testing.v1 import AppTest

    if app not in APPS:
        raise ValueError(f"app must be one of {', '.join(APPS)}, got {app!r}")
    first, second = category_choices(path)
    with incidents_file(path):
        at = AppTest.from_file(str(APPS[app]), default_timeout=timeout_s)
        started = time.perf_counter()
        at.run()
        result = RerunResult(app, str(path), time.perf_counter() - started)
        _check(at, app, "the first run")
        spec = _map_spec(at, app)
        result.map_bytes, result.map_key = len(spec.encode("utf-8")), MAP_KEYS[app]
        result.trace_types = trace_types(spec)
        deadline = time.perf_counter() + budget_s
        for number in range(changes):
            if number >= min_changes and time.perf_counter() > deadline:
                break
            try:
                widget = at.multiselect(key=CATEGORY_KEYS[app])
            except KeyError as error:
                raise BenchmarkError(
                    f"{app}: no multiselect with key {CATEGORY_KEYS[app]!r} before change "
                    f"{number + 1} (the sidebar was not drawn)"
                ) from error
            widget.set_value(first if number % 2 == 0 else second)
            begun = time.perf_counter()
            at.run()
            result.rerun_ms.append((time.perf_counter() - begun) * 1000.0)
            _check(at, app, f"rerun {number + 1}")
            _map_spec(at, app)
    return result


def run_isolated(args: list[str], timeout_s: float) -> dict:
    """Run this module's command line in a fresh interpreter and return its JSON answer.

    A fresh process makes a load truly cold and keeps one measurement's caches and memory away
    from the next. Raises BenchmarkError on a failure or a timeout.
    """
    command = [sys.executable, "-m", "benchmarks.serverside", *args]
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout_s)
    except subprocess.TimeoutExpired as error:
        raise BenchmarkError(f"timed out after {timeout_s:.0f} s") from error
    if done.returncode != 0:
        lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
        raise BenchmarkError(f"exit {done.returncode}: {lines[-1].strip()[:400] if lines else 'no message'}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Command line used by run_isolated: `load` or `reruns`, answering one JSON line on stdout."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serverside")
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("load")
    load.add_argument("--loader", choices=LOADERS, required=True)
    load.add_argument("--file", type=Path, required=True)
    reruns = commands.add_parser("reruns")
    reruns.add_argument("--app", choices=tuple(APPS), required=True)
    reruns.add_argument("--file", type=Path, required=True)
    reruns.add_argument("--changes", type=int, default=20)
    reruns.add_argument("--budget", type=float, default=120.0)
    args = parser.parse_args(argv)
    if args.command == "load":
        answer = time_load(args.loader, args.file)
    else:
        answer = asdict(measure_reruns(args.app, args.file, changes=args.changes, budget_s=args.budget))
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
