"""Pure parts of the Incidents, Ship, Analysis, Threat range and About pages, on small in-code records."""

import math
from datetime import date
from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.core import style
from dashboard.core.about import (
    about_markdown,
    completeness_date,
    readme_completeness_date,
    report_link,
    where_to_report,
)
from dashboard.core.analysis import hijack_spans, hit_share_by_period, with_gaps
from dashboard.core.analysis_charts import breakdown_bar_figure, hijack_gantt_figure, hit_share_figure
from dashboard.core.filters import IncidentFilter
from dashboard.core.geodesy import format_km_nm
from dashboard.core.incidents_table import download_file_name, incident_table_rows, ship_key
from dashboard.core.map_style import MAP_FONT
from dashboard.core.region import REGION_BOUNDS
from dashboard.core.ship import ShipProfile, find_ships, ship_directory, ship_profile
from dashboard.core.threat import RANGE_PRESETS, preset_by_slug, ring_distances_km
from dashboard.core.threat_maps import route_impact_figure, route_table_rows, threat_map_figure
from tests.factories import make_feature, make_incidents


@pytest.fixture
def incidents():
    return make_incidents(
        [
            make_feature(
                id="RS-2024-0001",
                date="2024-01-10",
                category="attack",
                outcome="hit",
                vessel_name="Alpha",
                imo="9178537",
                crew_killed=None,
            ),
            make_feature(
                id="RS-2024-0002",
                date="2024-04-18",
                category="attack",
                outcome="missed",
                vessel_name="Rubymar",
                imo=None,
                crew_killed=1,
                crew_injured=2,
            ),
            make_feature(
                id="RS-2024-0003",
                date="2024-04-20",
                category="sinking",
                outcome="sunk",
                vessel_name="Rubymar",
                imo=None,
                crew_killed=2,
                weapons=["unknown"],
                flag=None,
                vessel_type="fishing_vessel",
            ),
            make_feature(
                id="RS-2024-0004",
                date="2024-05-02",
                category="hijacking",
                outcome="hijacked",
                vessel_name="Galaxy",
                imo="9237307",
                crew_held=25,
                released_date="2025-01-22",
                weapons=["helicopter_boarding", "armed_boarding"],
            ),
            make_feature(
                id="RS-2024-0005",
                date="2024-06-02",
                category="hijacking",
                outcome="hijacked",
                vessel_name="Held Still",
                imo=None,
                crew_held=11,
                weapons=["armed_boarding"],
            ),
            make_feature(
                id="RS-2024-0006",
                date="2024-06-05",
                category="boarding_attempt",
                outcome="repelled",
                vessel_name="Got Away",
                imo=None,
                weapons=["armed_boarding"],
            ),
        ],
        sea_area="Southern Red Sea",
    )


# --- Analysis -------------------------------------------------------------------------------------------------


def test_hit_share_lists_only_months_with_attacks_and_breaks_the_line_across_gaps(incidents):
    shares = hit_share_by_period(incidents, "month")
    assert list(shares.index.strftime("%Y-%m")) == ["2024-01", "2024-04"]
    gappy = with_gaps(shares, "month")
    assert list(gappy.index.strftime("%Y-%m")) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    figure = hit_share_figure(gappy, until=date(2024, 6, 30))
    line = next(trace for trace in figure.data if trace.name == "Share that hit")
    assert line.connectgaps is False
    assert [None if v is None or np.isnan(v) else v for v in line.y] == [100.0, None, None, 0.0]
    assert list(figure.layout.yaxis.range) == [0, 105] and list(figure.layout.yaxis.tickvals) == [0, 25, 50, 75, 100]
    assert figure.layout.xaxis2.range[1] == pd.Timestamp("2024-06-30")
    assert figure.layout.title.text and figure.layout.yaxis2.title.text


def test_hijack_chart_counts_only_seized_ships_and_ends_at_the_completeness_date(incidents):
    spans = hijack_spans(incidents, date(2026, 2, 28))
    assert list(spans["vessel_name"]) == ["Galaxy", "Held Still"]  # the repelled attempt is not a seizure
    assert spans.loc[1, "end"] == pd.Timestamp("2026-02-28")
    figure = hijack_gantt_figure(spans, until=date(2026, 2, 28))
    colours = {trace.name: trace.marker.color for trace in figure.data}
    assert colours == {"Released": style.RELEASED_COLOUR, "No recorded release": style.STILL_HELD_COLOUR}
    assert pd.Timestamp(figure.layout.xaxis.range[1]) <= pd.Timestamp("2026-03-05")


def _colour_difference(first: str, second: str) -> float:
    """CIE76 difference of two #RRGGBB colours (about 2.3 is just noticeable; under 20 reads as alike)."""

    def lab(colour: str) -> tuple[float, float, float]:
        red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
        red, green, blue = (((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in (red, green, blue))
        x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
        y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
        z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883
        f = [t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z)]
        return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])

    return math.dist(lab(first), lab(second))


def test_analysis_page_colours_mean_one_thing(incidents):
    """Across the Analysis page's own charts, one colour is never used for two different things."""
    shares = with_gaps(hit_share_by_period(incidents, "month"))
    figures = [
        hit_share_figure(shares),
        hijack_gantt_figure(hijack_spans(incidents, date(2026, 2, 28))),
        *(
            breakdown_bar_figure(incidents[c].astype(str).value_counts(), column=c, title=c)
            for c in ("vessel_type", "flag")
        ),
    ]
    meaning: dict[str, set[str]] = {}
    for figure in figures:
        for trace in figure.data:
            colour = trace.marker.color if trace.type == "bar" else trace.line.color
            name = "count" if trace.type == "bar" and trace.showlegend is None and not trace.name else trace.name
            meaning.setdefault(str(colour), set()).add(name)
    assert all(len(names) == 1 for names in meaning.values()), meaning
    # ... and none of them looks like another or like a category colour (the monthly chart on the same page
    # uses those, near-white for sinkings in the dark theme): light blue meant both "missed or intercepted"
    # and "suspicious approach" (CIELAB difference 14) before.
    others = [*style.CATEGORY_COLOURS.values(), style.DARK_SUNK_COLOUR]
    for colour in meaning:
        for other in others + [c for c in meaning if c != colour]:
            assert _colour_difference(colour, other) >= 20, (colour, other)


def test_breakdown_bars_show_labels_not_codes(incidents):
    counts = incidents["vessel_type"].astype(str).value_counts()
    figure = breakdown_bar_figure(counts, column="vessel_type", title="Incidents by vessel type")
    assert "Fishing vessel" in list(figure.data[0].y) and "fishing_vessel" not in list(figure.data[0].y)
    assert figure.layout.xaxis.title.text == "Incidents"


# --- Incidents table ------------------------------------------------------------------------------------------


def test_table_rows_use_readers_labels_never_codes_or_none(incidents):
    rows = incident_table_rows(incidents)
    text = rows.drop(columns=["date", "crew_killed", "source", "ship", "id"]).astype(str).to_numpy().ravel()
    assert not any(cell in ("None", "nan", "<NA>", "") for cell in text)
    assert not any("_" in cell for cell in text), [cell for cell in text if "_" in cell]
    assert "Fishing vessel" in set(rows["vessel_type"]) and "Not reported" in set(rows["flag"])
    assert "Helicopter-borne boarding, Armed boarding from boats" in set(rows["weapons"])
    assert rows.loc[rows["id"] == "RS-2024-0004", "ship"].item() == "ship?ship=IMO9237307"


def test_download_names_say_what_was_filtered():
    assert (
        download_file_name(IncidentFilter(categories=("hijacking",)), "csv", date_preset="2024")
        == "incidents_2024_hijacking.csv"
    )
    assert download_file_name(IncidentFilter(), "geojson") == "incidents.geojson"
    named = download_file_name(
        IncidentFilter(start=date(2024, 1, 1), end=date(2024, 3, 31), flags=("Marshall Islands",), text="Ruby/../mar"),
        "parquet",
    )
    assert named == "incidents_2024-01-01_to_2024-03-31_marshall-islands_search-ruby-mar.parquet"


# --- Ship ----------------------------------------------------------------------------------------------------


def _profile(incidents, ship_id: str, vessels: pd.DataFrame | None = None) -> ShipProfile:
    """The ship's profile, which these tests expect to exist."""
    profile = ship_profile(incidents, ship_id, vessels)
    assert profile is not None, ship_id
    return profile


def test_ship_key_follows_the_vessel_id_rule():
    assert ship_key({"vessel_id": "IMO1234567", "imo": "9"}) == "IMO1234567"
    assert ship_key({"imo": "9237307", "vessel_name": "Galaxy Leader"}) == "IMO9237307"
    assert ship_key({"imo": None, "vessel_name": "Eternity C"}) == "V-eternity-c"
    assert ship_key({"imo": None, "vessel_name": None}) is None


def test_ship_profile_sums_across_records_and_keeps_every_source(incidents):
    profile = _profile(incidents, "V-rubymar")
    assert list(profile.incidents["id"]) == ["RS-2024-0002", "RS-2024-0003"]
    assert profile.casualties == {"crew_killed": 3, "crew_injured": 2, "crew_missing": None}
    assert profile.identity["Type"] == "Bulk carrier" and profile.identity["Owner"] == "Not reported"
    assert len(profile.sources) == 1  # the same URL cited twice is listed once
    seized = _profile(incidents, "IMO9237307")
    assert (seized.crew_held, seized.seized_on, seized.released_on) == (25, date(2024, 5, 2), date(2025, 1, 22))
    assert ship_profile(incidents, "V-nobody") is None


def test_ship_register_identity_wins(incidents):
    vessels = pd.DataFrame(
        [
            {
                "vessel_id": "IMO9237307",
                "name": "Galaxy Leader",
                "imo": "9237307",
                "flag": "Bahamas",
                "vessel_type": "vehicle_carrier",
                "owner": "Ray Car Carriers",
                "manager": "",
                "sources": "https://example.org/owner",
            }
        ]
    )
    profile = _profile(incidents, "IMO9237307", vessels)
    assert profile.identity["Name"] == "Galaxy Leader" and profile.identity["Owner"] == "Ray Car Carriers"
    assert profile.identity["Manager"] == "Not reported" and profile.identity["Type"] == "Vehicle carrier"
    assert "https://example.org/owner" in {source["url"] for source in profile.sources}


def test_ships_are_found_by_name_or_imo(incidents):
    directory = ship_directory(incidents)
    assert list(find_ships(directory, "ruby")["ship_id"]) == ["V-rubymar"]
    assert list(find_ships(directory, "IMO 9237307")["ship_id"]) == ["IMO9237307"]
    assert list(find_ships(directory, "923")["ship_id"]) == ["IMO9237307"]
    assert "Galaxy (IMO 9237307)" in set(directory["label"])


# --- Threat range --------------------------------------------------------------------------------------------


def test_every_preset_is_sourced_and_credits_the_page_it_links():
    assert len(RANGE_PRESETS) >= 3
    weapons = {preset.weapon for preset in RANGE_PRESETS if preset.used_against_ships}
    assert {"one_way_attack_drone", "anti_ship_cruise_missile"} <= weapons
    for preset in RANGE_PRESETS:
        assert preset.claims and f"{preset.range_km:,.0f} km" in preset.label
        for claim in preset.claims:
            host = urlsplit(claim.url).netloc.removeprefix("www.")
            # The credited publisher is the site linked (the P-800 note once credited Reuters but linked another).
            assert host.split(".")[0].replace("-", "") in claim.publisher.lower().replace(" ", ""), (host, claim)
    p800 = preset_by_slug("p-800")
    assert p800 is not None and p800.used_against_ships is False
    assert preset_by_slug("custom") is None


def test_distances_read_in_km_and_nm_with_separators():
    assert format_km_nm(11_000) == "11,000 km (5,940 nm)"
    assert ring_distances_km(300) == (100.0, 200.0, 300.0)
    assert ring_distances_km(1350) == (500.0, 1000.0, 1350.0)
    assert ring_distances_km(0) == ()
    table = pd.DataFrame(
        {
            "voyage": ["A"],
            "via_suez_nm": [10_500.0],
            "via_cape_nm": [14_000.0],
            "extra_nm": [3500.0],
            "extra_pct": [33.3],
            "via_suez_days": [31.25],
            "via_cape_days": [41.7],
            "extra_days": [10.4],
        }
    )
    rows = route_table_rows(table)
    assert rows.loc[0, "Via Suez"] == "19,446 km (10,500 nm)" and rows.loc[0, "Extra distance"].endswith("+33%")
    assert route_impact_figure(table).layout.yaxis.title.text == "Days at sea"


def test_threat_map_has_legend_entries_for_zone_rings_and_lanes(incidents):
    zone = shapely.box(40, 10, 45, 16)
    rings = [(100.0, shapely.box(41, 11, 44, 15)), (200.0, zone)]
    lanes = pd.DataFrame(
        {
            "kind": ["main_route", "irtc"],
            "geometry": [
                shapely.LineString([(33, 28), (43.4, 12.6), (50, 13)]),
                shapely.LineString([(45, 12), (50, 13.5)]),
            ],
        }
    )
    places = pd.DataFrame({"name": ["Hodeidah", "Nowhere"], "lon": [42.95, 1.0], "lat": [14.8, 1.0]})
    figure = threat_map_figure(
        zone, rings, lanes, places, incidents, land_url="land.geojson", borders_url=None, range_km=200, theme="dark"
    )
    names = [trace.name for trace in figure.data if trace.showlegend is not False]
    assert names[0] == "Sea within 200 km (108 nm)"
    assert "Range rings (km from the coast)" in names and any(name.startswith("Main shipping lane") for name in names)
    labels = next(trace for trace in figure.data if trace.mode == "markers+text" and trace.name != "Places")
    assert list(labels.text) == ["100 km", "200 km"]
    zone_fill = next(layer for layer in figure.layout.map.layers if layer.color == style.RANGE_ZONE_COLOUR)
    assert zone_fill.color not in (style.LIGHT_MAP.land, style.DARK_MAP.land)
    assert figure.layout.map.layers[0].color == style.DARK_MAP.sea
    _assert_map_text_uses_the_bundled_font(figure)


def test_threat_map_legend_sits_below_the_map_and_the_view_stays_on_the_basemap(incidents):
    zone = shapely.box(40, 10, 45, 16)
    lanes = pd.DataFrame({"kind": ["main_route"], "geometry": [shapely.LineString([(33, 28), (43.4, 12.6)])]})
    places = pd.DataFrame({"name": ["Port Sudan"], "lon": [37.217], "lat": [19.617]})
    for range_km in (100, 300, 3000):
        figure = threat_map_figure(
            zone, [], lanes, places, incidents, land_url="land.geojson", borders_url=None, range_km=range_km
        )
        # Anchored by its top at the map's bottom edge: outside the map, so it covers no place name.
        assert figure.layout.legend.y <= 0 and figure.layout.legend.yanchor == "top"
        bounds = figure.layout.map.bounds
        # The basemap is clipped to the region: a view held inside it never shows the land's cut edge.
        assert (bounds.west, bounds.south, bounds.east, bounds.north) == REGION_BOUNDS


def _assert_map_text_uses_the_bundled_font(figure):
    # Any other font stack asks the dashboard for glyphs it does not have (a 404), and MapLibre falls back.
    texts = [trace for trace in figure.data if trace.mode and "text" in trace.mode]
    assert texts and all(trace.textfont.family == MAP_FONT for trace in texts), [t.name for t in texts]


# --- About ---------------------------------------------------------------------------------------------------


def test_completeness_date_comes_from_the_record_not_the_clock(incidents, tmp_path):
    assert readme_completeness_date() is not None
    assert completeness_date(incidents, tmp_path / "other.geojson") == date(2024, 6, 5)


def test_report_links_come_from_configuration():
    environ = {"REPORT_URL": "https://github.com/example/red-sea/issues/new"}
    assert (
        report_link("RS-2024-0001", environ)
        == "https://github.com/example/red-sea/issues/new?title=Correction%20to%20RS-2024-0001"
    )
    assert (
        report_link("RS-2024-0001", {"REPORT_URL": "https://x.org/form?about={incident}"})
        == "https://x.org/form?about=RS-2024-0001"
    )
    assert report_link("RS-2024-0001", {"REPORT_URL": "javascript:alert(1)"}) is None
    assert "](https://github.com/example/red-sea/issues/new)" in where_to_report(environ)
    assert "no report address configured" in where_to_report({})


def test_about_is_short_and_for_readers(incidents):
    text = about_markdown(incidents, {"PROJECT_URL": "https://github.com/example/red-sea"})
    assert len(text.split()) < 350
    for words in (
        "What this is",
        "Where it comes from",
        "Covered up to",
        "CC BY 4.0",
        "how to cite",
        "Report an error",
        "data/README.md",
    ):
        assert words.lower() in text.lower(), words
    assert "python -m" not in text and "| field |" not in text


def test_ship_map_labels_records_at_one_position_once(incidents):
    from dashboard.core.ship import ship_track_figure

    profile = _profile(incidents, "V-rubymar")  # two records at the same point
    figure = ship_track_figure(profile, [], theme="dark")
    labels = [text for trace in figure.data if trace.mode == "markers+text" for text in trace.text if text]
    assert labels == ["1, 2"]
    assert figure.data[1].marker.color == style.DARK_MAP.text  # the halo under the markers
    _assert_map_text_uses_the_bundled_font(figure)


def test_ship_map_draws_a_sinking_legibly_in_the_dark_theme(incidents):
    """The ship page's map drew a sinking (and its legend dot) black on the dark basemap."""
    from dashboard.core.ship import ship_track_figure

    profile = _profile(incidents, "V-rubymar")
    colour = {trace.name: trace.marker.color for trace in ship_track_figure(profile, [], theme="dark").data}
    assert colour["Sinking"] == style.DARK_SUNK_COLOUR
    assert {trace.name: trace.marker.color for trace in ship_track_figure(profile, [], theme="light").data}[
        "Sinking"
    ] == style.CATEGORY_COLOURS["sinking"]


def test_ship_map_names_the_places_around_the_ship(incidents):
    """The ship page's map showed the ship's positions on an unnamed coast."""
    from dashboard.core.ship import ship_track_figure

    labels = pd.DataFrame(
        {"name": ["Hodeidah", "Red Sea", "Yemen"], "kind": ["place", "sea", "country"], "lon": [42.9, 40.0, 44.0]}
    ).assign(lat=[14.8, 18.0, 15.5])
    figure = ship_track_figure(_profile(incidents, "V-rubymar"), [], theme="light", labels=labels)
    style_source = figure.layout.map.style["sources"]["labels"]["data"]["features"]
    assert {feature["properties"]["text"] for feature in style_source} == {"Hodeidah", "Red Sea", "YEMEN"}
    symbol_fonts = {
        tuple(layer["layout"]["text-font"]) for layer in figure.layout.map.style["layers"] if layer["type"] == "symbol"
    }
    assert symbol_fonts == {(MAP_FONT,)}


def test_dates_for_readers_have_no_leading_zero():
    """The About page read "Covered up to 01 July 2026"."""
    assert style.long_date(date(2026, 7, 1)) == "1 July 2026"
    assert style.long_date(pd.Timestamp("2024-12-31")) == "31 December 2024"
