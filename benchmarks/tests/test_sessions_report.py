"""The concurrency section of RESULTS.md says what was measured and by how much a target is missed."""

from __future__ import annotations

import json

from benchmarks.sessions import report_lines


def _run(processes: int, median: float, p95: float, *, sessions: int = 20, isolated: int = 20, errors=None) -> dict:
    return {
        "processes": processes,
        "behind_nginx": processes > 1,
        "sessions": sessions,
        "measured_at": "2026-12-01T04:55:00+00:00",
        "cpu_count": 2,
        "load_average_before": [3.5, 4.0, 5.0],
        "load_average_after": [9.1, 6.0, 5.5],
        "median_s": median,
        "p95_s": p95,
        "max_s": p95 + 1,
        "missed_key_presses": 0,
        "isolated_sessions": isolated,
        "uploading_sessions": 7,
        "log_errors": errors or {},
        "server_peak_mb": [250.0] * processes,
        "routing": {"streams_per_process": {"a": 11, "b": 9}} if processes > 1 else None,
        "change_step": {
            "wall_s": 6.2,
            "dashboard_cpu_s": 4.1,
            "machine_busy_cpu_s": 11.0,
            "machine_available_cpu_s": 12.4,
        },
    }


def test_met_targets_and_both_rows(tmp_path):
    path = tmp_path / "sessions.json"
    path.write_text(json.dumps({"runs": {"1": _run(1, 2.1, 4.0), "2": _run(2, 1.2, 2.0)}, "notes": ["busy"]}))
    text = "\n".join(report_lines(path))
    assert "| 1 | 20 | 2.10 s | 4.00 s |" in text
    assert "| 2 (nginx) | 20 | 1.20 s | 2.00 s |" in text and "| 11 / 9 |" in text
    assert "One-process targets: met." in text
    assert "3.5 / 9.1 (2)" in text and "- busy" in text


def test_missed_targets_say_by_how_much(tmp_path):
    path = tmp_path / "sessions.json"
    errors = {"dashboard": ["Traceback (most recent call last):"]}
    path.write_text(json.dumps({"runs": {"1": _run(1, 3.0, 6.5, isolated=19, errors=errors)}}))
    text = "\n".join(report_lines(path))
    assert "median 3.00 s is 0.50 s (20%) over 2.5 s" in text
    assert "p95 6.50 s is 1.50 s (30%) over 5.0 s" in text
    assert "1 session(s) not isolated" in text and "errors in the server log" in text


def test_nothing_measured_is_said(tmp_path):
    assert report_lines(tmp_path / "missing.json") == ["Not measured yet (run `python -m benchmarks.sessions`)."]


def test_a_new_measurement_drops_the_notes_of_the_runs_it_replaces(tmp_path, monkeypatch, capsys):
    import benchmarks.sessions as sessions

    path = tmp_path / "sessions.json"
    path.write_text(json.dumps({"runs": {"1": _run(1, 9.0, 19.0)}, "notes": ["why the old run missed"]}))
    monkeypatch.setattr(sessions, "SESSIONS_JSON", path)
    monkeypatch.setattr(sessions, "measure", lambda processes, count, timeout_s: _run(processes, 2.0, 4.0))

    sessions.main(["--report-only"])
    assert json.loads(path.read_text())["notes"] == ["why the old run missed"]
    sessions.main(["--processes", "1"])
    assert json.loads(path.read_text())["notes"] == []
    sessions.main(["--processes", "1", "--note", "what this run saw"])
    assert json.loads(path.read_text())["notes"] == ["what this run saw"]
    assert "- what this run saw" in capsys.readouterr().out
