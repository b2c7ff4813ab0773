"""Record text reaches Plotly figures escaped, so Plotly shows HTML in it as characters."""

import json

import pandas as pd
import pytest

from dashboard.core.analysis import breakdown, hijack_spans
from dashboard.core.analysis_charts import breakdown_bar_figure, hijack_gantt_figure
from dashboard.core.incident_map import incident_map_figure
from dashboard.core.map_style import basemap_layers
from tests.factories import make_collection, make_incidents

LINK = '<a href="https://evil.example/p">X</a>'
STYLE = '<span style="font-size:90px">big'


@pytest.fixture
def hostile_incidents():
    collection = make_collection(5)
    for feature in collection["features"]:
        feature["properties"].update(vessel_name=LINK, flag=STYLE)
    return make_incidents(collection["features"])


def _figure_text(figure) -> str:
    return json.dumps(figure.to_plotly_json()["data"], default=str)


def test_map_hover_shows_record_html_as_text(hostile_incidents):
    figure = incident_map_figure(hostile_incidents, basemap_layers({"type": "FeatureCollection", "features": []}))
    names = [row[2] for trace in figure.data if trace.customdata is not None for row in trace.customdata]
    assert names and set(names) == {'&lt;a href="https://evil.example/p"&gt;X&lt;/a&gt;'}
    assert "<a " not in _figure_text(figure) and "<span" not in _figure_text(figure)


def test_hijack_chart_labels_show_record_html_as_text(hostile_incidents):
    spans = hijack_spans(hostile_incidents, pd.Timestamp("2026-01-01").date())
    assert len(spans)
    figure = hijack_gantt_figure(spans)
    assert set(figure.data[0].y) == {'&lt;a href="https://evil.example/p"&gt;X&lt;/a&gt;'}
    assert "<a " not in _figure_text(figure)


def test_by_flag_bars_show_record_html_as_text(hostile_incidents):
    figure = breakdown_bar_figure(breakdown(hostile_incidents, "flag"), column="flag", title="By flag")
    assert list(figure.data[0].y) == ['&lt;span style="font-size:90px"&gt;big']
    assert "<span" not in _figure_text(figure)
