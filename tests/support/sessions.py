"""Many visitors at once in Chromium: open each with its own filter, upload in some, check each sees only its own."""

from __future__ import annotations

import contextlib
import functools
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import parse_qs, quote

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from dashboard.core import paths
from tests.support.live_server import HarnessError

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

# Visitor filters that give distinct, known point counts on the bundled record.
FILTERS = (
    "category=attack",
    "category=hijacking",
    "category=sinking",
    "claim=claimed",
    "claim=disputed",
    "actor=somali_pirates",
    "category=suspicious_approach",
    "from=2024-01-01&to=2024-06-30",
    "area=Gulf%20of%20Aden",
    "weapon=uncrewed_surface_vessel",
)
UPLOAD = (
    "reference,date,position,navArea,subreg,hostility,victim,description\n"
    '2010-001,01/05/2010,"12°30\'00""N 047°10\'00""E",IX,62,Pirates,Bulk carrier,"Pirates hijacked a bulk carrier."\n'
    '2010-002,02/06/2010,"13°00\'00""N 048°20\'00""E",IX,62,Pirates,tanker,"Tanker approached by a skiff."\n'
)
# The incident ids of one marker's first customdata value, read as `core/marker_ids.split_marker_ids` reads
# them: an id sharing the previous full id's prefix is written by its number only ("RS-2024-0033 0034").
# How long a session's map may take to show its expected view before it is compared (busy CI machines).
VIEW_SETTLE_MS = 30_000
MARKER_IDS = """(text) => {
    const ids = [];
    let prefix = null;
    for (const token of String(text).split(' ').filter(Boolean)) {
        const cut = token.lastIndexOf('-');
        if (cut < 0 && prefix !== null) {
            ids.push(prefix + token);
        } else {
            ids.push(token);
            prefix = cut >= 0 ? token.slice(0, cut + 1) : null;
        }
    }
    return ids;
}"""
# Distinct incidents on the map: every incident marker carries its ids (several when records share a position
# or a cell) as its first customdata value; labels, the scale bar and shared-position counts carry none, and
# the selection ring and imported layer are left out by name.
COUNT_POINTS = (
    """() => {
    const graph = document.querySelector('.js-plotly-plot');
    if (!graph || !graph._fullData) return -1;
    const markerIds = """
    + MARKER_IDS
    + """;
    const ids = new Set();
    for (const t of graph._fullData) {
        if (t.type !== 'scattermap' || String(t.name).startsWith('Selected')
            || String(t.name).startsWith('Imported') || !Array.isArray(t.customdata)) continue;
        for (const row of t.customdata) {
            const first = Array.isArray(row) ? row[0] : row;
            if (typeof first === 'string') markerIds(first).forEach(id => ids.add(id));
        }
    }
    return ids.size;
}"""
)
HAS_IMPORTED = """() => {
    const graph = document.querySelector('.js-plotly-plot');
    return !!graph && graph._fullData.some(t => String(t.name).startsWith('Imported'));
}"""
# The uploader lists the file with no spinner once the browser has sent it (Import would not see it before).
UPLOAD_RECEIVED = (
    "() => !!document.querySelector('[data-testid=stFileChip]')"
    " && !document.querySelector('[data-testid=stFileChipIconSpinner]')"
)
SCRIPT_IDLE = (
    "() => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state') === 'notRunning'"
)
# Records every change of Streamlit's script state with a wall-clock time, from the first paint on
# (add it with `context.add_init_script` before the page opens).
STATE_LOGGER = """
window.__scriptStates = [];
new MutationObserver((records) => {
  for (const record of records) {
    window.__scriptStates.push({state: record.target.getAttribute('data-test-script-state'), t: Date.now()});
  }
}).observe(document,
           {attributes: true, subtree: true, attributeFilter: ['data-test-script-state']});
"""
# The category filter's label (the dashboard's and the benchmark baseline's).
CATEGORY_LABEL = "Category"
# A key press that has not started a run after this long is counted as missed.
NO_START_S = 15.0
# True when every (name, value) pair is among the URL's comma-separated values of that parameter.
URL_HAS_FILTERS = """(pairs) => {
    const params = new URLSearchParams(window.location.search);
    return pairs.every(([name, value]) => (params.get(name) || '').split(',').includes(value));
}"""


@dataclass(frozen=True)
class SessionOutcome:
    """What one visitor saw."""

    query: str
    uploaded: bool
    expected_points: int
    seen_points: int
    expects_imported_layer: bool
    saw_imported_layer: bool

    @property
    def isolated(self) -> bool:
        return self.seen_points == self.expected_points and self.saw_imported_layer == (
            self.uploaded and self.expects_imported_layer
        )


@dataclass
class Visitor:
    """One browser context on the dashboard: the filters it asked for and whether it uploaded."""

    context: BrowserContext
    page: Page
    filters: dict[str, list[str]]
    uploads: bool

    @property
    def query(self) -> str:
        """The visitor's filters as a URL query (lists comma-separated, as the dashboard writes them)."""
        return filter_query(self.filters)


class RerunTimings(TypedDict):
    """What `press_together` measured: seconds from each key press to its rerun's end, and presses that started
    no run."""

    seconds: list[float]
    missed: int


def filter_query(filters: dict[str, list[str]]) -> str:
    """Filters as a URL query (lists comma-separated, as the dashboard writes them)."""
    return "&".join(f"{name}={quote(','.join(values))}" for name, values in filters.items())


@functools.lru_cache(maxsize=2)
def _reference(record: Path):
    """The record, its filter vocabularies and the uploaded file's layer, loaded once per record (read-only)."""
    from dashboard.core.areas import load_areas
    from dashboard.core.importing import import_file
    from dashboard.core.importing.layer import prepare_imported
    from dashboard.core.prepare import load_prepared_incidents

    incidents = load_prepared_incidents(record)
    vocabularies = {
        "categories": incidents["category"].cat.categories,
        "outcomes": incidents["outcome"].cat.categories,
        "actors": incidents["actor"].cat.categories,
        "claim_statuses": incidents["claim_status"].cat.categories,
        "weapons": sorted({w for ws in incidents["weapons"] for w in ws}),
        "vessel_types": incidents["vessel_type"].cat.categories,
        "flags": incidents["flag"].dropna().unique(),
        "sea_areas": incidents["sea_area"].cat.categories,
    }
    imported = prepare_imported(import_file("asam", UPLOAD.encode())[0], load_areas())
    return incidents, {k: list(map(str, v)) for k, v in vocabularies.items()}, imported


def expected_view(query: str, record: Path = paths.INCIDENTS_FILE) -> tuple[int, bool]:
    """Curated points a filter query should show, and whether the uploaded records pass the filter too."""
    from dashboard.core.filters import apply_filter
    from dashboard.core.url_state import parse_query_params

    incidents, vocabularies, imported = _reference(record)
    view = parse_query_params(parse_qs(query), vocabularies)
    return len(apply_filter(incidents, view.incident_filter)), len(apply_filter(imported, view.incident_filter)) > 0


def upload_in_app(page, upload_file: Path, timeout_ms: int) -> None:
    """Import a file on the Import page, then go back to the map inside the app (a reload would start a new
    session and drop the upload, by design)."""
    page.locator('[data-testid="stSidebarNav"] a[href$="/import"]').click()
    page.wait_for_selector('[data-testid="stFileUploaderDropzoneInput"]', state="attached", timeout=timeout_ms)
    page.wait_for_function(SCRIPT_IDLE, timeout=timeout_ms)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload_file))
    page.wait_for_function(UPLOAD_RECEIVED, timeout=timeout_ms)
    page.wait_for_function(SCRIPT_IDLE, timeout=timeout_ms)
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_selector("text=Rows read", timeout=timeout_ms)
    page.locator('[data-testid="stSidebarNav"] a').first.click()
    page.wait_for_function("() => !window.location.pathname.endsWith('/import')", timeout=timeout_ms)


def open_visitors(
    browser, base_url: str, sessions: int, upload_file: Path, *, init_script: str | None = None, timeout_ms=120_000
) -> list[Visitor]:
    """Open `sessions` browser contexts at once, each with its own filter (FILTERS in turn); every third one
    uploads `upload_file` and returns to the map."""
    visitors = []
    for number in range(sessions):
        query = FILTERS[number % len(FILTERS)]
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(timeout_ms)  # clicks too: many sessions on a busy machine are slow
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        page.goto(f"{base_url}/?{query}", wait_until="commit")
        filters = {name: values[0].split(",") for name, values in parse_qs(query).items()}
        visitors.append(Visitor(context, page, filters, number % 3 == 1))
    for visitor in visitors:
        visitor.page.wait_for_function(SCRIPT_IDLE, timeout=timeout_ms)
        if visitor.uploads:
            upload_in_app(visitor.page, upload_file, timeout_ms)
    return visitors


def check_isolation(visitors: list[Visitor], timeout_ms: int = 120_000) -> list[SessionOutcome]:
    """Wait until each visitor's URL shows its own filters, then compare its map with its expected view."""
    outcomes = []
    for visitor in visitors:
        page = visitor.page
        page.wait_for_function(SCRIPT_IDLE, timeout=timeout_ms)
        pairs = [[name, value] for name, values in visitor.filters.items() for value in values]
        page.wait_for_function(URL_HAS_FILTERS, arg=pairs, timeout=timeout_ms)
        page.wait_for_selector(".js-plotly-plot", timeout=timeout_ms)
        points, imported_visible = expected_view(visitor.query)
        # The map may still be drawing the previous run's figure on a busy machine: give it up to
        # VIEW_SETTLE_MS to show the expected view, then record what it shows (a wrong view stays wrong).
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function(
                f"() => ({COUNT_POINTS})() === {points} && ({HAS_IMPORTED})() === {str(imported_visible).lower()}",
                timeout=min(timeout_ms, VIEW_SETTLE_MS),
            )
        outcomes.append(
            SessionOutcome(
                visitor.query,
                visitor.uploads,
                points,
                page.evaluate(COUNT_POINTS),
                imported_visible,
                page.evaluate(HAS_IMPORTED),
            )
        )
    return outcomes


def close_visitors(visitors: list[Visitor]) -> None:
    """Close every visitor's browser context."""
    for visitor in visitors:
        visitor.context.close()


def write_upload_file(folder: Path) -> Path:
    """The small ASAM export the uploading sessions send."""
    path = folder / "asam-sample.csv"
    path.write_text(UPLOAD, encoding="utf-8")
    return path


def category_box(page):
    """The category filter, the multiselect labelled CATEGORY_LABEL."""
    return page.locator('[data-testid="stMultiSelect"]').filter(has=page.get_by_text(CATEGORY_LABEL, exact=True))


def category_input(page):
    """The text input of the category filter."""
    return category_box(page).locator("input").first


def prepare_choice(page, text: str) -> None:
    """Type an option's text into the category filter so that Enter selects it (typing alone sends nothing)."""
    field_input = category_input(page)
    field_input.click()
    field_input.fill(text)
    page.locator('[role="option"]').filter(has_text=text).first.wait_for(timeout=10_000)


def category_chosen(page, text: str) -> bool:
    """Whether the category filter already shows `text` as a chosen value (a chip)."""
    return category_box(page).locator("[data-tag-index]").filter(has_text=text).count() > 0


def option_visible(page, text: str) -> bool:
    """Whether the category filter's dropdown still lists the option."""
    return page.locator('[role="option"]').filter(has_text=text).count() > 0


def state_log(page) -> list[dict]:
    """The script-state changes STATE_LOGGER recorded on a page."""
    return page.evaluate("() => window.__scriptStates || []")


def finished_after(log: list[dict], since_ms: float) -> float | None:
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


def press_together(pages, key: str, timeout_s: float, outcome: RerunTimings) -> None:
    """Press `key` on every page one right after the other; per page, seconds from its own key press until its
    state log shows the rerun finished go to `outcome["seconds"]` (in page order), and a press that started
    no run within NO_START_S adds one to `outcome["missed"]`. Raises HarnessError after `timeout_s`."""
    pressed = []
    for page in pages:
        pressed.append(time.time() * 1000.0)
        page.keyboard.press(key)
    deadline = time.monotonic() + timeout_s
    for number, (page, since) in enumerate(zip(pages, pressed, strict=True)):
        while True:
            log = state_log(page)
            finished = finished_after(log, since)
            if finished is not None:
                outcome["seconds"].append((finished - since) / 1000.0)
                break
            started = any(entry["t"] >= since for entry in log)
            if not started and time.time() * 1000.0 - since > NO_START_S * 1000.0:
                outcome["missed"] += 1
                break
            if time.monotonic() > deadline:
                recent = [(entry["state"], round(entry["t"] - since)) for entry in log[-4:]]
                raise HarnessError(
                    f"session {number + 1} of {len(pages)} did not finish its rerun after "
                    f"{key} within {timeout_s:.0f} s (last script states, ms from the key "
                    f"press: {recent})"
                )
            time.sleep(0.01)


# Categories the visitors add, in turn: visitor i takes CHOICES[i mod 5] (or the next one it has not chosen and
# that leaves incidents to show), so with 20 visitors on FILTERS some end on the same filter as another visitor
# and most on their own.
CHOICES = ("attack", "hijacking", "suspicious_approach", "boarding_attempt", "sinking")


def _shows_incidents(visitor: Visitor, category: str) -> bool:
    """Whether the visitor's filter with `category` added still shows a map (an empty view shows a notice)."""
    trial = {**visitor.filters, "category": [*visitor.filters.get("category", []), category]}
    return expected_view(filter_query(trial))[0] > 0


def type_categories(visitors: list[Visitor]) -> None:
    """Every visitor types one more category into its filter, ready for Enter (`press_together`).

    Each visitor's `filters` gain the category, so `check_isolation` afterwards expects the new view.
    """
    from dashboard.core.style import CATEGORY_LABELS

    texts = []
    for number, visitor in enumerate(visitors):
        chosen = visitor.filters.setdefault("category", [])
        rotation = [CHOICES[(number + step) % len(CHOICES)] for step in range(len(CHOICES))]
        category = next(c for c in rotation if c not in chosen and _shows_incidents(visitor, c))
        chosen.append(category)
        texts.append(CATEGORY_LABELS[category])
        prepare_choice(visitor.page, texts[-1])
    for visitor, text in zip(visitors, texts, strict=True):  # re-type where the dropdown closed meanwhile
        if not option_visible(visitor.page, text):
            prepare_choice(visitor.page, text)
