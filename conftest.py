"""Pytest plugins for tests/ and benchmarks/tests/ alike (one Chromium for the whole run)."""

from hypothesis import settings

pytest_plugins = ["tests.support.chromium"]

# Property tests check behaviour, not speed: hypothesis's default 200 ms deadline per example failed
# test_url_state's parser property under machine load (a timing failure, not a wrong answer).
settings.register_profile("project", deadline=None)
settings.load_profile("project")
