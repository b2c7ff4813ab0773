"""Threat-range what-if: the sea within a weapon's range of a launch coast, and what lies inside it."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import shapely

from dashboard.core import zones


@dataclass(frozen=True)
class SourcedClaim:
    """One claim about a weapon, with the page that makes it and who published that page."""

    text: str
    publisher: str
    url: str


@dataclass(frozen=True)
class RangePreset:
    """A weapon's published range, with the sources that give it and say it was used against ships."""

    slug: str
    label: str
    weapon: str
    range_km: float
    claims: tuple[SourcedClaim, ...]
    used_against_ships: bool = True


CUSTOM_PRESET = "custom"
# Only ranges a page we read states, credited to the outlet whose page is linked.
RANGE_PRESETS: tuple[RangePreset, ...] = (
    RangePreset(
        "samad-3",
        "Samad-3 one-way attack drone (about 1,500 km)",
        "one_way_attack_drone",
        1500.0,
        (
            SourcedClaim(
                "Strategic Study India, reposting an Axios report of July 2024: the Samad-3 has a "
                "reported range of 1,500 km.",
                "Strategic Study India (reposting Axios)",
                "https://strategicstudyindia.com/2024/07/drone-evades-israels-vaunted-air.html?m=1",
            ),
            SourcedClaim(
                "Sea and Job: Israeli forces identified the Samad-3 as the Iranian KAS-04, a drone the "
                "Houthis have used against shipping in the Red Sea.",
                "Sea and Job",
                "https://seaandjob.com/yemens-houthi-rebels-claim-long-range-drone-strike-on-tel-aviv",
            ),
        ),
    ),
    RangePreset(
        "quds-2",
        "Quds-2 cruise missile (about 1,350 km)",
        "anti_ship_cruise_missile",
        1350.0,
        (
            SourcedClaim(
                "Defence Blog (March 2024): the Quds-2 has a range of about 1,350 km; the Houthis "
                "frequently use it against merchant ships.",
                "Defence Blog",
                "https://defence-blog.com/iranian-made-cruise-missile-crashed-in-sudan/",
            ),
        ),
    ),
    RangePreset(
        "khalij-fars",
        "Khalij Fars anti-ship ballistic missile (Iranian; about 300 km; for reference)",
        "anti_ship_ballistic_missile",
        300.0,
        (
            SourcedClaim(
                "L'Expression (via Djazairess, 2011): Iran says its Khalij Fars anti-ship ballistic missile "
                "can hit a target 300 km away.",
                "L'Expression (via Djazairess)",
                "https://djazairess.com/fr/lexpression/135218",
            ),
            SourcedClaim(
                "i24NEWS (May 2024): CENTCOM reported Houthi anti-ship ballistic missiles fired at ships in "
                "the Red Sea, and Tasnim said Iran had made its sea-launched Ghadr ballistic missile "
                "available to the Houthis. The sources we found do not give the type or range of the "
                "Houthis' anti-ship ballistic missiles, so this Iranian missile's range is a reference only.",
                "i24NEWS",
                "https://www.i24news.tv/en/news/middle-east/artc-tehran-transfers-sea-launched-ballistic-"
                "missile-to-houthis-iranian-report",
            ),
        ),
        used_against_ships=False,
    ),
    RangePreset(
        "p-800",
        "P-800 Oniks/Yakhont cruise missile (about 300 km; reported in talks, not known to be used)",
        "anti_ship_cruise_missile",
        300.0,
        (
            SourcedClaim(
                "Reuters reported in September 2024 that Iran was brokering talks on Russia supplying the "
                "Houthis with P-800 Oniks (Yakhont) anti-ship missiles; Babel's report of it gives "
                "their range as up to 300 km.",
                "Babel (citing Reuters)",
                "https://babel.ua/en/news/111164-reuters-iran-became-a-mediator-in-the-negotiations-"
                "between-the-russians-and-the-yemeni-houthis-on-the-transfer-of-onyx-missiles",
            ),
        ),
        used_against_ships=False,
    ),
)


def preset_by_slug(slug: str | None) -> RangePreset | None:
    """The weapon preset with this URL name, or None (custom range)."""
    return next((preset for preset in RANGE_PRESETS if preset.slug == slug), None)


def preset_choices() -> tuple[str, ...]:
    """URL names of the presets, custom first."""
    return (CUSTOM_PRESET, *(preset.slug for preset in RANGE_PRESETS))


def ring_distances_km(range_km: float) -> tuple[float, ...]:
    """Round distances for labelled rings inside a range (about four rings, in km)."""
    if range_km <= 0:
        return ()
    for step in (25, 50, 100, 250, 500, 1000):
        if range_km / step <= 4:
            break
    rings = tuple(float(distance) for distance in range(step, int(range_km) + 1, step))
    return rings if rings and rings[-1] == range_km else (*rings, float(range_km))


@dataclass(frozen=True)
class ThreatAssessment:
    """The zone within range and the shares of lane length and incidents inside it."""

    range_km: float
    zone: shapely.Geometry
    lane_share: float
    incident_share: float
    incidents_inside: int


def assess_zone(
    zone: shapely.Geometry, lanes: gpd.GeoDataFrame, incidents: gpd.GeoDataFrame, range_km: float
) -> ThreatAssessment:
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
    return ThreatAssessment(range_km, zone, lane_share, share, round(share * len(incidents)))


def zone_geojson(zone: shapely.Geometry) -> dict:
    """The zone as a GeoJSON FeatureCollection for a map layer."""
    features = (
        [] if zone.is_empty else [{"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(zone)}]
    )
    return {"type": "FeatureCollection", "features": features}
