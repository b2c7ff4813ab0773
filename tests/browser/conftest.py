"""Browser-test fixtures: a live dashboard server (tests/support/live_server.py); Chromium: support/chromium.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live_server import ROOT, DashboardServer

SCREENSHOTS = ROOT / "test-output" / "screenshots"


@pytest.fixture(scope="module")
def server() -> Iterator[DashboardServer]:
    running = DashboardServer()
    yield running
    running.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = context.new_page()
    yield opened
    context.close()


def wait_for_app(page, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the script (no running indicator, app rendered)."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning';
        }""",
        timeout=timeout,
    )


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot for reviewers under test-output/screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
