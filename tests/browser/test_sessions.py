"""Several visitors at once against one server: each sees only its own filters and uploads."""

import pytest

from tests.support.live_server import log_errors
from tests.support.sessions import (
    SCRIPT_IDLE,
    STATE_LOGGER,
    UPLOAD_RECEIVED,
    RerunTimings,
    check_isolation,
    close_visitors,
    open_visitors,
    press_together,
    type_categories,
    write_upload_file,
)

pytestmark = pytest.mark.browser

# The full 20-session run (1 and 2 processes, timed) is `python -m benchmarks.sessions`; the suite keeps it short.
SESSIONS = 4


def test_concurrent_sessions_stay_isolated_when_all_change_a_filter_at_once(server, browser, tmp_path):
    """The benchmark's steps (`python -m benchmarks.sessions`) with a few sessions, and no time asserted."""
    visitors = open_visitors(browser, server.url, SESSIONS, write_upload_file(tmp_path), init_script=STATE_LOGGER)
    try:
        before = check_isolation(visitors)
        type_categories(visitors)
        timings: RerunTimings = {"seconds": [], "missed": 0}
        press_together([visitor.page for visitor in visitors], "Enter", 120, timings)
        after = check_isolation(visitors)
    finally:
        close_visitors(visitors)
    assert len(timings["seconds"]) + timings["missed"] == SESSIONS
    for outcomes in (before, after):
        assert [o for o in outcomes if not o.isolated] == []
        assert any(o.uploaded and o.saw_imported_layer for o in outcomes)
        assert any(not o.uploaded for o in outcomes)
    assert log_errors(server.log()) == [], server.log()[-3000:]
    assert server.memory_mb()["peak_mb"] < 2048


def test_filters_survive_an_upload_and_a_page_switch(server, page, tmp_path):
    """Regression: the browser's copy of a sidebar widget could drift to empty after a page switch and
    an upload, silently dropping the visitor's filter (seen about every other time before the fix)."""
    upload = write_upload_file(tmp_path)
    for _ in range(3):
        page.goto(f"{server.url}/?category=hijacking")
        page.wait_for_function(SCRIPT_IDLE, timeout=60_000)
        page.locator('[data-testid="stSidebarNav"] a[href$="/import"]').click()
        page.wait_for_selector('[data-testid="stFileUploaderDropzoneInput"]', state="attached")
        page.wait_for_function(SCRIPT_IDLE)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload))
        page.wait_for_function(UPLOAD_RECEIVED)
        page.wait_for_function(SCRIPT_IDLE)
        page.get_by_role("button", name="Import", exact=True).click()
        page.wait_for_selector("text=Rows read")
        page.locator('[data-testid="stSidebarNav"] a').first.click()
        page.wait_for_function("() => !window.location.pathname.endsWith('/import')")
        page.wait_for_timeout(1500)
        page.wait_for_function(SCRIPT_IDLE)
        assert "category=hijacking" in page.url
