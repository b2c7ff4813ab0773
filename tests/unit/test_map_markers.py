"""Incident markers: hover wording, the ids a selection reads back, counting points per cell."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.core.map_markers import POSITION_HOVER, grid_counts, incident_ids_of_points
from dashboard.core.schema import POSITION_BASES


def test_every_position_basis_has_a_hover_wording():
    assert set(POSITION_HOVER) == set(POSITION_BASES)


def test_points_of_other_traces_select_nothing():
    assert (
        incident_ids_of_points(
            [{"curve_number": 3, "point_index": 0}, {"customdata": ["", "CAS-1"]}, {"customdata": 7}, "junk"]
        )
        == []
    )


def test_grid_counts_bins_points():
    lons, _, counts = grid_counts(np.array([45.01, 45.02, 45.31]), np.array([12.01, 12.04, 12.01]), 0.1)
    assert sorted(counts.tolist()) == [1, 2]
    assert np.allclose(sorted(lons.tolist()), [45.05, 45.35])


@settings(deadline=None)
@given(
    st.lists(st.tuples(st.floats(-180, 180), st.floats(-90, 90)), min_size=1, max_size=40),
    st.sampled_from([0.1, 0.01, 1.0]),
)
def test_grid_counts_match_a_plain_count_per_cell(points, cell_deg):
    # Wide spans take the sorting path, narrow ones the dense grid; both must count like a dict would.
    from collections import Counter

    lon, lat = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    expected = Counter(zip(np.floor(lon / cell_deg).astype(int), np.floor(lat / cell_deg).astype(int), strict=True))
    lons, lats, counts = grid_counts(lon, lat, cell_deg)
    got = Counter(
        {
            (int(np.floor(x / cell_deg)), int(np.floor(y / cell_deg))): int(n)
            for x, y, n in zip(lons.astype(float), lats.astype(float), counts, strict=True)
        }
    )
    assert got == expected
