"""The Overview in Chromium: labels drawn, legend off the data, the view fitted on desktop and phone, clicks that select
the right incident, box and lasso selection, "Fit map to incidents", a bar click, and screenshots at desktop and phone
sizes in both themes."""

from __future__ import annotations

import io
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import screenshot, wait_for_app
from tests.factories import make_feature, write_collection
from tests.support.live_server import DashboardServer
from tests.support.sessions import MARKER_IDS

pytestmark = pytest.mark.browser

AREA = {"position_basis": "area", "position_uncertainty_km": 150.0, "position_text": "Southern Red Sea"}
# Two ships about 4 km apart off Mocha, three records at one area anchor, and two more to spread the dates.
FEATURES = [
    make_feature(43.20, 12.73, id="RS-2024-0026", date="2024-02-18", vessel_name="Rubymar", imo=None),
    make_feature(43.24, 12.72, id="RS-2024-0027", date="2024-02-19", vessel_name=None, imo=None, flag=None),
    make_feature(41.3, 15.3, id="RS-2024-0033", date="2024-03-02", vessel_name="Anchor One", imo=None, **AREA),
    make_feature(
        41.3,
        15.3,
        id="RS-2024-0034",
        date="2024-03-12",
        vessel_name="Anchor Two",
        imo=None,
        category="boarding_attempt",
        outcome="repelled",
        **AREA,
    ),
    make_feature(41.3, 15.3, id="RS-2024-0035", date="2024-04-02", vessel_name="Anchor Three", imo=None, **AREA),
    make_feature(45.5, 12.3, id="RS-2024-0040", date="2024-05-20", vessel_name="Gulf Ship", imo=None),
    make_feature(42.0, 14.5, id="RS-2024-0041", date="2024-06-03", vessel_name="Red Sea Ship", imo=None),
]
# Screen position of an incident's marker (or of the shared marker holding it) on the Overview map.
MARKER_POSITION = (
    """(incidentId) => {
    const markerIds = """
    + MARKER_IDS
    + """;
    const graph = document.querySelector('.stPlotlyChart .js-plotly-plot');
    const map = graph._fullLayout.map._subplot.map;
    const box = map.getCanvas().getBoundingClientRect();
    for (const trace of graph._fullData) {
        if (trace.type !== 'scattermap' || !trace.customdata) continue;
        for (let i = 0; i < trace.customdata.length; i++) {
            const ids = markerIds(trace.customdata[i][0]);
            if (ids.includes(incidentId)) {
                const point = map.project([trace.lon[i], trace.lat[i]]);
                return {x: box.left + point.x, y: box.top + point.y};
            }
        }
    }
    return null;
}"""
)
# Ids of the incident markers that lie outside the map's canvas (after the map fitted its view).
MARKERS_OUTSIDE = """() => {
    const graph = document.querySelector('.stPlotlyChart .js-plotly-plot');
    const map = graph._fullLayout.map._subplot.map;
    const canvas = map.getCanvas();
    const width = canvas.clientWidth, height = canvas.clientHeight, outside = [];
    let count = 0;
    for (const trace of graph._fullData) {
        if (trace.type !== 'scattermap' || !trace.customdata) continue;
        for (let i = 0; i < trace.customdata.length; i++) {
            const ids = String(trace.customdata[i][0]);
            if (!ids) continue;
            count += 1;
            const point = map.project([trace.lon[i], trace.lat[i]]);
            if (point.x < 0 || point.y < 0 || point.x > width || point.y > height) outside.push(ids);
        }
    }
    return {count: count, outside: outside};
}"""
MAP_CENTER = """() => {
    const map = document.querySelector('.stPlotlyChart .js-plotly-plot')._fullLayout.map._subplot.map;
    const center = map.getCenter();
    return {lon: center.lng, lat: center.lat, zoom: map.getZoom()};
}"""
MAP_READY = """(still) => {
    const graph = document.querySelector('.stPlotlyChart .js-plotly-plot');
    const map = graph && graph._fullLayout && graph._fullLayout.map && graph._fullLayout.map._subplot.map;
    return Boolean(map && map.loaded() && map.isStyleLoaded() && !(still && map.isMoving()));
}"""


@pytest.fixture(scope="module")
def overview_server(tmp_path_factory):
    path = write_collection(
        tmp_path_factory.mktemp("overview") / "incidents.geojson", {"type": "FeatureCollection", "features": FEATURES}
    )
    running = DashboardServer(incidents_file=path)
    yield running
    running.stop()


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_selector(".maplibregl-canvas", timeout=30_000)
    page.wait_for_function(MAP_READY, timeout=30_000)
    page.wait_for_timeout(800)  # MapLibre places its labels after the style has loaded


def _query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


# Scroll the page (Streamlit scrolls its main block, not the window) so that a screen position is mid-viewport.
SCROLL_TO = """(y) => {
    let box = document.querySelector('.maplibregl-canvas');
    while (box && !(box.scrollHeight > box.clientHeight && getComputedStyle(box).overflowY !== 'visible')) {
        box = box.parentElement;
    }
    (box || document.scrollingElement).scrollBy(0, y - window.innerHeight / 2);
}"""


def _click_marker(page, incident_id: str) -> None:
    # Loaded and still: after a selection the map redraws its figure, and a click made while it was not loaded yet
    # selected nothing (seen in 1 of 5 runs: the second of two clicks was lost while `map.loaded()` was false).
    page.wait_for_function(MAP_READY, arg=True, timeout=30_000)
    position = page.evaluate(MARKER_POSITION, incident_id)
    assert position is not None, incident_id
    viewport = page.viewport_size
    if not 40 < position["y"] < viewport["height"] - 40:
        page.evaluate(SCROLL_TO, position["y"])
        page.wait_for_timeout(500)
        position = page.evaluate(MARKER_POSITION, incident_id)
    page.mouse.move(position["x"], position["y"])
    page.wait_for_timeout(300)
    page.mouse.click(position["x"], position["y"])
    wait_for_app(page)


def test_map_labels_are_drawn_offline(overview_server, page):
    requests, failures, errors = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: failures.append(response.url) if response.status >= 400 else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    _open(page, overview_server.url)
    rendered = page.evaluate("""() => {
        const graph = document.querySelector('.stPlotlyChart .js-plotly-plot');
        const map = graph._fullLayout.map._subplot.map;
        return map.queryRenderedFeatures().map(f => f.properties && f.properties.text).filter(Boolean);
    }""")
    # MapLibre placed these names on the map (it hides a label only where it would overlap another).
    assert {"Aden", "Bab el-Mandeb"} <= set(rendered), sorted(set(rendered))
    assert {"YEMEN", "ERITREA", "DJIBOUTI", "SOMALIA"} & set(rendered), sorted(set(rendered))
    assert any(text.endswith(" nm)") for text in rendered)
    assert all(url.startswith((overview_server.url, "data:", "blob:")) for url in requests)
    # The glyphs are served by the dashboard (no 404), and MapLibre accepted the style (no "Map error.").
    assert failures == [] and errors == []


def test_legend_sits_outside_the_map_and_every_incident_is_in_view_at_1440x900(overview_server, browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        _open(page, overview_server.url)
        geometry = page.evaluate("""() => {
            const graph = document.querySelector('.stPlotlyChart .js-plotly-plot');
            const canvas = graph._fullLayout.map._subplot.map.getCanvas().getBoundingClientRect();
            const legend = graph.querySelector('.legend').getBoundingClientRect();
            return {canvas: {top: canvas.top, bottom: canvas.bottom, left: canvas.left, right: canvas.right},
                    legend: {top: legend.top, bottom: legend.bottom, left: legend.left, right: legend.right}};
        }""")
        canvas, legend = geometry["canvas"], geometry["legend"]
        overlaps = not (
            legend["bottom"] <= canvas["top"] + 1
            or legend["top"] >= canvas["bottom"] - 1
            or legend["right"] <= canvas["left"]
            or legend["left"] >= canvas["right"]
        )
        assert not overlaps, geometry
        for feature in FEATURES:
            position = page.evaluate(MARKER_POSITION, feature["properties"]["id"])
            assert canvas["left"] <= position["x"] <= canvas["right"], feature["properties"]["id"]
            assert canvas["top"] <= position["y"] <= canvas["bottom"], feature["properties"]["id"]
        screenshot(page, "overview-map-1440x900")
    finally:
        context.close()


def test_clicking_each_of_two_nearby_points_selects_that_one(overview_server, page):
    # The two days of these records: the map fits them, as a reader's filter or zoom would, 4 km apart on screen.
    _open(page, f"{overview_server.url}/?to=2024-02-19")
    first, second = (page.evaluate(MARKER_POSITION, incident) for incident in ("RS-2024-0026", "RS-2024-0027"))
    assert abs(first["x"] - second["x"]) >= 10, (first, second)
    for incident_id, heading in (("RS-2024-0027", "Unnamed vessel"), ("RS-2024-0026", "Rubymar")):
        _click_marker(page, incident_id)
        page.wait_for_function(f"() => window.location.search.includes('incident={incident_id}')", timeout=30_000)
        page.wait_for_selector(f"h3:has-text('{heading}')", timeout=30_000)
    assert _query(page)["incident"] == ["RS-2024-0026"]
    screenshot(page, "overview-two-nearby-points")


def test_a_shared_marker_lists_its_records_and_one_opens(overview_server, page):
    _open(page, overview_server.url)
    _click_marker(page, "RS-2024-0034")
    page.wait_for_selector("text=3 incident(s) selected on the map", timeout=30_000)
    page.get_by_role("button", name="Anchor Two").click()
    wait_for_app(page)
    page.wait_for_function("() => window.location.search.includes('incident=RS-2024-0034')", timeout=30_000)
    page.wait_for_selector("h3:has-text('Anchor Two')", timeout=30_000)


def test_clicking_a_timeline_bar_narrows_the_dates_and_keeps_bars(overview_server, page):
    _open(page, f"{overview_server.url}/?timeline=month")
    timeline = page.locator(".stPlotlyChart").nth(1)
    timeline.scroll_into_view_if_needed()
    # Plotly's drag layer sits over the bars and takes the click, as it does for a reader's mouse.
    box = timeline.locator(".barlayer .point path").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_for_app(page)
    page.wait_for_function("() => window.location.search.includes('to=2024-02-29')", timeout=30_000)
    wait_for_app(page)
    page.wait_for_timeout(1000)
    timeline = page.locator(".stPlotlyChart").nth(1)
    timeline.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    widths = timeline.locator(".barlayer .point path").evaluate_all(
        "paths => paths.map(p => p.getBoundingClientRect().width)"
    )
    plot = timeline.locator(".nsewdrag").first.bounding_box()
    # February in weeks: a few bars, each visibly wide but far narrower than the whole plot.
    assert widths and all(4 < width < plot["width"] / 2 for width in widths), (widths, plot)
    screenshot(page, "overview-timeline-after-bar-click")


@pytest.mark.parametrize(("option", "parameter"), [("day", "timeline=day"), ("Outcome", "stack=outcome")])
def test_timeline_controls_reach_the_address_bar_at_once(overview_server, page, option, parameter):
    """The timeline's controls rerun only their fragment: the URL must follow without waiting for a full run
    (before the fix it changed only with the next full run, so a link copied from the address bar missed it)."""
    _open(page, overview_server.url)
    assert parameter not in page.evaluate("() => window.location.search")
    page.locator('[data-testid="stMain"]').get_by_role("radio", name=option, exact=True).click()
    wait_for_app(page)
    page.wait_for_function(f"() => window.location.search.includes('{parameter}')", timeout=10_000)
    assert parameter in page.evaluate("() => window.location.search")


def _drag(page, start: dict, end: dict, *, via: list[dict] | None = None) -> None:
    page.mouse.move(start["x"], start["y"])
    page.mouse.down()
    for point in [*(via or []), end]:
        page.mouse.move(point["x"], point["y"], steps=8)
    page.mouse.up()


def _map_box(page) -> dict:
    return page.locator(".maplibregl-canvas").first.bounding_box()


def _use_map_tool(page, title: str) -> None:
    """Press a button of the map's toolbar (it shows while the pointer is over the chart)."""
    box = _map_box(page)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.locator(f'.stPlotlyChart .modebar-btn[data-title="{title}"]').first.click()


def test_a_box_selection_lists_the_incidents_inside_it(overview_server, page):
    _open(page, f"{overview_server.url}/?to=2024-02-19")  # Rubymar and the unnamed ship, fitted
    first, second = (page.evaluate(MARKER_POSITION, incident) for incident in ("RS-2024-0026", "RS-2024-0027"))
    _use_map_tool(page, "Box Select")
    left, right = min(first["x"], second["x"]) - 25, max(first["x"], second["x"]) + 25
    top, bottom = min(first["y"], second["y"]) - 25, max(first["y"], second["y"]) + 25
    _drag(page, {"x": left, "y": top}, {"x": right, "y": bottom})
    wait_for_app(page)
    page.wait_for_selector("text=2 incident(s) selected on the map", timeout=30_000)
    page.get_by_role("button", name="Rubymar").click()
    wait_for_app(page)
    page.wait_for_function("() => window.location.search.includes('incident=RS-2024-0026')", timeout=30_000)


def test_a_lasso_selection_lists_the_incidents_inside_it(overview_server, page):
    _open(page, overview_server.url)
    gulf = page.evaluate(MARKER_POSITION, "RS-2024-0040")  # alone in the Gulf of Aden
    _use_map_tool(page, "Lasso Select")
    reach = 20
    _drag(
        page,
        {"x": gulf["x"] - reach, "y": gulf["y"] - reach},
        {"x": gulf["x"] - reach, "y": gulf["y"] - reach + 1},
        via=[
            {"x": gulf["x"] + reach, "y": gulf["y"] - reach},
            {"x": gulf["x"] + reach, "y": gulf["y"] + reach},
            {"x": gulf["x"] - reach, "y": gulf["y"] + reach},
        ],
    )
    wait_for_app(page)
    # One incident in the lasso selects it: its card opens beside the map.
    page.wait_for_function("() => window.location.search.includes('incident=RS-2024-0040')", timeout=30_000)
    page.wait_for_selector("h3:has-text('Gulf Ship')", timeout=30_000)


def test_fit_map_to_incidents_brings_back_the_view_after_panning(overview_server, page):
    _open(page, overview_server.url)
    fitted = page.evaluate(MAP_CENTER)
    box = _map_box(page)
    middle = {"x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2}
    _drag(page, middle, {"x": middle["x"] - 150, "y": middle["y"] - 120})
    page.wait_for_timeout(800)
    moved = page.evaluate(MAP_CENTER)
    assert abs(moved["lon"] - fitted["lon"]) > 0.5, (fitted, moved)
    page.get_by_role("button", name="Fit map to incidents").click()
    wait_for_app(page)
    page.wait_for_function(MAP_READY, timeout=30_000)
    page.wait_for_timeout(800)
    back = page.evaluate(MAP_CENTER)
    assert back["lon"] == pytest.approx(fitted["lon"], abs=0.05) and back["zoom"] == pytest.approx(
        fitted["zoom"], abs=0.05
    )
    assert page.evaluate(MARKERS_OUTSIDE)["outside"] == []


# The page's own background in each theme (.streamlit/config.toml).
PAGE_BACKGROUND = {"light": (255, 255, 255), "dark": (14, 17, 23)}
MAP_CANVAS_BOX = """() => {
    const graph = document.querySelector('.st-key-overview_map .js-plotly-plot');
    const r = graph._fullLayout.map._subplot.map.getCanvas().getBoundingClientRect();
    return {left: r.left, top: r.top, right: r.right, bottom: r.bottom};
}"""


@pytest.mark.parametrize(("scheme", "viewport"), [("light", (1440, 900)), ("dark", (390, 844))])
def test_the_whole_map_rectangle_is_drawn_in_map_colours(server, new_page, scheme, viewport):
    """The bundled record spans the region, so a screen of another shape shows the area past the basemap. It was
    painted in the page's colour: the map looked narrower (or shorter) than its column, its toolbar standing past
    the map's edge. Edges and corners of the map must not show the page's colour."""
    from PIL import Image

    width, height = viewport
    page = new_page(scheme, viewport)
    _open(page, server.url)
    page.wait_for_timeout(1500)  # plotly resizes the map to its column after the first paint
    box = page.evaluate(MAP_CANVAS_BOX)
    page.evaluate(SCROLL_TO, (box["top"] + box["bottom"]) / 2)
    page.wait_for_timeout(500)
    box = page.evaluate(MAP_CANVAS_BOX)
    top, bottom = max(box["top"], 0) + 6, min(box["bottom"], height) - 6
    left, right = box["left"] + 6, box["right"] - 6
    middle_x, middle_y = (left + right) / 2, (top + bottom) / 2
    samples = [(left, top), (middle_x, top), (right, top), (left, middle_y), (right, middle_y)]
    samples += [(left, bottom), (middle_x, bottom), (right, bottom)]
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    page_colour = PAGE_BACKGROUND[scheme]
    # An RGB image gives one (r, g, b) tuple per pixel.
    shown = [tuple(image.getpixel((round(x), round(y)))) for x, y in samples]  # type: ignore[arg-type]
    like_page = [colour for colour in shown if max(abs(a - b) for a, b in zip(colour, page_colour, strict=True)) <= 4]
    assert len(like_page) <= 1, shown  # one sample may fall on a place name's halo
    screenshot(page, f"overview-map-edges-{scheme}-{width}x{height}")


SEA_POINTS = """() => {
    const map = document.querySelector('.st-key-overview_map .js-plotly-plot')._fullLayout.map._subplot.map;
    const box = map.getCanvas().getBoundingClientRect();
    // Open water away from markers: the Red Sea north of Jeddah, and the Arabian Sea.
    return [[37.4, 23.2], [62.0, 8.0]].map(([lon, lat]) => {
        const point = map.project([lon, lat]);
        return [box.left + point.x, box.top + point.y];
    });
}"""


def _assert_the_sea_is_painted(page, scheme: str) -> None:
    from PIL import Image

    from dashboard.core.style import map_colours

    sea = tuple(int(map_colours(scheme).sea[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    size = page.viewport_size
    for x, y in page.evaluate(SEA_POINTS):
        if not (0 <= x < size["width"] and 0 <= y < size["height"]):
            continue
        shown = tuple(image.getpixel((round(x), round(y))))  # type: ignore[arg-type]
        # The sea's colour, or the sea under a faint uncertainty circle.
        assert max(abs(a - b) for a, b in zip(shown, sea, strict=True)) <= 24, (x, y, shown, sea)


@pytest.mark.parametrize(
    ("scheme", "viewport"), [("light", (1440, 900)), ("light", (390, 844)), ("dark", (1440, 900)), ("dark", (390, 844))]
)
def test_overview_screenshots(server, new_page, scheme, viewport):
    width, height = viewport
    page = new_page(scheme, viewport)
    _open(page, server.url)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.wait_for_timeout(1500)  # plotly resizes the map to its column after the first paint
    # The whole record fits the map at this size (fitted on the server for one size, a phone cut it off).
    markers = page.evaluate(MARKERS_OUTSIDE)
    assert markers["count"] > 100 and markers["outside"] == [], markers
    screenshot(page, f"overview-{scheme}-{width}x{height}")
    _click_marker(
        page,
        page.evaluate("""() => {
        const graph = document.querySelector('.stPlotlyChart .js-plotly-plot');
        const trace = graph._fullData.find(t => t.type === 'scattermap' && t.customdata
                                               && String(t.customdata[0][0]).split(' ').length === 1);
        return String(trace.customdata[0][0]);
    }"""),
    )
    page.wait_for_function("() => window.location.search.includes('incident=')", timeout=30_000)
    page.wait_for_selector("text=Incident id:", timeout=30_000)
    # The click reran the page and the map was drawn anew. Once MapLibre has loaded every source, the sea and
    # the uncertainty fills must be painted (a screenshot taken before that showed the land without them).
    page.wait_for_function(MAP_READY, timeout=30_000)
    page.wait_for_timeout(500)
    _assert_the_sea_is_painted(page, scheme)
    screenshot(page, f"overview-{scheme}-{width}x{height}-selected")
