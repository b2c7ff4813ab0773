"""The benchmark's live-server step runs end to end in Chromium on a tiny set (no time is asserted)."""

from __future__ import annotations

import pytest

from benchmarks import generate
from benchmarks.browser import measure_live
from tests.factories import make_collection, write_collection

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tiny_set(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    real = write_collection(folder / "real.geojson", make_collection(5))
    table = generate.synthesize(generate.read_real_record(real), 200, seed=3)
    return generate.write_geoparquet(table, folder / "incidents_200.parquet")


@pytest.mark.parametrize("app", ["project", "baseline"])
def test_live_step_times_repaints_and_reads_the_memory_peak(browser, tiny_set, app):
    result = measure_live(browser, app, tiny_set, warm_opens=1, changes=2, timing=True, timeout_s=60)
    assert result.notes == []
    assert result.cold_open_s is not None and len(result.warm_open_s) == 1 and len(result.repaint_s) == 2
    assert result.peak_mb is not None and result.peak_mb > 0


def test_untimed_live_step_waits_for_reruns_not_for_a_legend(browser, tiny_set):
    # The untimed path (memory peak only) waits for the reruns themselves: at 1M the map has no legend.
    result = measure_live(browser, "project", tiny_set, timing=False, timeout_s=60)
    assert result.notes == [] and result.repaint_s == []
    assert result.peak_mb is not None


def test_page_steps_run_end_to_end_alternating_both_apps(browser, tiny_set):
    from benchmarks.pages import measure_pages

    result = measure_pages(browser, tiny_set, opens=1, changes=2, selections=2, timeout_s=90)
    assert result.notes == []
    assert [len(result.overview_open_s[app]) for app in ("project", "baseline")] == [1, 1]
    assert [len(result.filter_repaint_s[app]) for app in ("project", "baseline")] == [2, 2]
    assert len(result.row_selection_s) == 2 and len(result.threat_open_s) == 1 and len(result.range_change_s) == 2
