"""Browser-test fixtures: a live dashboard server (tests/support/live_server.py); Chromium: support/chromium.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live_server import ROOT, DashboardServer

SCREENSHOTS = ROOT / "test-output" / "screenshots"
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}


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


@pytest.fixture
def new_page(browser):
    """Make a page in a fresh browser context; the contexts close after the test.

    `size` is "desktop", "phone" or (width, height); a width under 600 px is a phone (mobile viewport).
    """
    contexts = []

    def make(scheme: str = "light", size: str | tuple[int, int] = "desktop"):
        width, height = SIZES[size] if isinstance(size, str) else size
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            is_mobile=width < 600,
            accept_downloads=True,
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
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
