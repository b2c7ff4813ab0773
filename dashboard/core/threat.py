"""Threat-range what-if: the sea within a weapon's range of a launch coast, and what lies inside it."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely

from dashboard.core import zones


@dataclass(frozen=True)
class RangePreset:
    """A named range with where the figure comes from."""

    label: str
    range_km: float
    source_url: str
    note: str


RANGE_PRESETS: tuple[RangePreset, ...] = (
    RangePreset("P-800 Yakhont/Onyx (about 300 km)", 300.0,
                "https://www.pravda.com.ua/eng/news/2024/09/25/7476671/",
                "Reuters reported in September 2024 that Russia discussed supplying the Houthis with P-800 "
                "Oniks (export name Yakhont) anti-ship missiles; press reports give their range as about 300 km."),
)


@dataclass(frozen=True)
class ThreatAssessment:
    """The zone within range and the shares of lane length and incidents inside it."""

    range_km: float
    zone: shapely.Geometry
    lane_share: float
    incident_share: float
    incidents_inside: int


def assess_zone(zone: shapely.Geometry, lanes: gpd.GeoDataFrame, incidents: gpd.GeoDataFrame,
                range_km: float) -> ThreatAssessment:
    """Measure what share of the main lane and of the incidents lies inside a threat zone.

    Parameters
    ----------
    zone : shapely geometry
        The sea within range, from `zones.threat_range_polygon`.
    lanes : GeoDataFrame
        Shipping lanes; the `main_route` is measured.
    incidents : GeoDataFrame
        Incidents (points, EPSG:4326).
    range_km : float
        The range the zone was built for (reported back).
    """
    main_route = lanes[lanes["kind"] == "main_route"]
    lane_share = zones.share_of_lane_within(main_route if len(main_route) else lanes, zone)
    if not len(incidents):
        return ThreatAssessment(range_km, zone, lane_share, float("nan"), 0)
    share = zones.share_of_points_within(incidents.geometry, zone)
    return ThreatAssessment(range_km, zone, lane_share, share, int(round(share * len(incidents))))


def zone_geojson(zone: shapely.Geometry) -> dict:
    """The zone as a GeoJSON FeatureCollection for a map layer."""
    features = [] if zone.is_empty else [{"type": "Feature", "properties": {},
                                          "geometry": shapely.geometry.mapping(zone)}]
    return {"type": "FeatureCollection", "features": features}
