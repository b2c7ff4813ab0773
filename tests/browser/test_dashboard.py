"""The dashboard in Debian's Chromium: map points, filters and URL, click to detail, downloads, screenshots."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from dashboard.core import paths
from tests.browser.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.browser

BUNDLED_COUNT = len(json.loads(paths.INCIDENTS_FILE.read_text(encoding="utf-8"))["features"])
# Incidents on the map: every incident marker carries its incident ids (one space-separated token per id, see
# core/marker_ids.py) as its first customdata value; labels, the scale bar and the selection highlight carry
# none, imported records an empty first value.
COUNT_POINTS = """() => {
    const graph = document.querySelector('.js-plotly-plot');
    if (!graph || !graph._fullData) return -1;
    return graph._fullData
        .filter(t => t.type === 'scattermap' && t.customdata)
        .reduce((sum, t) => sum + Array.from(t.customdata).reduce(
            (inner, row) => inner + String(row[0]).split(' ').filter(Boolean).length, 0), 0);
}"""


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)


def _wait_for_points(page, expected: int) -> None:
    page.wait_for_function(f"() => ({COUNT_POINTS})() === {expected}", timeout=30_000)


def test_overview_map_renders_every_incident(server, page):
    _open(page, server.url)
    page.wait_for_selector(".maplibregl-canvas", timeout=30_000)
    _wait_for_points(page, BUNDLED_COUNT)
    assert page.locator('[data-testid="stMetric"]').first.inner_text().startswith("Incidents")
    screenshot(page, "overview")


def test_category_filter_changes_points_and_url(server, page):
    _open(page, server.url)
    _wait_for_points(page, BUNDLED_COUNT)
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    page.get_by_role("option", name="Sinking").click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.wait_for_function("() => window.location.search.includes('category=sinking')", timeout=30_000)
    sinkings = sum(
        1 for f in json.loads(paths.INCIDENTS_FILE.read_text())["features"] if f["properties"]["category"] == "sinking"
    )
    _wait_for_points(page, sinkings)
    assert parse_qs(urlparse(page.url).query)["category"] == ["sinking"]
    screenshot(page, "overview-sinkings")


def test_shared_url_reopens_the_same_view(server, page):
    _open(page, f"{server.url}/analysis?category=hijacking&from=2024-01-01&to=2024-12-31")
    page.wait_for_selector("text=Seized ships and held crews")
    assert "category=hijacking" in page.url
    chips = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
    assert "Hijacking" in chips
    screenshot(page, "analysis-hijackings-2024")


def test_clicking_a_point_opens_its_detail(server, page):
    _open(page, f"{server.url}/?category=sinking")
    page.wait_for_selector(".maplibregl-canvas", timeout=30_000)
    page.wait_for_timeout(1500)  # let MapLibre finish its first paint before projecting
    target = page.evaluate("""() => {
        const graph = document.querySelector('.js-plotly-plot');
        const trace = graph._fullData.find(t => t.type === 'scattermap' && t.customdata);
        const map = graph._fullLayout.map._subplot.map;
        const point = map.project([trace.lon[0], trace.lat[0]]);
        const box = map.getCanvas().getBoundingClientRect();
        return {x: box.left + point.x, y: box.top + point.y, id: trace.customdata[0][0]};
    }""")
    page.mouse.click(target["x"], target["y"])
    wait_for_app(page)
    page.wait_for_function(f"() => window.location.search.includes('incident={target['id']}')", timeout=30_000)
    page.wait_for_selector("text=Incident id:", timeout=30_000)
    assert page.locator("text=Sources").count() >= 1
    screenshot(page, "overview-detail")


def test_incident_table_and_csv_download(server, page):
    page.goto(f"{server.url}/incidents")
    wait_for_app(page)
    page.wait_for_selector('[data-testid="stDataFrame"]', timeout=30_000)
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "incidents.csv"  # nothing filtered
    table = pd.read_csv(download.path())
    assert len(table) == BUNDLED_COUNT
    assert {"id", "date", "vessel_name", "sources", "lon", "lat"} <= set(table.columns)
    screenshot(page, "incidents")


@pytest.mark.parametrize("path", ["analysis", "geography", "import", "about"])
def test_other_pages_render(server, page, path):
    page.goto(f"{server.url}/{path}")
    wait_for_app(page)
    page.wait_for_selector("h1", timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, path)


def test_dark_theme_follows_the_browser(server, browser):
    """No theme is forced: a browser in dark mode gets the dark theme, and the map's basemap is dark too."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, color_scheme="dark")
    page = context.new_page()
    try:
        _open(page, server.url)
        page.wait_for_selector(".maplibregl-canvas", timeout=30_000)
        _wait_for_points(page, BUNDLED_COUNT)
        background = page.evaluate(
            "() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
        )
        red, green, blue = (int(number) for number in re.findall(r"\d+", background)[:3])
        assert red + green + blue < 150, background
        screenshot(page, "overview-dark")
    finally:
        context.close()


def test_no_request_leaves_the_machine(server, page):
    """Offline by default: every page loads with requests to the local server only."""
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith((server.url, "data:", "blob:")) else None
        ),
    )
    for path in ["", "incidents", "analysis", "geography", "import", "about"]:
        page.goto(f"{server.url}/{path}")
        wait_for_app(page)
        page.wait_for_timeout(500)
    assert outside == []
