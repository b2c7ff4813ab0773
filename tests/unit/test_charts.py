"""Chart builders: the timeline in every mode (period, stacking, one bar, imports), and the analysis charts."""

from datetime import date

import pandas as pd
import pytest

from dashboard.core import style
from dashboard.core.analysis import counts_by_period, incidents_by_period, period_starts, timeline_period
from dashboard.core.charts import event_legend_rows, integer_axis, timeline_figure
from tests.contrast import contrast_ratio
from tests.factories import make_collection, make_feature, make_incidents

EVENTS = pd.DataFrame(
    {
        "date": pd.to_datetime(["2024-03-01", "2024-03-03", "2030-01-01"]),
        "label": ["Strikes begin", "Second event", "Far future"],
        "kind": ["strike"] * 3,
        "source_url": ["https://example.org/a", "https://example.org/b", "https://example.org/c"],
    }
)


@pytest.fixture
def incidents():
    return make_incidents(make_collection(10)["features"])


@pytest.fixture
def multi_weapon():
    """Three incidents, two of which used two weapons each."""
    return make_incidents(
        [
            make_feature(
                id="RS-2024-0001", date="2024-03-04", weapons=["one_way_attack_drone", "anti_ship_ballistic_missile"]
            ),
            make_feature(
                id="RS-2024-0002", date="2024-03-05", weapons=["one_way_attack_drone", "uncrewed_surface_vessel"]
            ),
            make_feature(id="RS-2024-0003", date="2024-03-20", weapons=["anti_ship_ballistic_missile"]),
        ]
    )


def _bars(figure):
    return [trace for trace in figure.data if trace.type == "bar"]


def _cumulative(figure):
    return next(trace for trace in figure.data if trace.name == "Cumulative incidents")


def test_timeline_stacks_bars_in_the_palette_with_a_cumulative_line(incidents):
    counts = counts_by_period(incidents, "month", "category")
    figure = timeline_figure(
        counts, EVENTS, stack_by="category", period="month", totals=incidents_by_period(incidents, "month")
    )
    assert len(_bars(figure)) == len(counts.columns) and figure.layout.barmode == "stack"
    assert {bar.marker.color for bar in _bars(figure)} <= set(style.CATEGORY_COLOURS.values())
    assert _cumulative(figure).y[-1] == len(incidents)
    assert figure.layout.yaxis.title.text == "Incidents per month"


def test_stacking_by_weapon_says_it_counts_uses_and_the_line_still_counts_incidents(multi_weapon):
    counts = counts_by_period(multi_weapon, "week", "weapons")
    totals = incidents_by_period(multi_weapon, "week")
    assert int(counts.to_numpy().sum()) == 5 and int(totals.sum()) == 3
    figure = timeline_figure(counts, None, stack_by="weapons", period="week", totals=totals)
    assert figure.layout.yaxis.title.text == "Weapon uses per week"
    assert _cumulative(figure).y[-1] == 3
    assert "weapon uses" in _bars(figure)[0].hovertemplate


def test_count_axes_have_whole_number_ticks(incidents):
    counts = counts_by_period(incidents, "day", "category")
    figure = timeline_figure(counts, None, period="day", totals=incidents_by_period(incidents, "day"))
    for axis in (figure.layout.yaxis, figure.layout.yaxis2):
        assert axis.tickformat == ",d" and axis.tick0 == 0 and float(axis.dtick).is_integer() and axis.dtick >= 1
    assert integer_axis(196)["dtick"] == 50 and integer_axis(3)["dtick"] == 1 and integer_axis(0)["dtick"] == 1


def test_events_sit_on_their_own_row_numbered_in_hover_and_listed_in_the_same_window(incidents):
    counts = counts_by_period(incidents, "month", "category")
    figure = timeline_figure(counts, EVENTS, period="month")
    (markers,) = [trace for trace in figure.data if trace.name == "Context events"]
    assert markers.yaxis == "y3" and markers.mode == "markers" and markers.text is None
    assert [row[1] for row in markers.customdata] == ["Strikes begin", "Second event"]
    bars_top = figure.layout.yaxis.domain[1]
    assert figure.layout.yaxis3.domain[0] > bars_top
    rows = event_legend_rows(EVENTS, counts)
    assert list(rows["number"]) == [1, 2] and list(rows["event"]) == ["Strikes begin", "Second event"]


def test_a_single_bar_is_one_period_wide_with_dated_ticks():
    one = make_incidents([make_feature(id="RS-2024-0001", date="2024-03-06")])
    counts = counts_by_period(one, "day", "category", date(2024, 3, 6), date(2024, 3, 6))
    figure = timeline_figure(counts, None, period="day", totals=incidents_by_period(one, "day"))
    first, last = (pd.Timestamp(value) for value in figure.layout.xaxis.range)
    assert last - first == pd.Timedelta(days=1)
    assert figure.layout.xaxis.dtick == 86_400_000 and "%d %b" in figure.layout.xaxis.tickformat
    assert _bars(figure)[0].xperiod == 86_400_000


def test_a_clicked_bar_range_is_drawn_at_a_finer_period():
    assert timeline_period(date(2024, 3, 1), date(2024, 3, 31), "month") == "week"
    assert timeline_period(date(2024, 3, 4), date(2024, 3, 10), "week") == "day"
    assert timeline_period(date(2024, 3, 4), date(2024, 3, 10), "month") == "day"
    assert timeline_period(date(2024, 1, 1), date(2024, 12, 31), "month") == "month"
    assert timeline_period(date(2024, 3, 6), date(2024, 3, 6), "day") == "day"


@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_each_bar_spans_exactly_the_period_it_counts(incidents, period):
    counts = counts_by_period(incidents, period, "category")
    bar = _bars(timeline_figure(counts, None, period=period))[0]
    origin = pd.Timestamp(bar.xperiod0)
    # Plotly counts periods from xperiod0: it must itself be a period start, or bars straddle two periods.
    assert period_starts(pd.Series([origin]), period).iloc[0] == origin
    assert bar.xperiodalignment == "middle"


def test_bars_carry_their_period_start_for_a_click(incidents):
    counts = counts_by_period(incidents, "week", "category")
    bar = _bars(timeline_figure(counts, None, period="week"))[0]
    assert [row[0] for row in bar.customdata] == list(counts.index.strftime("%Y-%m-%d"))


def test_an_imported_layer_never_distorts_the_axes(incidents):
    counts = counts_by_period(incidents, "month", "category")
    totals = incidents_by_period(incidents, "month")
    plain = timeline_figure(counts, None, period="month", totals=totals)
    # An imported record that runs far before and after the curated one, with larger counts.
    imported = pd.Series(
        [40, 2, 3, 50], index=pd.to_datetime(["2020-01-01", counts.index[0], counts.index[-1], "2031-01-01"])
    )
    figure = timeline_figure(counts, None, period="month", totals=totals, imported=imported)
    assert figure.layout.xaxis.range == plain.layout.xaxis.range
    assert figure.layout.yaxis2.range == plain.layout.yaxis2.range and figure.layout.yaxis2.range[0] == 0
    line = next(trace for trace in figure.data if trace.name == "Imported records")
    assert len(line.x) == len(counts) and max(line.y) == 3
    assert min(_cumulative(figure).y) >= 0


def test_counts_cover_the_whole_filtered_range(incidents):
    counts = counts_by_period(incidents, "month", "category", date(2023, 11, 1), date(2024, 6, 30))
    assert counts.index[0] == pd.Timestamp("2023-11-01") and counts.index[-1] == pd.Timestamp("2024-06-01")


@pytest.mark.parametrize(("theme", "background"), [("light", "#FFFFFF"), ("dark", "#0E1117")])
@pytest.mark.parametrize("stack_by", ["category", "outcome"])
def test_every_bar_colour_stands_out_from_the_page_in_both_themes(theme, background, stack_by):
    # Sinkings (and the outcome "sunk") were black bars on the dark theme's near-black background.
    one = make_incidents([make_feature(id="RS-2024-0001", date="2024-03-04", category="sinking", outcome="sunk")])
    counts = counts_by_period(one, "week", stack_by)
    for bar in _bars(timeline_figure(counts, None, stack_by=stack_by, period="week", theme=theme)):
        assert contrast_ratio(bar.marker.color, background) >= 2, (bar.name, bar.marker.color)
