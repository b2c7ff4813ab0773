"""Live-server measurements in headless Chromium: page open, filter change to repaint, memory, concurrency."""

from __future__ import annotations

import contextlib
import json
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.serverside import APPS, ROOT, BenchmarkError, category_choices, percentile
from tests.support.live_server import DashboardServer, chromium_path, launch_chromium
from tests.support.sessions import (
    CATEGORY_LABEL,
    STATE_LOGGER,
    RerunTimings,
    category_input,
    option_visible,
    prepare_choice,
    press_together,
)

LOG_DIR = ROOT / "benchmarks" / "data" / "logs"
VIEWPORT = {"width": 1400, "height": 1000}

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
# How many choices the category filter shows (its chips: `data-tag-index` in Streamlit 1.67), against the wanted number.
_CHOSEN_COUNT_IS = (
    "(wanted) => Array.from(document.querySelectorAll('[data-testid=\"stMultiSelect\"]'))"
    ".filter((box) => box.textContent.includes(" + json.dumps(CATEGORY_LABEL) + "))"
    ".map((box) => box.querySelectorAll('[data-tag-index]').length)[0] === wanted"
)
# Untimed filter changes: seconds to wait for a key press's run, and how often a lost key press is made again.
_KEY_WAIT_S = 10.0
_KEY_ATTEMPTS = 3
_TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"


def start_server(app: str, incidents_file: Path) -> DashboardServer:
    """`streamlit run` of one app (project or baseline) on a free port, logging under benchmarks/data/logs."""
    return DashboardServer(APPS[app], incidents_file=incidents_file, log_dir=LOG_DIR)


@contextlib.contextmanager
def opened_browser() -> Iterator:
    """Debian's Chromium under Playwright for the length of a `with` block, closed after it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            yield browser
        finally:
            browser.close()


def launch_browser(playwright):
    """Headless Debian Chromium; raises BenchmarkError when it is not installed."""
    if chromium_path() is None:
        raise BenchmarkError("Debian's chromium is not installed")
    return launch_chromium(playwright)


def open_page(browser, url: str, *, timeout_s: float = 60.0):
    """Open the app in a fresh browser context; return the page and seconds until the map was ready."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(STATE_LOGGER)
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, timeout=timeout_s * 1000, wait_until="commit")
    page.wait_for_function(_MAP_READY, timeout=timeout_s * 1000, polling="raf")
    page.evaluate(_TWO_FRAMES)
    return page, time.perf_counter() - started


def close_page(page) -> None:
    """Close a page's browser context (a context that is already closed is fine)."""
    from playwright.sync_api import Error as PlaywrightError

    with contextlib.suppress(PlaywrightError):
        page.context.close()


def option_text(app: str, category: str) -> str:
    """What to type in an app's category filter to find one category."""
    if app == "project":
        from dashboard.core.style import CATEGORY_LABELS

        return CATEGORY_LABELS.get(category, category)
    return category


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
    wait_until_idle(page, timeout_s)
    return seconds


def wait_until_idle(page, timeout_s: float) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
        " === 'notRunning'",
        timeout=timeout_s * 1000,
    )


def _prepare_change(page, app: str, categories: list[str], number: int) -> str:
    """Get change `number` ready and return the key that makes it: even ones select a category, odd ones clear it."""
    if number % 2 == 0:
        prepare_choice(page, option_text(app, categories[(number // 2) % len(categories)]))
        return "Enter"
    category_input(page).click()
    return "Backspace"


def filter_repaints(page, app: str, categories: list[str], changes: int, *, timeout_s: float = 60.0) -> list[float]:
    """Alternately select a category and clear it again; seconds from the key press to the repainted map."""
    return [
        change_and_wait_for_repaint(page, _prepare_change(page, app, categories, number), timeout_s=timeout_s)
        for number in range(changes)
    ]


def filter_reruns(page, app: str, categories: list[str], changes: int, *, timeout_s: float = 60.0) -> None:
    """Drive filter changes like `filter_repaints`, waiting for each rerun to end rather than for the legend.

    For the memory peak at sizes where the map is a density surface, which has no legend to watch. Nothing is
    timed here, so a key press that started no run (about 1 in 3 test runs lost one when changes followed each
    other at once) is made again, up to `_KEY_ATTEMPTS` times.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for number in range(changes):
        wanted = 1 if number % 2 == 0 else 0
        for attempt in range(1, _KEY_ATTEMPTS + 1):
            key = _prepare_change(page, app, categories, number)
            since = page.evaluate("() => Date.now()")
            page.keyboard.press(key)
            try:
                page.wait_for_function(_RERUN_DONE_SINCE, arg=since, timeout=_KEY_WAIT_S * 1000)
                wait_until_idle(page, timeout_s)
                page.wait_for_function(_CHOSEN_COUNT_IS, arg=wanted, timeout=_KEY_WAIT_S * 1000)
                break
            except PlaywrightTimeout:
                if attempt == _KEY_ATTEMPTS:
                    raise
                if page.evaluate(_CHOSEN_COUNT_IS, wanted):
                    break


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
    server = start_server(app, path)
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
    server = start_server(app, path)
    pages = []
    timings: dict[int, dict] = {}
    try:
        for _ in range(max(levels)):
            pages.append(open_page(browser, server.url, timeout_s=timeout_s)[0])
        for level in levels:
            active = pages[:level]
            outcome: RerunTimings = {"seconds": [], "missed": 0}
            for _ in range(rounds):
                choices = [categories[number % len(categories)] for number in range(level)]
                for page, category in zip(active, choices, strict=True):
                    prepare_choice(page, option_text(app, category))
                for page, category in zip(active, choices, strict=True):  # re-type where the dropdown closed meanwhile
                    if not option_visible(page, option_text(app, category)):
                        prepare_choice(page, option_text(app, category))
                press_together(active, "Enter", timeout_s, outcome)
                for page in active:
                    wait_until_idle(page, timeout_s)
                    category_input(page).click()
                press_together(active, "Backspace", timeout_s, outcome)
                for page in active:
                    wait_until_idle(page, timeout_s)
            timings[level] = outcome
    finally:
        for page in pages:
            close_page(page)
        server.stop()
    return timings


def summarise(values: list[float]) -> dict[str, float]:
    """Median, nearest-rank p95 and maximum of measured values."""
    return {"median": statistics.median(values), "p95": percentile(values, 95), "max": max(values), "n": len(values)}
