"""Profile an app's reruns after filter changes with cProfile (`python -m benchmarks.profile_app`)."""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks import generate
from benchmarks.environment import source_fingerprint
from benchmarks.serverside import APPS, CATEGORY_KEYS, ROOT, BenchmarkError, category_choices, incidents_file

PROFILE_MD = ROOT / "benchmarks" / "PROFILE.md"


@contextmanager
def profiled_script_runs(profiler: cProfile.Profile):
    """Profile the thread in which AppTest runs the script (cProfile sees only its own thread)."""
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    original = LocalScriptRunner._run_script_thread

    def run_profiled(self):
        profiler.enable()
        try:
            original(self)
        finally:
            profiler.disable()

    LocalScriptRunner._run_script_thread = run_profiled
    try:
        yield
    finally:
        LocalScriptRunner._run_script_thread = original


def profile_reruns(app: str, path: Path, *, changes: int = 10, top: int = 30) -> tuple[str, float]:
    """Warm the app, then profile `changes` reruns after category changes.

    Returns
    -------
    (str, float)
        The pstats listing (by cumulative and by own time) and the mean wall time per rerun in ms.
    """
    from streamlit.testing.v1 import AppTest

    first, second = category_choices(path)
    profiler = cProfile.Profile()
    with incidents_file(path):
        at = AppTest.from_file(str(APPS[app]), default_timeout=900)
        at.run()
        if len(at.exception):
            raise BenchmarkError(f"{app} raised: {at.exception[0].message[:300]}")
        started = time.perf_counter()
        with profiled_script_runs(profiler):
            for number in range(changes):
                at.multiselect(key=CATEGORY_KEYS[app]).set_value(first if number % 2 == 0 else second).run()
        mean_ms = (time.perf_counter() - started) * 1000.0 / changes
    out = io.StringIO()
    for order in ("cumulative", "tottime"):
        out.write(f"--- sorted by {order} ---\n")
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
    out.write("--- who calls the costliest generic functions ---\n")
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
    for name in ("deepcopy", "clean_to_json_compatible", "to_json_plotly", "_set_array_prop", "add_annotation"):
        stats.print_callers(rf"\({name}\)", 12)
    return out.getvalue(), mean_ms


def main(argv: list[str] | None = None) -> int:
    """Command line: profile one app at one size and write benchmarks/PROFILE.md."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_app", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--app", choices=tuple(APPS), default="project")
    parser.add_argument("--changes", type=int, default=10)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--output", type=Path, default=PROFILE_MD)
    args = parser.parse_args(argv)
    path = generate.ensure_datasets([args.size], formats=("parquet",))[(args.size, "parquet")]
    listing, mean_ms = profile_reruns(args.app, path, changes=args.changes, top=args.top)
    args.output.write_text(
        f"# Profile: {args.app} app, {args.size:,} records, {args.changes} reruns after category changes\n\n"
        f"Made by `python -m benchmarks.profile_app --size {args.size} --app {args.app}` (cProfile on the script "
        f"thread of AppTest; profiling slows the run) on dashboard sources `{source_fingerprint()}`. Mean wall time "
        f"per rerun under the profiler: {mean_ms:.0f} ms.\n\n```text\n{listing}```\n",
        encoding="utf-8",
    )
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
