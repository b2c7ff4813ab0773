"""The incident and locator maps: markers carry their incident ids, shared positions, labels, scale, fitted view."""

import numpy as np
import pandas as pd
import pytest

from dashboard.core import style
from dashboard.core.incident_map import incident_map_figure, locator_map_figure
from dashboard.core.map_markers import incident_ids_of_points
from dashboard.core.map_style import LABELS_BELOW, MAP_FONT, basemap_layers
from dashboard.core.marker_ids import split_marker_ids
from dashboard.core.schema import CATEGORIES
from tests.contrast import contrast_ratio
from tests.factories import make_collection, make_feature, make_incidents

LAND = {"type": "FeatureCollection", "features": []}
LABELS = pd.DataFrame(
    {
        "name": ["Aden", "Yemen", "Red Sea"],
        "kind": ["place", "country", "sea"],
        "lon": [45.03, 47.2, 37.9],
        "lat": [12.8, 15.6, 21.6],
    }
)


@pytest.fixture
def incidents():
    """Ten incidents on ten distinct positions (two per category)."""
    features = make_collection(10)["features"]
    for number, feature in enumerate(features):
        feature["geometry"]["coordinates"][0] += number * 0.1
    return make_incidents(features)


def _incident_traces(figure):
    return [
        trace
        for trace in figure.data
        if trace.customdata is not None
        and trace.name != "Incident density"
        and not str(trace.name).startswith("Imported")
    ]


def _ids_of(trace):
    return [row[0] for row in trace.customdata]


def test_every_category_has_a_colour_and_label():
    assert set(style.CATEGORY_COLOURS) == set(CATEGORIES) == set(style.CATEGORY_LABELS)


def test_map_style_is_offline_and_text_never_asks_a_remote_server(incidents):
    figure = incident_map_figure(incidents, basemap_layers(LAND), labels=LABELS)
    map_style = figure.layout.map.style
    assert isinstance(map_style, dict) and map_style["sources"]  # never empty: plotly would drop it
    # Only the labels' own points: nothing is fetched.
    assert all(source["type"] == "geojson" and "data" in source for source in map_style["sources"].values())
    assert not map_style["glyphs"].startswith(("http:", "https:", "//"))
    fonts = {tuple(layer["layout"]["text-font"]) for layer in map_style["layers"] if layer["type"] == "symbol"}
    assert fonts == {(MAP_FONT,)}  # MapLibre's default stack has no bundled glyphs


def test_one_trace_per_category_in_the_palette_and_every_marker_carries_its_id(incidents):
    figure = incident_map_figure(incidents, basemap_layers(LAND))
    traces = _incident_traces(figure)
    assert len(traces) == incidents["category"].nunique()
    for trace in traces:
        assert trace.marker.color == style.CATEGORY_COLOURS[trace.legendgroup]
    assert sorted(i for trace in traces for i in _ids_of(trace)) == sorted(incidents["id"])


def test_claimed_incidents_are_faint(incidents):
    incidents = incidents.copy()
    incidents.loc[incidents.index[0], "claim_status"] = "claimed"
    figure = incident_map_figure(incidents, basemap_layers(LAND))
    opacities = [o for trace in _incident_traces(figure) for o in trace.marker.opacity]
    assert min(opacities) == pytest.approx(style.CLAIMED_OPACITY)


def _assert_text_traces_have_a_fixed_marker_size(figure):
    # MapLibre offsets text by the marker size: an array of sizes, or none, gives NaN and blanks the whole map.
    for trace in figure.data:
        if trace.mode and "text" in trace.mode:
            assert "markers" in trace.mode and isinstance(trace.marker.size, int | float), trace.name


def test_records_at_one_position_are_one_marker_with_their_count_and_ids():
    incidents = make_incidents(
        [
            make_feature(41.3, 15.3, id="RS-2024-0001", position_basis="area", position_uncertainty_km=150.0),
            make_feature(
                41.3,
                15.3,
                id="RS-2024-0002",
                category="boarding_attempt",
                outcome="repelled",
                position_basis="area",
                position_uncertainty_km=150.0,
            ),
            make_feature(41.3, 15.3, id="RS-2024-0003", position_basis="area", position_uncertainty_km=150.0),
            make_feature(43.2, 12.7, id="RS-2024-0004", vessel_name="Rubymar"),
        ]
    )
    figure = incident_map_figure(incidents, basemap_layers(LAND))
    shared = next(trace for trace in figure.data if str(trace.name).startswith("Several records"))
    counts = next(trace for trace in figure.data if trace.name == "shared position counts")
    assert len(shared.lon) == 1 and list(counts.text) == ["3"] and counts.hoverinfo == "skip"
    assert incident_ids_of_points([{"customdata": list(shared.customdata[0])}]) == [
        "RS-2024-0001",
        "RS-2024-0002",
        "RS-2024-0003",
    ]
    assert "3 records at this position" in shared.hovertemplate.replace("%{customdata[1]}", "3")
    _assert_text_traces_have_a_fixed_marker_size(figure)
    alone = [i for trace in _incident_traces(figure) if trace is not shared for i in _ids_of(trace)]
    assert alone == ["RS-2024-0004"]


def test_two_nearby_incidents_keep_their_own_markers_and_ids():
    incidents = make_incidents(
        [
            make_feature(43.20, 12.73, id="RS-2024-0026", vessel_name="Rubymar"),
            make_feature(43.22, 12.74, id="RS-2024-0027", vessel_name=None, imo=None),
        ]
    )
    figure = incident_map_figure(incidents, basemap_layers(LAND))
    (trace,) = _incident_traces(figure)
    assert len(trace.lon) == 2
    for number in range(2):
        point = {"customdata": list(trace.customdata[number]), "curve_number": 0, "point_index": number}
        expected = incidents[np.isclose(incidents["lon"], trace.lon[number], atol=1e-4)]["id"].tolist()
        assert incident_ids_of_points([point]) == expected


def test_hover_says_how_each_position_was_obtained_and_how_far_off_it_may_be():
    incidents = make_incidents(
        [
            make_feature(43.20, 12.73, id="RS-2024-0026", position_basis="reported", position_uncertainty_km=2.0),
            make_feature(44.5, 12.5, id="RS-2024-0027", position_basis="computed", position_uncertainty_km=40.0),
            make_feature(41.3, 15.3, id="RS-2024-0033", position_basis="area", position_uncertainty_km=150.0),
            make_feature(41.3, 15.3, id="RS-2024-0034", position_basis="area", position_uncertainty_km=150.0),
        ]
    )
    figure = incident_map_figure(incidents, basemap_layers(LAND))
    (single,) = [trace for trace in _incident_traces(figure) if trace.name.startswith("Attack")]
    shown = {row[0]: _hover_text(single.hovertemplate, row) for row in single.customdata}
    assert "Position reported by a source, within about 2 km" in shown["RS-2024-0026"]
    assert "Position computed from a distance and bearing, within about 40 km" in shown["RS-2024-0027"]
    shared = next(trace for trace in figure.data if str(trace.name).startswith("Several records"))
    assert "Only the area is known (drawn at its anchor), within about 150 km" in _hover_text(
        shared.hovertemplate, shared.customdata[0]
    )


def _hover_text(template: str, row) -> str:
    """A hover template filled in as plotly does for `%{customdata[i]}`."""
    for number, value in enumerate(row):
        template = template.replace(f"%{{customdata[{number}]}}", str(value))
    return template


@pytest.mark.parametrize("colours", [style.LIGHT_MAP, style.DARK_MAP], ids=["light", "dark"])
def test_every_marker_stands_out_from_the_sea_and_the_land_in_both_themes(colours):
    # Black sinking markers and the dark-grey shared-position marker vanished on the dark basemap.
    categories = [
        ("attack", "damaged"),
        ("hijacking", "hijacked"),
        ("sinking", "sunk"),
        ("boarding_attempt", "repelled"),
    ]
    features = [
        make_feature(40 + number, 14, id=f"RS-2024-{number + 1:04d}", category=category, outcome=outcome)
        for number, (category, outcome) in enumerate(categories)
    ]
    features += [make_feature(41.3, 16.3, id=f"RS-2024-{number:04d}") for number in (20, 21)]
    figure = incident_map_figure(make_incidents(features), basemap_layers(LAND, colours=colours), colours=colours)
    markers = {trace.name: trace.marker.color for trace in _incident_traces(figure)}
    assert len(markers) == len(categories) + 1, markers
    # Luminance contrast only: the palette's hues differ from the basemap's on top of this (black scored 1.3 on the
    # dark sea, the dark-grey shared marker 1.4 on the dark land).
    for name, colour in markers.items():
        assert min(contrast_ratio(colour, colours.sea), contrast_ratio(colour, colours.land)) >= 1.6, (name, colour)
    counts = next(trace for trace in figure.data if trace.name == "shared position counts")
    assert contrast_ratio(counts.textfont.color, colours.shared_marker) >= 4.5


def test_uncertainty_is_a_light_fill_and_the_selected_circle_is_outlined(incidents):
    incidents["position_uncertainty_km"] = 50.0
    figure = incident_map_figure(
        incidents, basemap_layers(LAND), show_uncertainty=True, selected_id=incidents["id"].iloc[0]
    )
    layers = figure.layout.map.layers
    fills = [layer for layer in layers if layer.color == style.UNCERTAINTY_FILL]
    assert len(fills) == 1 and fills[0].type == "fill"
    assert len(fills[0].source["features"]) == 10
    outlined = [layer for layer in layers if layer.color == style.SELECTED_COLOUR]
    assert [layer.type for layer in outlined] == ["line"]
    assert figure.data[-1].name == "Selected incident"
    plain = incident_map_figure(incidents, basemap_layers(LAND), show_uncertainty=False)
    assert [layer.type for layer in plain.layout.map.layers] == ["fill", "fill"]  # sea and land only


def test_small_radii_get_no_circle(incidents):
    figure = incident_map_figure(incidents, basemap_layers(LAND), show_uncertainty=True)
    assert len(figure.layout.map.layers) == 2


def _style_labels(figure) -> set[str]:
    return {
        feature["properties"]["text"] for feature in figure.layout.map.style["sources"]["labels"]["data"]["features"]
    }


def _scale_bar_texts(figure) -> list[str]:
    texts = [text for trace in figure.data if trace.mode and "text" in trace.mode for text in trace.text or ()]
    return [text for text in texts if text.endswith("nm)") and " km " in text]


def test_the_scale_bar_is_drawn_when_asked_with_or_without_labels(incidents):
    assert _scale_bar_texts(incident_map_figure(incidents, basemap_layers(LAND), scale_bar=True))
    assert not _scale_bar_texts(incident_map_figure(incidents, basemap_layers(LAND), labels=LABELS))
    assert not _scale_bar_texts(incident_map_figure(incidents, basemap_layers(LAND), scale_bar=True, online_tiles=True))


def test_map_names_places_countries_and_seas_and_has_a_scale_bar(incidents):
    figure = incident_map_figure(incidents, basemap_layers(LAND), labels=LABELS, scale_bar=True)
    assert _style_labels(figure) == {"Aden", "YEMEN", "Red Sea"}
    texts = [text for trace in figure.data if trace.mode and "text" in trace.mode for text in trace.text or ()]
    _assert_text_traces_have_a_fixed_marker_size(figure)
    assert any(text.endswith("nm)") and " km " in text for text in texts)
    # The basemap and overlays lie under the names (and so under the points).
    assert {layer.below for layer in figure.layout.map.layers} == {LABELS_BELOW}
    assert LABELS_BELOW in [layer["id"] for layer in figure.layout.map.style["layers"]]


def test_legend_sits_below_the_map_not_over_it(incidents):
    legend = incident_map_figure(incidents, basemap_layers(LAND)).layout.legend
    assert legend.y <= 0.0 and legend.yanchor == "top"


def _fitted_extent(figure):
    """What plotly fits the view to in the browser: every visible trace's points (`map.fitbounds`)."""
    lons = [lon for trace in figure.data for lon in trace.lon]
    lats = [lat for trace in figure.data for lat in trace.lat]
    return min(lons), max(lons), min(lats), max(lats)


def test_the_view_is_fitted_in_the_browser_to_the_filtered_incidents_only(incidents):
    # Fitted on the server for one assumed map size, the whole record was cut off on a 390 px phone; plotly fits
    # to the map's real size when no centre or zoom is given, to the traces' points: labels are not traces.
    gulf = incidents.assign(lon=np.linspace(45.0, 46.0, len(incidents)), lat=np.linspace(12.0, 12.5, len(incidents)))
    figure = incident_map_figure(gulf, basemap_layers(LAND), labels=LABELS, scale_bar=True)
    assert figure.layout.map.fitbounds == "locations"
    assert figure.layout.map.center.lon is None and figure.layout.map.zoom is None
    west, east, south, north = _fitted_extent(figure)
    assert west < 45.0 and east > 46.0 and south < 12.0 and north > 12.5
    assert east - west < 1.5 and north - south < 1.5  # the Gulf of Aden, not the region
    assert (
        incident_map_figure(gulf, [], revision="a").layout.uirevision
        != incident_map_figure(gulf, [], revision="b").layout.uirevision
    )


def test_large_maps_share_markers_per_cell_and_carry_the_ids(incidents, monkeypatch):
    monkeypatch.setattr("dashboard.core.incident_map.MAX_HOVER_POINTS", 3)
    stacked = make_incidents(make_collection(10)["features"])  # two incidents of each category on each of five points
    figure = incident_map_figure(stacked, basemap_layers(LAND))
    traces = _incident_traces(figure)
    assert sum(len(trace.lon) for trace in traces) == 5
    for trace in traces:
        assert isinstance(trace.marker.size, int | float)
        assert {int(row[1]) for row in trace.customdata} == {2}
        assert all(len(row[0].split()) == 2 for row in trace.customdata)
        # The second id of a marker is written by its number only (the figure sent stays small).
        assert all(len(row[0]) < len(" ".join(split_marker_ids(row[0]))) for row in trace.customdata)
    everything = incident_ids_of_points([{"customdata": list(row)} for trace in traces for row in trace.customdata])
    assert sorted(everything) == sorted(stacked["id"])


def test_online_tiles_are_opt_in(incidents):
    assert incident_map_figure(incidents, [], online_tiles=True).layout.map.style == "open-street-map"


def test_locator_map_names_places_and_draws_the_uncertainty_circle(incidents):
    incident = incidents.iloc[0].copy()
    incident["position_uncertainty_km"] = 40.0
    figure = locator_map_figure(incident, basemap_layers(LAND), labels=LABELS)
    assert figure.layout.map.center.lat == pytest.approx(incident["lat"])
    assert [
        layer.type for layer in figure.layout.map.layers if layer.color in (style.SELECTED_FILL, style.SELECTED_COLOUR)
    ] == ["fill", "line"]
    assert "Aden" in _style_labels(figure)
    assert figure.layout.map.fitbounds is False


def test_density_view_on_request_and_above_the_threshold(incidents, monkeypatch):
    figure = incident_map_figure(incidents, basemap_layers(LAND), density=True)
    assert [trace.type for trace in _shown(figure)] == ["densitymap"]
    monkeypatch.setattr("dashboard.core.incident_map.AGGREGATE_ABOVE", 5)
    assert _shown(incident_map_figure(incidents, basemap_layers(LAND)))[0].type == "densitymap"
    assert _shown(incident_map_figure(incidents, basemap_layers(LAND), density=False))[0].type == "scattermap"


def _shown(figure):
    """The traces that draw something (not the invisible corners of the view to fit)."""
    return [trace for trace in figure.data if trace.name != "fitted view"]


def test_density_view_sends_weighted_cells(incidents):
    (trace,) = _shown(incident_map_figure(incidents, basemap_layers(LAND), density=True))
    assert sum(trace.z) == len(incidents) and len(trace.lon) <= len(incidents)
    assert incident_ids_of_points([{"customdata": int(trace.customdata[0])}]) == []


def test_imported_layer_is_a_separate_grey_trace_that_selects_nothing(incidents):
    imported = incidents.head(3).assign(id=["CAS-1", "CAS-2", "CAS-3"])
    figure = incident_map_figure(incidents, basemap_layers(LAND), imported=imported)
    layer = figure.data[-1]
    assert layer.name == "Imported records (3)" and layer.marker.color == style.IMPORTED_COLOUR
    assert incident_ids_of_points([{"customdata": list(row)} for row in layer.customdata]) == []
