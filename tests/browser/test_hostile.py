"""Hostile strings in records render as inert text in a real browser, and downloads cannot run formulas.

No script runs, no element or style is injected, nothing is fetched from another host, and the only links to
other hosts are the records' validated source URLs. Covers Markdown (detail card heading, summary, notes, the
sources list), bare URLs, and Plotly text (map hover, seized-ship chart labels, by-flag bars).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from urllib.parse import urlsplit

import openpyxl
import pytest
from openpyxl.utils.escape import unescape
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from dashboard.core.incidents_table import ship_key
from dashboard.core.prepare import load_events
from dashboard.core.text import safe_url, spreadsheet_original
from tests.browser.conftest import screenshot, wait_for_app
from tests.factories import make_feature, write_collection
from tests.support.live_server import DashboardServer

pytestmark = pytest.mark.browser

SCRIPT_NAME = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2" id="injected">'
MARKDOWN_NAME = "![t](https://evil.example/x.png) [x](https://evil.example/l) :red[red] $x^2$ **bold**"
PLOTLY_NAME = '<a href="https://evil.example/p">LINK</a><span style="font-size:90px">BIG</span>'
PLOTLY_FLAG = '<span style="font-size:90px">FLAG</span><a href="https://evil.example/f">F</a>'
FORMULA_NAME = "Galaxy Leader\r=cmd|' /C calc'!A0"
BARE_URLS = "see https://evil.example/bare_(1) and www.evil.example and ops@evil.example"
HOSTILE = [
    make_feature(
        id="RS-2024-0001",
        vessel_name=SCRIPT_NAME,
        flag="\u202eaidnI\u202c",
        imo=None,
        summary="[click me](javascript:window.__pwned=3) ![img](data:image/svg+xml,<svg onload=alert(1)>) "
        '<b id="injected">bold</b> **not bold** $x^2$ ' + "long " * 4000,
        notes='<iframe id="injected" src="javascript:alert(1)"></iframe>\u200b\u200bhidden',
        sources=[
            {
                "url": "https://example.org/report_(1)?q=a%20b&x=*y*",
                "publisher": "<a href='javascript:alert(1)'>x</a>",
                "published": None,
            }
        ],
    ),
    # Rejected by validation (javascript: source): shown only in the data warning, as text.
    make_feature(
        45.5,
        12.3,
        id="RS-2024-0002",
        vessel_name="Second",
        sources=[{"url": "javascript:alert(1)", "publisher": "x", "published": None}],
    ),
    # Markdown in the heading; bare URLs in every free-text field shown on the card.
    make_feature(
        41.0,
        16.5,
        id="RS-2024-0003",
        vessel_name=MARKDOWN_NAME,
        imo=None,
        summary=BARE_URLS,
        notes=BARE_URLS,
        position_text="35 nm S of Mocha, see https://evil.example/pos",
        flag="www.evil.example",
    ),
    # HTML that Plotly would read in hover text, tick labels and bar labels.
    make_feature(
        47.5,
        13.0,
        id="RS-2024-0004",
        date="2024-03-02",
        category="hijacking",
        outcome="hijacked",
        weapons=["armed_boarding"],
        vessel_name=PLOTLY_NAME,
        flag=PLOTLY_FLAG,
        imo=None,
        crew_held=20,
        position_basis="reported",
        position_uncertainty_km=2.0,
    ),
    # Formulas that spreadsheets would run, at the start of a cell and after a line break.
    make_feature(
        38.5,
        20.5,
        id="RS-2024-0005",
        date="2024-04-04",
        vessel_name=FORMULA_NAME,
        notes='=HYPERLINK("https://evil.example","x")',
    ),
]


# The only links to other hosts: the valid records' sources and the curated context events' sources, as
# markdown_link writes them.
SOURCE_URLS = {
    safe_url(source["url"])
    for feature in HOSTILE
    if feature["properties"]["id"] != "RS-2024-0002"
    for source in feature["properties"]["sources"]
} | {safe_url(url) for url in load_events()["source_url"]}


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    path = write_collection(
        tmp_path_factory.mktemp("hostile") / "hostile.geojson", {"type": "FeatureCollection", "features": HOSTILE}
    )
    running = DashboardServer(incidents_file=path)
    yield running
    running.stop()


def _open(page, url: str) -> tuple[list[str], list[str]]:
    """Open `url`, wait for the app; returns the dialogs and the requests to other hosts (collected live)."""
    dialogs: list[str] = []
    foreign: list[str] = []

    def note_and_dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", note_and_dismiss)
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if urlsplit(request.url).hostname not in (None, "localhost", "127.0.0.1")
            else None
        ),
    )
    page.goto(url)
    wait_for_app(page)
    page.wait_for_timeout(1500)
    return dialogs, foreign


def _assert_inert(page, dialogs: list[str], foreign: list[str]) -> None:
    assert dialogs == []
    assert foreign == []
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#injected").count() == 0
    # Nothing from a record became an image, a Markdown colour, KaTeX, an SVG link or an inline style.
    assert page.locator("[data-testid='stMarkdownContainer'] img").count() == 0
    assert page.locator(".katex, [data-testid='stMarkdownContainer'] span[style]").count() == 0
    assert page.locator("svg a").count() == 0
    assert (
        page.evaluate(
            "() => Array.from(document.querySelectorAll('[style]'))"
            ".filter(e => e.getAttribute('style').includes('90px')).length"
        )
        == 0
    )
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
    # Relative links (the dashboard's own pages) are fine; anything with a scheme or a host must be this
    # server or a validated source.
    unsafe = [
        href
        for href in hrefs
        if (urlsplit(href).scheme or urlsplit(href).netloc)
        and urlsplit(href).hostname not in ("localhost", "127.0.0.1")
        and href not in SOURCE_URLS
    ]
    assert unsafe == []


@pytest.mark.parametrize(
    "path",
    [
        "?incident=RS-2024-0001",
        "incidents?incident=RS-2024-0001",
        "analysis",
        "geography",
        "ship",
        f"ship?ship={ship_key({'imo': None, 'vessel_name': SCRIPT_NAME})}",
        f"ship?ship={ship_key({'imo': None, 'vessel_name': MARKDOWN_NAME})}",
    ],
)
def test_hostile_record_is_inert(hostile_server, page, path):
    dialogs, foreign = _open(page, f"{hostile_server.url}/{path}")
    _assert_inert(page, dialogs, foreign)
    body = page.inner_text("body")
    assert "1 record(s) were left out" in body
    if "incident=" in path or "ship=V-script" in path:
        assert "<script>window.__pwned = 1</script>" in body  # shown literally
        assert "[click me](javascript:" in body
    if "ship=V-t-https" in path:
        # The ship page's heading and timeline: the Markdown of the name is shown, not rendered.
        assert _shown(MARKDOWN_NAME) in _shown(page.locator('[data-testid="stMain"] h2').first.inner_text())
    screenshot(page, f"hostile-{path.split('?')[0] or 'overview'}-{len(path)}")
    assert "Traceback" not in body


def _shown(text: str) -> str:
    """Body text without the invisible word joiners that keep bare addresses from becoming links."""
    return text.replace("\u2060", "")


def test_detail_heading_and_bare_urls_show_as_text(hostile_server, page):
    dialogs, foreign = _open(page, f"{hostile_server.url}/incidents?incident=RS-2024-0003")
    _assert_inert(page, dialogs, foreign)
    headings = [_shown(text) for text in page.locator("h3").all_inner_texts()]
    assert any(heading.startswith(MARKDOWN_NAME) for heading in headings), headings
    body = _shown(page.inner_text("body"))
    assert body.count(BARE_URLS) >= 2  # summary and notes, character for character
    assert "see https://evil.example/pos" in body and "www.evil.example" in body
    screenshot(page, "hostile-heading-bare-urls")


def test_plotly_shows_record_html_as_text_in_labels_and_bars(hostile_server, page):
    dialogs, foreign = _open(page, f"{hostile_server.url}/analysis")
    # Charts below the fold are drawn when they scroll into view.
    charts = page.locator("[data-testid='stPlotlyChart']")
    for number in range(charts.count()):
        charts.nth(number).scroll_into_view_if_needed()
        page.wait_for_timeout(300)
    # Under load the bar charts take seconds to draw: wait for both labels (a failure still reports what is shown).
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(
            """(names) => {
                const shown = Array.from(document.querySelectorAll('.ytick text')).map(t => t.textContent);
                return names.every(name => shown.includes(name));
            }""",
            arg=[PLOTLY_NAME, PLOTLY_FLAG],
            timeout=30_000,
        )
    _assert_inert(page, dialogs, foreign)
    ticks = page.evaluate("() => Array.from(document.querySelectorAll('.ytick text')).map(t => t.textContent)")
    assert PLOTLY_NAME in ticks  # the seized-ship chart's label
    assert PLOTLY_FLAG in ticks  # the by-flag bars
    screenshot(page, "hostile-analysis-plotly")


def test_map_hover_shows_record_html_as_text(hostile_server, page):
    dialogs, foreign = _open(page, f"{hostile_server.url}/")
    plot = page.locator(".js-plotly-plot").first
    plot.scroll_into_view_if_needed()
    # Wait until MapLibre has drawn and stopped moving (the map fits itself to the incidents after loading).
    page.wait_for_function(
        """() => { const gd = document.querySelector('.js-plotly-plot');
        const subplot = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
        return subplot && subplot.map.loaded() && !subplot.map.isMoving(); }""",
        timeout=60_000,
    )
    page.wait_for_timeout(1000)
    for _ in range(3):
        # Pixel of the seized ship's point, from the map's own projection.
        point = page.evaluate("""() => {
            const gd = document.querySelector('.js-plotly-plot');
            const xy = gd._fullLayout.map._subplot.map.project([47.5, 13.0]);
            const box = gd._fullLayout.map._subplot.div.getBoundingClientRect();
            return {x: box.left + xy.x, y: box.top + xy.y};
        }""")
        page.mouse.move(point["x"] + 3, point["y"] + 3)
        page.mouse.move(point["x"], point["y"])
        try:
            page.wait_for_selector(".hoverlayer .hovertext", timeout=5_000)
            break
        except PlaywrightTimeoutError:  # the map may still have been settling: measure and hover again
            page.wait_for_timeout(1000)
    hover = page.evaluate("() => document.querySelector('.hoverlayer').textContent")
    assert PLOTLY_NAME in hover
    _assert_inert(page, dialogs, foreign)
    screenshot(page, "hostile-map-hover")


def _download(page, label: str) -> bytes:
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name=label, exact=True).click()
    with open(download_info.value.path(), "rb") as stream:
        return stream.read()


def _assert_formula_safe(rows: list[list], valid_records: int) -> None:
    header, body = rows[0], rows[1:]
    assert len(body) == valid_records
    for row in body:
        for cell in row:
            if isinstance(cell, str):
                for part in re.split("[\r\n\t]", cell):
                    assert part.lstrip()[:1] not in set("=+-@"), repr(cell)
    names = [spreadsheet_original(row[header.index("vessel_name")]) for row in body]
    assert FORMULA_NAME in names


def test_downloads_from_the_incidents_page_cannot_run_formulas(hostile_server, page):
    dialogs, foreign = _open(page, f"{hostile_server.url}/incidents")
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    valid_records = len(HOSTILE) - 1
    text = _download(page, "CSV").decode("utf-8")
    _assert_formula_safe(list(csv.reader(io.StringIO(text, newline=""))), valid_records)
    sheet = openpyxl.load_workbook(io.BytesIO(_download(page, "XLSX"))).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    _assert_formula_safe(
        [
            [unescape(cell) if isinstance(cell, str) else cell for cell in row]
            for row in sheet.iter_rows(values_only=True)
        ],
        valid_records,
    )
    _assert_inert(page, dialogs, foreign)
