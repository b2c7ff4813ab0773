"""Map framing: the fitted view's frame and the zoom that shows a reach."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.core.map_framing import fit_frame, zoom_for_reach
from dashboard.core.region import REGION_BOUNDS


@settings(deadline=None, max_examples=40)  # timing on a loaded machine is not what this checks
@given(st.lists(st.tuples(st.floats(30, 66), st.floats(-3, 32)), min_size=1, max_size=30))
def test_the_fit_frame_holds_every_point_with_a_margin_and_stays_on_the_basemap(points):
    lons, lats = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    west, east, south, north = fit_frame(lons, lats)
    region_west, region_south, region_east, region_north = REGION_BOUNDS
    # A margin on every side, except where the region (the basemap's extent) ends.
    assert west < lons.min() or west == region_west
    assert east > lons.max() or east == region_east
    assert south < lats.min() or south == region_south
    assert north > lats.max() or north == region_north
    assert region_west <= west and east <= region_east and region_south <= south and north <= region_north
    assert east - west >= 1.0 and north - south >= 1.0


def test_the_fit_frame_of_the_whole_region_is_the_region():
    # Before, the margins reached about 2 degrees past the basemap on every side.
    west, south, east, north = REGION_BOUNDS
    assert fit_frame(np.array([west, east]), np.array([south, north])) == (west, east, south, north)


def test_the_zoom_for_a_reach_halves_the_map_height_onto_it():
    # At zoom 0 MapLibre's world is 512 px: at the equator half of a 512 px map spans half the equator.
    assert zoom_for_reach(0.0, 40_075 / 2, 512) == pytest.approx(0.0)
    # Twice the reach is one zoom level out; away from the equator the map (Web Mercator) draws a km larger,
    # so the same reach needs a wider view.
    assert zoom_for_reach(15.0, 300.0, 480) == pytest.approx(zoom_for_reach(15.0, 150.0, 480) - 1)
    assert zoom_for_reach(60.0, 150.0, 480) == pytest.approx(zoom_for_reach(15.0, 150.0, 480) - 0.95, abs=0.01)
