"""Several visitors at once against one server: each sees only its own filters and uploads."""

import pytest

from benchmarks.sessions import peak_rss_mb, run_sessions, write_upload_file

pytestmark = pytest.mark.browser

# The full 20-session run is part of `python -m benchmarks`; the suite keeps it short.
SESSIONS = 6


def test_concurrent_sessions_stay_isolated(server, browser, tmp_path):
    result = run_sessions(browser, server.url, SESSIONS, write_upload_file(tmp_path))
    failures = [o for o in result["outcomes"] if not o.isolated]
    assert failures == []
    assert any(o.uploaded and o.saw_imported_layer for o in result["outcomes"])
    assert any(not o.uploaded for o in result["outcomes"])
    log = server.log()
    assert "Traceback" not in log and "Error" not in log, log[-3000:]
    assert peak_rss_mb(server.process.pid) < 2048
