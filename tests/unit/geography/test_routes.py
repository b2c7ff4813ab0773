"""core/routes.py: the Suez vs Cape of Good Hope route impact."""

from __future__ import annotations

import pytest

from dashboard.core import routes


@pytest.fixture(scope="module")
def impact():
    return routes.route_impact(speed_knots=14.0).set_index("voyage")


@pytest.mark.parametrize("voyage", ["Shanghai - Rotterdam", "Singapore - Rotterdam"])
def test_cape_route_is_longer_for_asia_europe(impact, voyage):
    row = impact.loc[voyage]
    assert row["via_cape_nm"] > row["via_suez_nm"] + 1000
    assert row["extra_days"] == pytest.approx(row["extra_nm"] / (14.0 * 24.0))


def test_control_voyage_is_unaffected(impact):
    row = impact.loc["Shanghai - Los Angeles (control)"]
    assert row["via_cape_nm"] == pytest.approx(row["via_suez_nm"])
    assert row["extra_days"] == pytest.approx(0.0, abs=1e-9)


def test_route_impact_rejects_bad_speed():
    with pytest.raises(ValueError, match="speed_knots"):
        routes.route_impact(speed_knots=0)
