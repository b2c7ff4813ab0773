"""The bundled record in headless Chromium: page opens and interactions of the project, side by side with the baseline.

Both servers run at once and the measurements alternate between them (project, baseline, project, ...), so
that a change of the machine's load during the run falls on both alike. Measured, per repetition:

- overview open: a fresh browser context opens the page of each app (warm servers) until the map is ready;
- filter change: a key press in the category filter until the map's legend changed and painted;
- row selection (project only; the baseline has no table): a click on a row of the Incidents table until the
  detail card shows that row's incident;
- threat page open (project): a fresh context opens the Threat range page until its map is ready, alternated
  with the project's Overview opens above (the target compares the two);
- range change (project): a key press on the range slider (10 km further each time, so every range is new
  to the server) until the zone's legend entry names the new range and painted.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.browser import (
    _MAP_READY,
    _TWO_FRAMES,
    _prepare_change,
    change_and_wait_for_repaint,
    close_page,
    open_page,
    start_server,
    wait_until_idle,
)
from benchmarks.serverside import category_choices

# The zone's legend entry ("Sea within 1,500 km (810 nm)") names the range shown.
_ZONE_LEGEND = """
() => {
  const names = Array.from(document.querySelectorAll('.js-plotly-plot .legend .traces'))
    .map((entry) => entry.textContent).filter((text) => text.startsWith('Sea within'));
  return names.length ? names[0] : null;
}
"""
_ZONE_CHANGED = "(before) => { const now = (" + _ZONE_LEGEND + ")(); return now !== null && now !== before; }"
# The Incidents page's detail card names the incident it shows in its field list.
_CARD_SHOWS = """
(wanted) => Array.from(document.querySelectorAll('[data-testid="stMarkdownContainer"] li'))
  .some((item) => item.textContent.startsWith('Incident id:') && item.textContent.includes(wanted))
"""
# Height of a row of the Incidents table (its header too), in CSS pixels.
_TABLE_ROW_HEIGHT_PX = 35


@dataclass
class PagesResult:
    """Seconds per repetition, by measurement and app."""

    file: str
    overview_open_s: dict[str, list[float]] = field(default_factory=lambda: {"project": [], "baseline": []})
    filter_repaint_s: dict[str, list[float]] = field(default_factory=lambda: {"project": [], "baseline": []})
    row_selection_s: list[float] = field(default_factory=list)
    threat_open_s: list[float] = field(default_factory=list)
    range_change_s: list[float] = field(default_factory=list)
    load_average: list[list[float]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def _record(result: PagesResult, label: str, step) -> None:
    """Run one measurement step; a failure becomes a note so that the other steps still run."""
    try:
        step()
    except Exception as error:  # playwright timeouts and page errors: reported, never estimated
        result.notes.append(f"{label}: {type(error).__name__}: {str(error).splitlines()[0][:200]}")


def table_ids(path: Path) -> list[str]:
    """Incident ids of the record in the Incidents table's order (unfiltered), as the project builds it."""
    from dashboard.core.incidents_table import incident_table_rows
    from dashboard.core.prepare import load_prepared_valid_incidents

    incidents, _ = load_prepared_valid_incidents(path)
    return list(incident_table_rows(incidents)["id"])


def select_rows(page, url: str, ids: list[str], *, timeout_s: float) -> list[float]:
    """Open the Incidents page and click its first rows in turn; seconds from each click until its card shows.

    `ids` are the table's incident ids in order (`table_ids`): the card must name the clicked row's incident.
    """
    page.goto(f"{url}/incidents", timeout=timeout_s * 1000)
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.wait_for(timeout=timeout_s * 1000)
    wait_until_idle(page, timeout_s)
    box = grid.bounding_box()
    seconds = []
    for row, wanted in enumerate(ids):
        started = time.perf_counter()
        # The row's selection box sits at the left edge of the row (under the header row).
        page.mouse.click(box["x"] + 18, box["y"] + _TABLE_ROW_HEIGHT_PX * (row + 1) + _TABLE_ROW_HEIGHT_PX / 2)
        page.wait_for_function(_CARD_SHOWS, arg=wanted, timeout=timeout_s * 1000, polling="raf")
        page.evaluate(_TWO_FRAMES)
        seconds.append(time.perf_counter() - started)
        wait_until_idle(page, timeout_s)
    return seconds


def change_ranges(page, url: str, changes: int, *, timeout_s: float) -> list[float]:
    """Open the Threat range page and move the range slider 10 km further `changes` times; seconds to each redraw."""
    page.goto(f"{url}/geography", timeout=timeout_s * 1000)
    page.wait_for_function(_MAP_READY, timeout=timeout_s * 1000, polling="raf")
    slider = page.locator(".st-key-threat_range_km").get_by_role("slider")
    seconds = []
    for _ in range(changes):
        before = page.evaluate(_ZONE_LEGEND)
        slider.focus()
        started = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(_ZONE_CHANGED, arg=before, timeout=timeout_s * 1000, polling="raf")
        page.evaluate(_TWO_FRAMES)
        seconds.append(time.perf_counter() - started)
        wait_until_idle(page, timeout_s)
    return seconds


def measure_pages(
    browser, path: Path, *, opens: int = 5, changes: int = 10, selections: int = 6, timeout_s: float = 120.0
) -> PagesResult:
    """Measure the bundled record's page opens and interactions, alternating project and baseline.

    Parameters
    ----------
    browser : a launched Playwright Chromium.
    path : the record file both apps read.
    opens : warm opens per app and page; changes : filter changes per app and range changes;
    selections : table rows clicked.
    """
    result = PagesResult(str(path))
    categories = category_choices(path)[0] + category_choices(path)[1]
    servers = {app: start_server(app, path) for app in ("project", "baseline")}
    result.load_average.append(_load_average())
    try:
        # Warm-up: the first page of each server loads the data and fills the caches (cold opens are
        # measured by the per-size benchmark).
        for server in servers.values():
            page, _ = open_page(browser, server.url, timeout_s=timeout_s)
            close_page(page)
        page, _ = open_page(browser, servers["project"].url + "/geography", timeout_s=timeout_s)
        close_page(page)

        def one_open(app: str, suffix: str, into: list[float]) -> None:
            page, seconds = open_page(browser, servers[app].url + suffix, timeout_s=timeout_s)
            close_page(page)
            into.append(seconds)

        for _ in range(opens):
            for app in ("project", "baseline"):
                _record(result, f"{app} open", lambda app=app: one_open(app, "", result.overview_open_s[app]))
            _record(result, "threat open", lambda: one_open("project", "/geography", result.threat_open_s))
        result.load_average.append(_load_average())

        pages = {}
        for app, server in servers.items():
            pages[app], _ = open_page(browser, server.url, timeout_s=timeout_s)
        try:
            for number in range(changes):
                for app in ("project", "baseline"):
                    _record(
                        result,
                        f"{app} filter change",
                        lambda app=app, number=number: result.filter_repaint_s[app].append(
                            _one_change(pages[app], app, categories, number, timeout_s)
                        ),
                    )
        finally:
            for page in pages.values():
                close_page(page)
        result.load_average.append(_load_average())

        page, _ = open_page(browser, servers["project"].url, timeout_s=timeout_s)
        try:
            _record(
                result,
                "row selection",
                lambda: result.row_selection_s.extend(
                    select_rows(page, servers["project"].url, table_ids(path)[:selections], timeout_s=timeout_s)
                ),
            )
            _record(
                result,
                "range change",
                lambda: result.range_change_s.extend(
                    change_ranges(page, servers["project"].url, changes, timeout_s=timeout_s)
                ),
            )
        finally:
            close_page(page)
        result.load_average.append(_load_average())
    finally:
        for server in servers.values():
            server.stop()
    return result


def _one_change(page, app: str, categories: list[str], number: int, timeout_s: float) -> float:
    """One filter change of the alternating sequence that `filter_repaints` drives (select, clear, ...)."""
    key = _prepare_change(page, app, categories, number)
    return change_and_wait_for_repaint(page, key, timeout_s=timeout_s)
