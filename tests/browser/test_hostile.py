"""Hostile strings in records render as inert text: no script runs, no element is injected, no unsafe link."""

from __future__ import annotations

import pytest

from tests.browser.conftest import StreamlitServer, screenshot, wait_for_app
from tests.factories import make_feature, write_collection

pytestmark = pytest.mark.browser

SCRIPT_NAME = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2" id="injected">'
HOSTILE = [
    make_feature(
        id="RS-2024-0001", vessel_name=SCRIPT_NAME, flag="\u202eaidnI\u202c", imo=None,
        summary="[click me](javascript:window.__pwned=3) ![img](data:image/svg+xml,<svg onload=alert(1)>) "
                "<b id=\"injected\">bold</b> **not bold** $x^2$ " + "long " * 4000,
        notes="<iframe id=\"injected\" src=\"javascript:alert(1)\"></iframe>\u200b\u200bhidden",
        sources=[{"url": "https://example.org/report_(1)?q=a%20b&x=*y*", "publisher": "<a href='javascript:alert(1)'>x</a>",
                  "published": None}],
    ),
    # Rejected by validation (javascript: source): shown only in the data warning, as text.
    make_feature(45.5, 12.3, id="RS-2024-0002", vessel_name="Second",
                 sources=[{"url": "javascript:alert(1)", "publisher": "x", "published": None}]),
]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    path = write_collection(tmp_path_factory.mktemp("hostile") / "hostile.geojson",
                            {"type": "FeatureCollection", "features": HOSTILE})
    running = StreamlitServer(path)
    yield running
    running.stop()


def _assert_inert(page, dialogs):
    assert dialogs == []
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#injected").count() == 0
    hrefs = page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))")
    unsafe = [href for href in hrefs if not (href.startswith(("http://", "https://", "/", "#", "?")) or
                                             href.startswith("./"))]
    assert unsafe == []


@pytest.mark.parametrize("path", ["?incident=RS-2024-0001", "incidents?incident=RS-2024-0001", "analysis"])
def test_hostile_record_is_inert(hostile_server, page, path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile_server.url}/{path}")
    wait_for_app(page)
    page.wait_for_timeout(1000)
    _assert_inert(page, dialogs)
    body = page.inner_text("body")
    assert "1 record(s) were left out" in body
    if "incident=" in path:
        assert "<script>window.__pwned = 1</script>" in body  # shown literally
        assert "[click me](javascript:" in body
    screenshot(page, f"hostile-{path.split('?')[0] or 'overview'}")
    assert "Traceback" not in body
