"""Many visitors at once: each browser session sees only its own filters and uploads."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from dashboard.core import paths

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
# Distinct incidents on the map: every incident marker carries its ids (space-separated when several records
# share a position or a cell) as its first customdata value; labels, the scale bar and shared-position counts
# carry none, and the selection ring and imported layer are left out by name.
COUNT_POINTS = """() => {
    const graph = document.querySelector('.js-plotly-plot');
    if (!graph || !graph._fullData) return -1;
    const ids = new Set();
    for (const t of graph._fullData) {
        if (t.type !== 'scattermap' || String(t.name).startsWith('Selected')
            || String(t.name).startsWith('Imported') || !Array.isArray(t.customdata)) continue;
        for (const row of t.customdata) {
            const first = Array.isArray(row) ? row[0] : row;
            if (typeof first === 'string') first.split(' ').filter(Boolean).forEach(id => ids.add(id));
        }
    }
    return ids.size;
}"""
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


def expected_view(query: str, record: Path = paths.INCIDENTS_FILE) -> tuple[int, bool]:
    """Curated points a filter query should show, and whether the uploaded records pass the filter too."""
    from urllib.parse import parse_qs

    from dashboard.core.areas import load_areas
    from dashboard.core.filters import apply_filter
    from dashboard.core.imported import prepare_imported
    from dashboard.core.importing import import_file
    from dashboard.core.prepare import load_prepared_incidents
    from dashboard.core.url_state import parse_query_params

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
    view = parse_query_params(parse_qs(query), {k: list(map(str, v)) for k, v in vocabularies.items()})
    imported = prepare_imported(import_file("asam", UPLOAD.encode())[0], load_areas())
    return len(apply_filter(incidents, view.incident_filter)), len(apply_filter(imported, view.incident_filter)) > 0


def run_sessions(browser, base_url: str, sessions: int, upload_file: Path, timeout_ms: int = 120_000) -> dict:
    """Open `sessions` browser contexts at once, each with its own filter; every third one uploads a file.

    Returns the outcomes per session and the wall time; a session whose view differs from its own
    expected one (points, or an imported layer it did not upload) is not isolated.
    """
    started = time.perf_counter()
    contexts, pages, plans = [], [], []
    for number in range(sessions):
        query = FILTERS[number % len(FILTERS)]
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(f"{base_url}/?{query}", wait_until="commit")
        contexts.append(context)
        pages.append(page)
        plans.append((query, number % 3 == 1))
    for page, (query, uploads) in zip(pages, plans):
        page.wait_for_function(SCRIPT_IDLE, timeout=timeout_ms)
        if uploads:
            page.locator('[data-testid="stSidebarNav"] a[href$="/import"]').click()
            page.wait_for_selector('[data-testid="stFileUploaderDropzoneInput"]', state="attached", timeout=timeout_ms)
            page.wait_for_function(SCRIPT_IDLE, timeout=timeout_ms)
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload_file))
            page.wait_for_function(UPLOAD_RECEIVED, timeout=timeout_ms)
            page.wait_for_function(SCRIPT_IDLE, timeout=timeout_ms)
            page.get_by_role("button", name="Import", exact=True).click()
            page.wait_for_selector("text=Rows read", timeout=timeout_ms)
            # Navigate inside the app: a reload would start a new session (and drop the upload, by design).
            page.locator('[data-testid="stSidebarNav"] a').first.click()
            page.wait_for_function("() => !window.location.pathname.endsWith('/import')", timeout=timeout_ms)
    outcomes = []
    for page, (query, uploads) in zip(pages, plans):
        page.wait_for_function(SCRIPT_IDLE, timeout=timeout_ms)
        name, _, value = query.split("&")[0].partition("=")
        wanted = unquote(value)
        page.wait_for_function(
            f"() => (new URLSearchParams(window.location.search).get({json.dumps(name)}) || '')"
            f".split(',').includes({json.dumps(wanted)})",
            timeout=timeout_ms,
        )
        page.wait_for_selector(".js-plotly-plot", timeout=timeout_ms)
        page.wait_for_timeout(500)
        points, imported_visible = expected_view(query)
        outcomes.append(
            SessionOutcome(
                query, uploads, points, page.evaluate(COUNT_POINTS), imported_visible, page.evaluate(HAS_IMPORTED)
            )
        )
    for context in contexts:
        context.close()
    return {"sessions": sessions, "seconds": time.perf_counter() - started, "outcomes": outcomes}


def write_upload_file(folder: Path) -> Path:
    """The small ASAM export the uploading sessions send."""
    path = folder / "asam-sample.csv"
    path.write_text(UPLOAD, encoding="utf-8")
    return path


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def outcome_table(result: dict) -> str:
    """The outcomes as JSON lines (for logs and RESULTS.md)."""
    return "\n".join(json.dumps(o.__dict__) for o in result["outcomes"])


SESSIONS_JSON = Path(__file__).resolve().parent / "sessions.json"


def measure_isolation(sessions: int = 20) -> dict:
    """Run `sessions` concurrent visitors against one fresh server on the bundled record and summarise."""
    import tempfile

    from playwright.sync_api import sync_playwright

    from benchmarks.browser import StreamlitServer, launch_browser

    server = StreamlitServer("project", paths.INCIDENTS_FILE)
    try:
        with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
            browser = launch_browser(playwright)
            result = run_sessions(browser, server.url, sessions, write_upload_file(Path(folder)))
            browser.close()
        memory = server.memory_mb()
        log = server.log_path.read_text()
    finally:
        server.stop()
    outcomes = result["outcomes"]
    return {
        "sessions": sessions,
        "uploading_sessions": sum(o.uploaded for o in outcomes),
        "isolated_sessions": sum(o.isolated for o in outcomes),
        "wall_seconds": round(result["seconds"], 1),
        "server_peak_mb": round(memory["peak_mb"], 1),
        "server_rss_mb": round(memory["rss_mb"], 1),
        "log_errors": sum(1 for line in log.splitlines() if "Traceback" in line or "Error" in line),
        "outcomes": [o.__dict__ for o in outcomes],
    }


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.sessions [--sessions 20]`: the isolation check, written to sessions.json."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    args = parser.parse_args(argv)
    summary = measure_isolation(args.sessions)
    SESSIONS_JSON.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "outcomes"}, indent=2))
    return 0 if summary["isolated_sessions"] == summary["sessions"] and summary["log_errors"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
