"""Pytest plugins for tests/ and benchmarks/tests/ alike (one Chromium for the whole run)."""

pytest_plugins = ["tests.support.chromium"]
