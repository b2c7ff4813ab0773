"""Concurrent readers on the bundled record: rerun latency and isolation on one process and on several behind nginx.

`python -m benchmarks.sessions [--sessions 20] [--processes 1 2]` writes benchmarks/sessions.json (runs of other
process counts already in the file are kept); RESULTS.md's concurrency section is rendered from it
(`report_lines`, called by benchmarks/report.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.serverside import ROOT, percentile
from tests.support.live_server import (
    DashboardServer,
    ProxiedDashboard,
    cpu_seconds,
    launch_chromium,
    log_errors,
    machine_cpu_seconds,
    memory_mb,
)
from tests.support.sessions import (
    STATE_LOGGER,
    RerunTimings,
    check_isolation,
    close_visitors,
    open_visitors,
    press_together,
    type_categories,
    write_upload_file,
)

SESSIONS_JSON = Path(__file__).resolve().parent / "sessions.json"
LOG_DIR = ROOT / "benchmarks" / "data" / "logs"
# Issue #17's targets for 20 sessions on one process, key press to rerun done.
TARGET_MEDIAN_S = 2.5
TARGET_P95_S = 5.0


def _start(processes: int, folder: Path) -> DashboardServer | ProxiedDashboard:
    if processes == 1:
        return DashboardServer(log_dir=LOG_DIR)
    return ProxiedDashboard(folder / "nginx", processes)


def _server_logs(front: DashboardServer | ProxiedDashboard) -> dict[str, str]:
    if isinstance(front, DashboardServer):
        return {"dashboard": front.log()}
    logs = {f"dashboard-{port}": front.backend_log(port) for port in front.ports}
    logs["nginx"] = front.error_log()
    return logs


def _server_pids(front: DashboardServer | ProxiedDashboard) -> list[int]:
    if isinstance(front, DashboardServer):
        return [front.process.pid]
    return [front.backend_pid(port) for port in front.ports]


def _peak_memory(front: DashboardServer | ProxiedDashboard) -> list[float]:
    if isinstance(front, DashboardServer):
        return [round(memory_mb(front.process.pid)["peak_mb"], 1)]
    return [round(value["peak_mb"], 1) for value in front.memory_mb().values()]


def _routing(front: ProxiedDashboard) -> dict:
    """Sessions (WebSocket streams) per process and routing cookies seen on more than one process."""
    upstreams_by_route: dict[str, set[str]] = {}
    streams: Counter = Counter()
    for entry in front.access_log():
        upstream = entry.get("upstream", "-")
        if upstream == "-":
            continue  # a static file nginx served itself
        upstreams_by_route.setdefault(entry["route"], set()).add(upstream)
        if "/_stcore/stream" in entry.get("request", ""):
            streams[upstream] += 1
    return {
        "streams_per_process": {backend: streams.get(backend, 0) for backend in front.backends},
        "routes_on_several_processes": sum(1 for upstreams in upstreams_by_route.values() if len(upstreams) > 1),
    }


def measure(processes: int, sessions: int, *, timeout_s: float = 300.0, log=print) -> dict:
    """Open `sessions` visitors (FILTERS in turn, every third uploads), then all add a category at once.

    Times each key press to its rerun's end, then checks that every visitor sees exactly its own view.
    One process is reached directly; several through deploy/run-servers.sh (nginx).
    """
    from playwright.sync_api import sync_playwright

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        upload = write_upload_file(Path(folder))
        front = _start(processes, Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright)
                started = time.perf_counter()
                visitors = open_visitors(
                    browser, front.url, sessions, upload, init_script=STATE_LOGGER, timeout_ms=timeout_s * 1000
                )
                opened_s = time.perf_counter() - started
                log(f"  {sessions} sessions open in {opened_s:.1f} s; all add a category at once")
                try:
                    type_categories(visitors)
                    # Where the CPU went while the reruns ran: the dashboard processes, or the rest of the
                    # machine (the browsers, and whatever else runs on it).
                    server_cpu_before = sum(cpu_seconds(pid) for pid in _server_pids(front))
                    machine_before = machine_cpu_seconds()
                    step_started = time.perf_counter()
                    timings: RerunTimings = {"seconds": [], "missed": 0}
                    press_together([visitor.page for visitor in visitors], "Enter", timeout_s, timings)
                    step_s = time.perf_counter() - step_started
                    server_cpu_s = sum(cpu_seconds(pid) for pid in _server_pids(front)) - server_cpu_before
                    machine_busy_s, machine_total_s = (
                        after - before for after, before in zip(machine_cpu_seconds(), machine_before, strict=True)
                    )
                    outcomes = check_isolation(visitors, int(timeout_s * 1000))
                finally:
                    close_visitors(visitors)
                    browser.close()
            errors = {name: log_errors(text) for name, text in _server_logs(front).items()}
            peaks = _peak_memory(front)
            routing = _routing(front) if isinstance(front, ProxiedDashboard) else None
        finally:
            front.stop()
    seconds = timings["seconds"]
    return {
        "processes": processes,
        "behind_nginx": processes > 1,
        "sessions": sessions,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
        "open_seconds": round(opened_s, 1),
        "change_step": {
            "wall_s": round(step_s, 2),
            "dashboard_cpu_s": round(server_cpu_s, 2),
            "machine_busy_cpu_s": round(machine_busy_s, 2),
            "machine_available_cpu_s": round(machine_total_s, 2),
        },
        "rerun_seconds": [round(value, 3) for value in seconds],
        "median_s": round(statistics.median(seconds), 3) if seconds else None,
        "p95_s": round(percentile(seconds, 95), 3) if seconds else None,
        "max_s": round(max(seconds), 3) if seconds else None,
        "missed_key_presses": timings["missed"],
        "uploading_sessions": sum(o.uploaded for o in outcomes),
        "isolated_sessions": sum(o.isolated for o in outcomes),
        "log_errors": {name: lines[:20] for name, lines in errors.items() if lines},
        "server_peak_mb": peaks,
        "routing": routing,
        "outcomes": [o.__dict__ for o in outcomes],
    }


def report_lines(path: Path = SESSIONS_JSON) -> list[str]:
    """RESULTS.md's concurrency section (Markdown lines) from sessions.json."""
    if not path.exists():
        return ["Not measured yet (run `python -m benchmarks.sessions`)."]
    runs = json.loads(path.read_text(encoding="utf-8")).get("runs", {})
    if not runs:
        return ["Not measured yet (run `python -m benchmarks.sessions`)."]
    lines = [
        "Bundled record. N browser sessions (headless Chromium) open the Overview at once, each with its own "
        "filter from the URL; every third uploads a small ASAM file on the Import page and returns to the map. "
        "Then every session types a category into its filter and all press Enter together (5 categories in "
        "turn, so some sessions end on the same filter and most on their own). Time per session from its key "
        "press until its own script-state log shows the rerun finished. Afterwards each session must show "
        "exactly the points of its own filter (computed independently) and the imported layer only if it "
        "uploaded. One process is reached directly, two through `deploy/run-servers.sh` (nginx, cookie-sticky).",
        f"Targets (issue #17, one process, 20 sessions): median <= {TARGET_MEDIAN_S} s, p95 <= {TARGET_P95_S} s, "
        "no error in the server logs, every session isolated.",
        "",
        "| processes | sessions | median | p95 | max | missed key presses | isolated | uploading | errors in logs "
        "| sessions per process | peak memory per process | load average before / after (cores) | measured |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key in sorted(runs, key=int):
        run = runs[key]
        routing = run.get("routing") or {}
        per_process = " / ".join(str(n) for n in routing.get("streams_per_process", {}).values()) or "all"
        errors = sum(len(v) for v in run["log_errors"].values())
        lines.append(
            f"| {run['processes']}{' (nginx)' if run['behind_nginx'] else ''} | {run['sessions']} "
            f"| {_seconds(run['median_s'])} | {_seconds(run['p95_s'])} | {_seconds(run['max_s'])} "
            f"| {run['missed_key_presses']} | {run['isolated_sessions']}/{run['sessions']} "
            f"| {run['uploading_sessions']} | {errors} | {per_process} "
            f"| {' / '.join(f'{mb:,.0f} MiB' for mb in run['server_peak_mb'])} "
            f"| {run['load_average_before'][0]} / {run['load_average_after'][0]} ({run['cpu_count']}) "
            f"| {run['measured_at']} |"
        )
    lines += ["", *_verdict(runs), ""]
    for key in sorted(runs, key=int):
        step = runs[key].get("change_step")
        if step:
            lines.append(
                f"- {key} process(es), while the {runs[key]['sessions']} reruns ran ({step['wall_s']:.1f} s): the "
                f"dashboard process(es) used {step['dashboard_cpu_s']:.1f} CPU-s, the whole machine "
                f"{step['machine_busy_cpu_s']:.1f} of {step['machine_available_cpu_s']:.1f} available CPU-s "
                "(the rest of the busy time: the Chromium sessions and other jobs on the machine)."
            )
    stored_notes = json.loads(path.read_text(encoding="utf-8")).get("notes") or []
    lines += [f"- {note}" for note in stored_notes]
    return lines


def _seconds(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.2f} s"


def _verdict(runs: dict) -> list[str]:
    """Whether the one-process run meets the targets, and by how much it misses them."""
    run = runs.get("1")
    if run is None or run["median_s"] is None:
        return ["One-process targets: not measured."]
    missed = []
    for name, value, target in (("median", run["median_s"], TARGET_MEDIAN_S), ("p95", run["p95_s"], TARGET_P95_S)):
        if value > target:
            missed.append(f"{name} {value:.2f} s is {value - target:.2f} s ({value / target - 1:.0%}) over {target} s")
    if run["sessions"] < 20:
        missed.append(f"only {run['sessions']} sessions were run, not 20")
    if run["log_errors"]:
        missed.append("errors in the server log")
    if run["isolated_sessions"] != run["sessions"]:
        missed.append(f"{run['sessions'] - run['isolated_sessions']} session(s) not isolated")
    return ["One-process targets: " + ("met." if not missed else "missed: " + "; ".join(missed) + ".")]


def main(argv: list[str] | None = None) -> int:
    """Command line: measure, merge into sessions.json, print the summary."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sessions", description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="1 = direct, more = behind nginx")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds allowed per browser step")
    parser.add_argument("--note", action="append", help="a sentence for RESULTS.md (why a target is missed ...)")
    parser.add_argument("--report-only", action="store_true", help="print the section from sessions.json")
    args = parser.parse_args(argv)
    stored = json.loads(SESSIONS_JSON.read_text(encoding="utf-8")) if SESSIONS_JSON.exists() else {}
    runs = stored.get("runs", {})
    # Stored notes describe the stored runs: a new measurement drops them unless new ones are given with it.
    kept = stored.get("notes", []) if args.report_only else []
    notes = args.note if args.note is not None else kept
    status = 0
    for processes in [] if args.report_only else args.processes:
        print(f"{args.sessions} sessions on {processes} process(es)")
        try:
            run = measure(processes, args.sessions, timeout_s=args.timeout)
        except Exception as error:  # a failed run (server start, browser timeout) is reported, not estimated
            print(f"  not measured: {type(error).__name__}: {str(error)[:300]}")
            status = 1
            continue
        runs[str(processes)] = run
        print(json.dumps({k: v for k, v in run.items() if k not in ("outcomes", "rerun_seconds")}, indent=1))
        if run["isolated_sessions"] != run["sessions"] or run["log_errors"]:
            status = 1
    SESSIONS_JSON.write_text(json.dumps({"runs": runs, "notes": notes}, indent=1) + "\n", encoding="utf-8")
    print("\n".join(report_lines(SESSIONS_JSON)))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
