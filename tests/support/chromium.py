"""Pytest plugin (loaded by the root conftest.py): one Debian Chromium for the whole run, and the CI rules for it."""

from __future__ import annotations

import os

import pytest

from tests.support import live_server


def under_ci() -> bool:
    """Whether the run is CI's (CI=true), where browser and nginx tests must run, never skip."""
    return os.environ.get("CI", "").lower() == "true"


def chromium_path() -> str | None:
    """Debian's Chromium, or None; under CI=true a missing browser is a failure, not a skip."""
    path = live_server.chromium_path()
    if path is None and under_ci():
        pytest.fail("CI=true but Debian's chromium is not installed: browser tests must run in CI")
    return path


def require_nginx() -> str:
    """Debian's nginx; skips locally without it, fails under CI=true (where .ci/run installs it)."""
    path = live_server.nginx_path()
    if path is None:
        if under_ci():
            pytest.fail("CI=true but Debian's nginx is not installed: the nginx test must run in CI")
        pytest.skip("Debian's nginx is not installed (the nginx test runs in CI)")
    return path


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (Playwright allows one synchronous instance per thread: one for the run)."""
    if chromium_path() is None:
        pytest.skip("Debian's chromium is not installed (browser tests run in CI)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = live_server.launch_chromium(playwright)
        yield launched
        launched.close()
