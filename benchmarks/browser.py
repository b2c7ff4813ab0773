"""Live-server measurements in headless Chromium: page open, filter change to repaint, memory, concurrency."""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.serverside import APPS, ROOT, BenchmarkError, category_choices, percentile

# Flags that keep Chromium from calling Google's services in a closed network; WebGL through SwiftShader.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--use-gl=angle",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
]
LOG_DIR = ROOT / "benchmarks" / "data" / "logs"
VIEWPORT = {"width": 1400, "height": 1000}
# The filter's label in both apps.
CATEGORY_LABEL = "Category"

# Records every change of Streamlit's script state with a wall-clock time, from the first paint on.
_STATE_LOGGER = """
window.__scriptStates = [];
new MutationObserver((records) => {
  for (const record of records) {
    window.__scriptStates.push({state: record.target.getAttribute('data-test-script-state'), t: Date.now()});
  }
}).observe(document,
           {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""
# The map is ready when the script has finished, MapLibre's canvas exists and plotly has drawn
# the legend or the colour bar (plotly draws them after the traces).
_MAP_READY = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const canvas = document.querySelector('.maplibregl-canvas');
  const plot = canvas && canvas.closest('.js-plotly-plot');
  return !!(plot && plot.querySelector('.legend, .colorbar'));
}
"""
_LEGEND_SIGNATURE = """
() => {
  const canvas = document.querySelector('.maplibregl-canvas');
  const plot = canvas && canvas.closest('.js-plotly-plot');
  if (!plot) return null;
  return Array.from(plot.querySelectorAll('.legend .traces')).map((t) => t.textContent).join('|');
}
"""
_LEGEND_CHANGED = "(before) => { const now = (" + _LEGEND_SIGNATURE + ")(); return now !== null && now !== before; }"
# True once a script run that started after `since` (page clock, ms) has finished.
_RERUN_DONE_SINCE = """
(since) => {
  let started = false;
  for (const entry of window.__scriptStates || []) {
    if (entry.t < since) continue;
    if (entry.state === 'running') started = true;
    else if (entry.state === 'notRunning' && started) return true;
  }
  return false;
}
"""
_TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def chromium_path() -> str | None:
    """Debian's Chromium, or None when it is not installed."""
    return shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, log_path: Path, timeout_s: float) -> None:
    """Poll a Streamlit server's health endpoint until it answers `ok`.

    Raises BenchmarkError when the process exits first or the time runs out.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchmarkError(f"streamlit exited early: {log_path.read_text()[-1500:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise BenchmarkError("streamlit did not become healthy in time")


class StreamlitServer:
    """`streamlit run` of one app on a free local port, with its peak memory from /proc."""

    def __init__(self, app: str, incidents_file: Path, *, timeout_s: float = 60.0):
        self.app = app
        self.port = _free_port()
        self.url = f"http://localhost:{self.port}"
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.log_path = LOG_DIR / f"server-{app}-{self.port}.log"
        self._log = self.log_path.open("w")
        env = {**os.environ, "INCIDENTS_FILE": str(incidents_file)}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(APPS[app]),
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
                "--server.address",
                "localhost",
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_healthy(timeout_s)
        except BenchmarkError:
            self.stop()
            raise

    def _wait_until_healthy(self, timeout_s: float) -> None:
        wait_until_healthy(self.url, self.process, self.log_path, timeout_s)

    def memory_mb(self) -> dict[str, float]:
        """Peak (VmHWM) and current (VmRSS) resident memory of the server process, in MiB."""
        values = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            name, _, rest = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                values[name] = int(rest.split()[0]) / 1024.0
        return {"peak_mb": values["VmHWM"], "rss_mb": values["VmRSS"]}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self._log.close()


def launch_browser(playwright):
    """Headless Debian Chromium; raises BenchmarkError when it is not installed."""
    path = chromium_path()
    if path is None:
        raise BenchmarkError("Debian's chromium is not installed")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)


def open_page(browser, url: str, *, timeout_s: float = 60.0):
    """Open the app in a fresh browser context; return the page and seconds until the map was ready."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(_STATE_LOGGER)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, timeout=timeout_s * 1000, wait_until="commit")
    page.wait_for_function(_MAP_READY, timeout=timeout_s * 1000, polling="raf")
    page.evaluate(_TWO_FRAMES)
    return page, time.perf_counter() - started


def close_page(page) -> None:
    """Close a page's browser context (a context that is already closed is fine)."""
    try:
        page.context.close()
    except Exception:
        pass


def _category_input(page):
    box = page.locator('[data-testid="stMultiSelect"]').filter(has=page.get_by_text(CATEGORY_LABEL, exact=True))
    return box.locator("input").first


def option_text(app: str, category: str) -> str:
    """What to type in an app's category filter to find one category."""
    if app == "project":
        from dashboard.core.style import CATEGORY_LABELS

        return CATEGORY_LABELS.get(category, category)
    return category


def _prepare_choice(page, app: str, category: str) -> None:
    """Type a category into the filter so that Enter selects it (typing alone sends nothing)."""
    field_input = _category_input(page)
    field_input.click()
    field_input.fill(option_text(app, category))
    page.locator('[role="option"]').filter(has_text=option_text(app, category)).first.wait_for(timeout=10_000)


def _legend(page) -> str | None:
    return page.evaluate(_LEGEND_SIGNATURE)


def change_and_wait_for_repaint(page, key: str, *, timeout_s: float = 60.0) -> float:
    """Press `key` in the focused filter and return seconds until the map legend changed and painted."""
    before = _legend(page)
    started = time.perf_counter()
    page.keyboard.press(key)
    page.wait_for_function(_LEGEND_CHANGED, arg=before, timeout=timeout_s * 1000, polling="raf")
    page.evaluate(_TWO_FRAMES)
    seconds = time.perf_counter() - started
    _wait_until_idle(page, timeout_s)
    return seconds


def _wait_until_idle(page, timeout_s: float) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
        " === 'notRunning'",
        timeout=timeout_s * 1000,
    )


def _prepare_change(page, app: str, categories: list[str], number: int) -> str:
    """Get change `number` ready and return the key that makes it: even ones select a category, odd ones clear it."""
    if number % 2 == 0:
        _prepare_choice(page, app, categories[(number // 2) % len(categories)])
        return "Enter"
    _category_input(page).click()
    return "Backspace"


def filter_repaints(page, app: str, categories: list[str], changes: int, *, timeout_s: float = 60.0) -> list[float]:
    """Alternately select a category and clear it again; seconds from the key press to the repainted map."""
    return [
        change_and_wait_for_repaint(page, _prepare_change(page, app, categories, number), timeout_s=timeout_s)
        for number in range(changes)
    ]


def filter_reruns(page, app: str, categories: list[str], changes: int, *, timeout_s: float = 60.0) -> None:
    """Drive filter changes like `filter_repaints`, waiting for each rerun to end rather than for the legend.

    For the memory peak at sizes where the map is a density surface, which has no legend to watch.
    """
    for number in range(changes):
        key = _prepare_change(page, app, categories, number)
        since = page.evaluate("() => Date.now()")
        page.keyboard.press(key)
        page.wait_for_function(_RERUN_DONE_SINCE, arg=since, timeout=timeout_s * 1000)
        _wait_until_idle(page, timeout_s)


@dataclass
class LiveResult:
    """Browser-side results of one app on one data file."""

    app: str
    file: str
    cold_open_s: float | None = None
    warm_open_s: list[float] = field(default_factory=list)
    repaint_s: list[float] = field(default_factory=list)
    peak_mb: float | None = None
    notes: list[str] = field(default_factory=list)


def measure_live(
    browser,
    app: str,
    path: Path,
    *,
    warm_opens: int = 3,
    changes: int = 10,
    timing: bool = True,
    timeout_s: float = 120.0,
) -> LiveResult:
    """Start a server, open the page cold then warm, time filter changes, and read the peak memory.

    With `timing` False only one page is opened and a few filter changes are driven (for the peak
    memory at sizes where browser timings are not asked for).
    """
    result = LiveResult(app, str(path))
    categories = category_choices(path)[0] + category_choices(path)[1]
    server = StreamlitServer(app, path)
    try:
        try:
            page, result.cold_open_s = open_page(browser, server.url, timeout_s=timeout_s)
        except Exception as error:  # playwright timeouts: report, and still read the memory
            result.notes.append(f"page not ready within {timeout_s:.0f} s ({type(error).__name__})")
            result.peak_mb = server.memory_mb()["peak_mb"]
            return result
        try:
            if timing:
                close_page(page)
                for _ in range(warm_opens):
                    page, seconds = open_page(browser, server.url, timeout_s=timeout_s)
                    result.warm_open_s.append(seconds)
                    close_page(page)
                page, _ = open_page(browser, server.url, timeout_s=timeout_s)
                result.repaint_s = filter_repaints(page, app, categories, changes, timeout_s=timeout_s)
            else:
                filter_reruns(page, app, categories, 4, timeout_s=timeout_s)
        except Exception as error:
            result.notes.append(f"browser step failed: {type(error).__name__}: {str(error)[:200]}")
        finally:
            close_page(page)
        result.peak_mb = server.memory_mb()["peak_mb"]
    finally:
        server.stop()
    return result


def _state_log(page) -> list[dict]:
    return page.evaluate("() => window.__scriptStates || []")


def _finished_after(log: list[dict], since_ms: float) -> float | None:
    """Wall time (ms) at which a run that started after `since_ms` finished, from the state log."""
    started = False
    for entry in log:
        if entry["t"] < since_ms:
            continue
        if entry["state"] == "running":
            started = True
        elif entry["state"] == "notRunning" and started:
            return entry["t"]
    return None


def measure_concurrency(
    browser, app: str, path: Path, levels=(1, 5, 20), *, rounds: int = 2, timeout_s: float = 120.0
) -> dict[int, dict]:
    """Seconds from a filter change to the end of its rerun, with N sessions changing filters at once.

    N pages are opened on one server; each types a different category (session i takes category
    i mod k), then all press Enter together (a select), and later Backspace together (a clear). Each
    session's time runs from its own key press to its script-state log showing the run finished.
    A key press that starts no run (rare: the dropdown closed meanwhile) is counted, not timed.

    Returns
    -------
    dict
        Per level: {"seconds": [...], "missed": number of key presses that started no run}.
    """
    categories = category_choices(path)[0] + category_choices(path)[1]
    server = StreamlitServer(app, path)
    pages = []
    timings: dict[int, dict] = {}
    try:
        for _ in range(max(levels)):
            pages.append(open_page(browser, server.url, timeout_s=timeout_s)[0])
        for level in levels:
            active = pages[:level]
            outcome = {"seconds": [], "missed": 0}
            for _ in range(rounds):
                choices = [categories[number % len(categories)] for number in range(level)]
                for page, category in zip(active, choices):
                    _prepare_choice(page, app, category)
                for page, category in zip(active, choices):  # re-type where the dropdown closed meanwhile
                    if not _option_visible(page, app, category):
                        _prepare_choice(page, app, category)
                _press_together(active, "Enter", timeout_s, outcome)
                for page in active:
                    _wait_until_idle(page, timeout_s)
                    _category_input(page).click()
                _press_together(active, "Backspace", timeout_s, outcome)
                for page in active:
                    _wait_until_idle(page, timeout_s)
            timings[level] = outcome
    finally:
        for page in pages:
            close_page(page)
        server.stop()
    return timings


def _option_visible(page, app: str, category: str) -> bool:
    return page.locator('[role="option"]').filter(has_text=option_text(app, category)).count() > 0


# A key press that has not started a run after this long is counted as missed.
_NO_START_S = 15.0


def _press_together(pages, key: str, timeout_s: float, outcome: dict) -> None:
    pressed = []
    for page in pages:
        pressed.append(time.time() * 1000.0)
        page.keyboard.press(key)
    deadline = time.monotonic() + timeout_s
    for number, (page, since) in enumerate(zip(pages, pressed)):
        while True:
            log = _state_log(page)
            finished = _finished_after(log, since)
            if finished is not None:
                outcome["seconds"].append((finished - since) / 1000.0)
                break
            started = any(entry["t"] >= since for entry in log)
            if not started and time.time() * 1000.0 - since > _NO_START_S * 1000.0:
                outcome["missed"] += 1
                break
            if time.monotonic() > deadline:
                recent = [(entry["state"], round(entry["t"] - since)) for entry in log[-4:]]
                raise BenchmarkError(
                    f"session {number + 1} of {len(pages)} did not finish its rerun after "
                    f"{key} within {timeout_s:.0f} s (last script states, ms from the key "
                    f"press: {recent})"
                )
            time.sleep(0.01)


def summarise(values: list[float]) -> dict[str, float]:
    """Median, nearest-rank p95 and maximum of measured values."""
    return {"median": statistics.median(values), "p95": percentile(values, 95), "max": max(values), "n": len(values)}
