"""Issue #15 in Chromium: every page in both themes at desktop and phone sizes, page paths, the ship page,
the threat range, the analysis charts, the incident table, links that restore the view, the About page."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from dashboard.core import style
from dashboard.core.about import readme_completeness_date
from dashboard.core.region import REGION_BOUNDS
from dashboard.core.vessels import load_vessels
from tests.browser.conftest import ROOT, SIZES, wait_for_app
from tests.support.live_server import DashboardServer

pytestmark = pytest.mark.browser

SHOTS = ROOT / "test-output" / "screenshots" / "pages"


def _vessel_id(name: str) -> str:
    """The ship's id in the bundled register (it changes from V-... to IMO... when an IMO number is found)."""
    vessels = load_vessels()
    return vessels.loc[vessels["name"] == name, "vessel_id"].iloc[0]


ETERNITY_C = _vessel_id("Eternity C")
PAGES = ["overview", "incidents", f"ship?ship={ETERNITY_C}", "analysis", "geography", "import", "about"]
REPORT_URL = "https://github.com/example/red-sea/issues/new"
# Figure data of every Plotly chart on the page, once all have been drawn.
CHART_DATA = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(g => ({
    layout: {title: g.layout.title && g.layout.title.text, yaxis: g.layout.yaxis, xaxis: g.layout.xaxis,
             xaxis2: g.layout.xaxis2, map: g.layout.map && {layers: g.layout.map.layers.map(l => l.color)}},
    data: g._fullData.map(t => ({name: t.name, type: t.type, y: t.y && Array.from(t.y, v => Number.isNaN(v) ? null : v),
                                 text: t.text && Array.from(t.text), connectgaps: t.connectgaps}))}))"""


@pytest.fixture(scope="module")
def server():
    running = DashboardServer(extra_env={"REPORT_URL": REPORT_URL})
    yield running
    running.stop()


def _open(page, url):
    page.goto(url)
    wait_for_app(page, timeout=60_000)
    page.wait_for_selector("h1", timeout=30_000)


def _table_box(page) -> dict:
    """Where the page's table is, once it is drawn."""
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.wait_for(timeout=30_000)
    return grid.bounding_box()


# Headline figure labels cut short with "..." (text wider than its box): on a phone they must wrap instead.
CLIPPED_FIGURE_LABELS = """() => [...document.querySelectorAll('[data-testid=stMetricLabel] .stMarkdownEllipsis')]
    .filter(box => box.scrollWidth > box.clientWidth + 1).map(box => box.innerText)"""


def _select_first_row(page, table: dict) -> None:
    """Tick the first row's selection box in the table at `table` and wait for the incident card."""
    page.mouse.click(table["x"] + 18, table["y"] + 35 + 17)
    page.wait_for_selector("text=Incident id:", timeout=30_000)


def _charts(page, count=1):
    page.wait_for_function(
        f"() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= {count}", timeout=30_000
    )
    return page.evaluate(CHART_DATA)


def _period_shown(page):
    return page.locator('[data-testid="stSidebar"] input[aria-label="Period"]').input_value()


def _query(page):
    return {name: values[0] for name, values in parse_qs(urlparse(page.url).query).items()}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_every_page_in_both_themes_and_sizes(server, new_page, scheme, size):
    """Screenshots of every page; nothing wider than the screen; the theme follows the browser."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(scheme, size)
    for path in PAGES:
        _open(page, f"{server.url}/{path}")
        page.wait_for_timeout(1500)
        assert page.locator('[data-testid="stException"]').count() == 0, path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= SIZES[size][0], (path, width)
        assert page.evaluate(CLIPPED_FIGURE_LABELS) == [], path
        name = re.sub(r"[^a-z0-9-]+", "-", path.split("?")[0])
        page.screenshot(path=str(SHOTS / f"{scheme}-{size}-{name}.png"))
    background = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor")
    brightness = sum(int(number) for number in re.findall(r"\d+", background)[:3])
    assert (brightness < 150) if scheme == "dark" else (brightness > 600), background
    if size == "phone":
        # The sidebar starts collapsed on a phone: it is off screen and does not cover the title.
        sidebar = page.locator('[data-testid="stSidebar"]').bounding_box()
        assert sidebar is None or sidebar["x"] + sidebar["width"] <= 1, sidebar
        assert page.locator("h1").first.bounding_box()["x"] < 40


@pytest.mark.parametrize("path", ["overview", "incidents", "ship", "analysis", "geography", "import", "about"])
def test_every_page_path_opens_directly(server, new_page, path):
    page = new_page()
    _open(page, f"{server.url}/{path}?category=attack")
    assert page.get_by_text("Page not found").count() == 0
    assert urlparse(page.url).path == f"/{path}" and _query(page).get("category") == "attack"


def test_the_root_opens_the_overview_with_its_query(server, new_page):
    page = new_page()
    _open(page, f"{server.url}/?period=2024")
    page.wait_for_function("() => window.location.pathname === '/overview'", timeout=30_000)
    assert _query(page)["period"] == "2024"
    assert _period_shown(page) == "2024"


def test_phone_overview_shows_the_map_first_and_compact_figures(server, new_page):
    page = new_page(size="phone")
    _open(page, f"{server.url}/overview")
    page.wait_for_selector(".st-key-overview_map .js-plotly-plot", timeout=30_000)
    map_top = page.locator(".st-key-overview_map").bounding_box()["y"]
    metric_boxes = [page.locator('[data-testid="stMetric"]').nth(i).bounding_box() for i in range(6)]
    assert map_top < min(box["y"] for box in metric_boxes)
    assert len({round(box["y"]) for box in metric_boxes}) <= 2  # two rows of three, not six rows
    assert page.locator(".modebar-container").first.is_hidden()  # no toolbar over chart titles


def test_ship_page_from_a_card_and_by_imo_search(server, new_page):
    page = new_page()
    _open(page, f"{server.url}/incidents?incident=RS-2025-0008")
    page.get_by_text("This ship's story").click()
    page.wait_for_function("() => window.location.pathname === '/ship'", timeout=30_000)
    wait_for_app(page)
    page.wait_for_selector("h2:has-text('Eternity C')", timeout=30_000)
    assert _query(page)["ship"] == ETERNITY_C
    assert page.get_by_text("Crew killed").count() == 1 and page.get_by_text("Crew held:").count() == 1
    page.screenshot(path=str(SHOTS / "ship-eternity-c.png"))
    _open(page, f"{server.url}/ship")
    page.locator('[data-testid="stSelectbox"]').last.click()
    page.keyboard.type("9237307")
    page.get_by_role("option", name=re.compile("Galaxy Leader")).click()
    wait_for_app(page)
    page.wait_for_selector("h2:has-text('Galaxy Leader')", timeout=30_000)
    assert _query(page)["ship"] == "IMO9237307"


def test_threat_range_presets_slider_rings_and_sources(server, new_page):
    page = new_page()
    _open(page, f"{server.url}/geography")
    slider = page.locator(".st-key-threat_range_km").get_by_role("slider")
    assert slider.get_attribute("aria-disabled") != "true"  # live before any preset is chosen
    page.locator(".st-key-threat_preset").click()
    page.get_by_role("option", name=re.compile("Samad-3")).click()
    wait_for_app(page)
    page.wait_for_function("() => window.location.search.includes('preset=samad-3')", timeout=30_000)
    assert page.locator("a[href*='strategicstudyindia.com']").count() == 1
    charts = _charts(page)
    threat = next(chart for chart in charts if chart["layout"]["map"])
    names = [trace["name"] for trace in threat["data"]]
    assert "Sea within 1,500 km (810 nm)" in names and "Range rings (km from the coast)" in names
    assert any(name.startswith("Main shipping lane") for name in names)
    labels = next(trace["text"] for trace in threat["data"] if trace["text"] and "km" in trace["text"][0])
    assert labels[-1] == "1,500 km"
    assert style.RANGE_ZONE_COLOUR in threat["layout"]["map"]["layers"]
    slider.focus()
    page.keyboard.press("ArrowLeft")
    wait_for_app(page)
    page.wait_for_function(
        "() => window.location.search.includes('preset=') === false && window.location.search.includes('range=1490')",
        timeout=30_000,
    )
    assert page.get_by_text("nm)").count() >= 1 and page.get_by_text("Via the Cape").count() >= 1
    page.screenshot(path=str(SHOTS / "geography-custom-1490.png"))


THREAT_MAP_GEOMETRY = """() => {
    const graph = document.querySelector('.st-key-threat_map .js-plotly-plot');
    const map = graph && graph._fullLayout.map && graph._fullLayout.map._subplot.map;
    if (!map || !map.loaded() || !map.isStyleLoaded()) return null;
    const canvas = map.getCanvas().getBoundingClientRect();
    const legend = graph.querySelector('.legend').getBoundingClientRect();
    const view = map.getBounds();
    const portSudan = map.project([37.217, 19.617]);
    const box = r => ({top: r.top, bottom: r.bottom, left: r.left, right: r.right});
    return {canvas: box(canvas), legend: box(legend), portSudan: {x: portSudan.x, y: portSudan.y},
            view: {west: view.getWest(), south: view.getSouth(), east: view.getEast(), north: view.getNorth()}};
}"""


@pytest.mark.parametrize(("scheme", "size"), [("light", "desktop"), ("dark", "phone")])
def test_threat_map_legend_covers_no_place_and_the_view_stays_on_the_basemap(server, new_page, scheme, size):
    """The legend sat over the map's top left corner, on the "Port Sudan" label, and the view reached past the
    region the basemap covers, where the land stops at a straight edge."""
    page = new_page(scheme, size)
    _open(page, f"{server.url}/geography")
    page.wait_for_function(f"() => ({THREAT_MAP_GEOMETRY})() !== null", timeout=30_000)
    page.wait_for_timeout(500)
    # Read once the map is there again: a rerun in those 500 ms (the URL brought in step) draws a new map.
    geometry = page.wait_for_function(f"() => ({THREAT_MAP_GEOMETRY})()", timeout=30_000).json_value()
    canvas, legend, view = geometry["canvas"], geometry["legend"], geometry["view"]
    assert legend["top"] >= canvas["bottom"] - 1, geometry  # below the map, over nothing drawn on it
    west, south, east, north = REGION_BOUNDS
    tolerance = 0.01
    assert view["west"] >= west - tolerance and view["east"] <= east + tolerance, geometry
    assert view["south"] >= south - tolerance and view["north"] <= north + tolerance, geometry
    if size == "desktop":  # on a phone the default view starts east of Port Sudan
        x, y = geometry["portSudan"]["x"], geometry["portSudan"]["y"]
        assert 0 < x < canvas["right"] - canvas["left"] and 0 < y < canvas["bottom"] - canvas["top"], geometry
    page.screenshot(path=str(SHOTS / f"geography-map-{scheme}-{size}.png"), full_page=True)


def test_analysis_charts_are_bounded_and_labelled(server, new_page):
    page = new_page()
    _open(page, f"{server.url}/analysis")
    charts = _charts(page)
    share = charts[0]
    line = next(trace for trace in share["data"] if trace["name"] == "Share that hit")
    values = [value for value in line["y"] if value is not None]
    assert line["connectgaps"] is False and None in line["y"]  # months without attacks break the line
    assert min(values) >= 0 and max(values) <= 100 and share["layout"]["yaxis"]["range"] == [0, 105]
    complete = readme_completeness_date()
    assert complete is not None
    assert share["layout"]["xaxis2"]["range"][1].startswith(f"{complete:%Y-%m-%d}")
    page.locator(".st-key-hijack_gantt").scroll_into_view_if_needed()
    page.wait_for_selector(".st-key-hijack_gantt .js-plotly-plot .main-svg", timeout=30_000)
    titles = [chart["layout"]["title"] for chart in page.evaluate(CHART_DATA)]
    gantt = next(
        (
            chart
            for chart in page.evaluate(CHART_DATA)
            if "Seized ships: from seizure to release" in (chart["layout"]["title"] or "")
        ),
        titles,
    )
    assert isinstance(gantt, dict), gantt
    # Ends near the completeness date, not at the server's clock (which is months later).
    assert gantt["layout"]["xaxis"]["range"][1][:10] <= f"{complete + timedelta(days=5):%Y-%m-%d}"
    assert {trace["name"] for trace in gantt["data"]} == {"Released", "No recorded release"}


def test_incident_table_selection_card_report_link_and_named_download(server, new_page):
    page = new_page()
    _open(page, f"{server.url}/incidents?period=2024&category=hijacking")
    table = _table_box(page)
    assert table["width"] <= 1440 - 300
    started = time.perf_counter()
    _select_first_row(page, table)
    took = time.perf_counter() - started
    (ROOT / "test-output").mkdir(exist_ok=True)
    (ROOT / "test-output" / "row-selection-seconds.json").write_text(json.dumps({"seconds": round(took, 3)}))
    page.wait_for_function("() => window.location.search.includes('incident=')", timeout=30_000)
    selected = _query(page)["incident"]
    report = page.locator("a", has_text="Report an error in this record")
    assert report.get_attribute("href") == f"{REPORT_URL}?title=Correction%20to%20{selected}"
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="CSV", exact=True).click()
    assert download_info.value.suggested_filename == "incidents_2024_hijacking.csv"


def test_copy_link_reopens_the_same_view(server, new_page):
    page = new_page()
    _open(page, f"{server.url}/analysis?period=2024")
    page.get_by_role("radio", name="Per week").click()
    wait_for_app(page)
    page.get_by_role("button", name="Copy link").click()
    link = page.locator('[data-testid="stCode"] code').last.inner_text().strip()
    assert "/analysis?" in link and "period=2024" in link and "hits=week" in link
    other = page.context.new_page()
    _open(other, link)
    assert _period_shown(other) == "2024"
    assert other.get_by_role("radio", name="Per week").get_attribute("aria-checked") == "true"


def _copied_link(page):
    page.get_by_role("button", name="Copy link").click()
    code = page.locator('[data-testid="stPopoverBody"] [data-testid="stCode"] code')
    code.wait_for(timeout=30_000)
    link = code.inner_text().strip()
    page.keyboard.press("Escape")
    return link


def test_copy_link_carries_choices_made_inside_fragments(server, new_page):
    """A table row and the timeline's controls rerun only their fragment: the link must still carry them
    (before the fix it lagged one full rerun behind: no `incident=` after selecting a row)."""
    page = new_page()
    _open(page, f"{server.url}/incidents?period=2024&category=hijacking")
    _select_first_row(page, _table_box(page))
    page.wait_for_function("() => window.location.search.includes('incident=')", timeout=30_000)
    selected = _query(page)["incident"]
    link = _copied_link(page)
    assert f"incident={selected}" in link and "category=hijacking" in link, link
    other = page.context.new_page()
    _open(other, link)
    other.wait_for_selector("text=Incident id:", timeout=30_000)
    assert selected in other.locator('[data-testid="stMain"]').inner_text()
    other.close()

    _open(page, f"{server.url}/overview?period=2024")
    page.locator('[data-testid="stMain"]').get_by_role("radio", name="day", exact=True).click()
    wait_for_app(page)
    assert "timeline=day" in _copied_link(page)


def test_about_is_short_links_out_and_fits_a_phone(server, new_page):
    page = new_page(size="phone")
    _open(page, f"{server.url}/about")
    main = page.locator('[data-testid="stMain"]')
    assert page.locator(f"a[href='{REPORT_URL}']").count() == 1
    assert page.locator("a[href^='https://creativecommons.org']").count() == 1
    words = len(main.inner_text().split())
    assert words < 450, words
    page.get_by_text("Schema, curation rules and known gaps").click()
    page.wait_for_timeout(500)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path=str(SHOTS / "about-phone-readme-open.png"))


def test_map_text_on_the_ship_and_threat_pages_asks_nothing_off_the_machine(server, new_page):
    page = new_page()
    outside, failed = [], []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith((server.url, "data:", "blob:")) else None
        ),
    )
    # A font stack without bundled glyphs is asked of the dashboard and answered 404 (MapLibre then falls back).
    # (Streamlit's own probes of "<page>/_stcore/..." for a base path answer 404 by design: not counted.)
    page.on(
        "response",
        lambda response: (
            failed.append(response.url) if response.status >= 400 and "/_stcore/" not in response.url else None
        ),
    )
    for path in (f"ship?ship={ETERNITY_C}", "geography?preset=samad-3&range=1500"):
        _open(page, f"{server.url}/{path}")
        page.wait_for_selector(".maplibregl-canvas", timeout=30_000)
        page.wait_for_timeout(1500)
    assert outside == [] and failed == []
