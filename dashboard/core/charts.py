"""The timeline chart: incidents per period, a cumulative line and context events (pure; no streamlit)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.core import style
from dashboard.core.text import plotly_text

# Context events are shown up to this long after the last bar starts (a month bar covers up to 31 days).
EVENT_WINDOW = pd.Timedelta(days=31)
PERIOD_DAYS = {"day": 1, "week": 7, "month": 30.44}
PERIOD_MS = {"day": 86_400_000, "week": 7 * 86_400_000, "month": "M1"}
# Where plotly starts counting periods: a first of the month for months, a Monday for weeks (they run Monday to
# Sunday), so that each bar spans exactly the period it counts.
PERIOD_ORIGINS = {"day": "2000-01-01", "week": "2000-01-03", "month": "2000-01-01"}
# Share of the chart's height that the context-event row takes (above the bars).
EVENT_ROW = 0.12


def integer_axis(maximum: float, *, ticks: int = 5) -> dict:
    """Axis settings for a count: whole-number ticks from zero, a range just above `maximum`."""
    top = max(float(maximum), 1.0)
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = max(1, int(next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)))
    return {"range": [0, top * 1.05], "tick0": 0, "dtick": step, "tickformat": ",d", "rangemode": "tozero"}


def events_in_range(events: pd.DataFrame | None, first: pd.Timestamp, last: pd.Timestamp) -> pd.DataFrame:
    """The context events from `first` to `last` plus EVENT_WINDOW (the one window the chart and its list share)."""
    if events is None or events.empty:
        return pd.DataFrame(columns=["date", "label", "kind", "source_url"])
    return events[(events["date"] >= first) & (events["date"] <= last + EVENT_WINDOW)].reset_index(drop=True)


def event_legend_rows(events: pd.DataFrame | None, counts: pd.DataFrame) -> pd.DataFrame:
    """The context events shown on a timeline, numbered as on the chart."""
    if events is None or events.empty or counts.empty:
        return pd.DataFrame(columns=["number", "date", "event", "kind", "source"])
    shown = events_in_range(events, counts.index.min(), counts.index.max())
    return pd.DataFrame(
        {
            "number": range(1, len(shown) + 1),
            "date": shown["date"].dt.date.to_numpy(),
            "event": shown["label"].to_numpy(),
            "kind": shown["kind"].to_numpy(),
            "source": shown["source_url"].to_numpy(),
        }
    )


def _period_placement(period: str) -> dict[str, object]:
    """Plotly's settings that draw a trace's points in the middle of their period (bars and lines alike)."""
    return {"xperiod": PERIOD_MS[period], "xperiod0": PERIOD_ORIGINS[period], "xperiodalignment": "middle"}


def _period_line(values: pd.Series, period: str, **options: object) -> go.Scatter:
    """A line through one value per period (indexed by period start), each point in its period's middle."""
    return go.Scatter(x=values.index, y=values.to_numpy(), mode="lines", **_period_placement(period), **options)


def timeline_figure(
    counts: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    stack_by: str = "category",
    period: str = "week",
    totals: pd.Series | None = None,
    cumulative: bool = True,
    imported: pd.Series | None = None,
    theme: str | None = None,
) -> go.Figure:
    """Stacked bars per period, a cumulative line of incidents, and context events on their own row.

    Parameters
    ----------
    counts : DataFrame
        Bars: one row per period start, one column per stacked value (`analysis.counts_by_period`).
    events : DataFrame, optional
        Context events (`date`, `label`, `kind`), drawn as numbered markers above the bars.
    stack_by : str
        What the bars are stacked by; "weapons" counts weapon uses (an incident with two weapons twice).
    period : {"day", "week", "month"}
    totals : Series, optional
        Incidents per period (each once): the cumulative line. Defaults to the row sums of `counts`,
        which are incidents only when one incident has one value.
    imported : Series, optional
        Imported records per period, drawn as a line in the imported colour on the bar axis (clipped to the
        bars' range).
    theme : {"light", "dark"}, optional
        The reader's theme: in the dark one, black bars (sinkings) are drawn near-white.
    """
    figure = go.Figure()
    uses = stack_by == "weapons"
    unit = "weapon uses" if uses else "incidents"
    totals = counts.sum(axis=1) if totals is None else totals.reindex(counts.index, fill_value=0)
    colours = style.stack_colours(stack_by, theme)
    period_text = np.array([_period_label(start, period) for start in counts.index], dtype=object)
    for column in counts.columns:
        figure.add_trace(
            go.Bar(
                x=counts.index,
                y=counts[column],
                name=plotly_text(style.label_for(stack_by, str(column))),
                marker_color=colours.get(str(column)),
                legendgroup=str(column),
                **_period_placement(period),
                customdata=np.column_stack([counts.index.strftime("%Y-%m-%d"), period_text]),
                hovertemplate=f"%{{customdata[1]}}: %{{y}} {unit}<extra>%{{fullData.name}}</extra>",
            )
        )
    bar_top = float(counts.sum(axis=1).max()) if not counts.empty else 0.0
    if imported is not None and len(imported) and not counts.empty:
        shown = imported.reindex(counts.index, fill_value=0)
        bar_top = max(bar_top, float(shown.max()))
        figure.add_trace(
            _period_line(
                shown,
                period,
                name="Imported records",
                line={"color": style.IMPORTED_COLOUR, "width": 2, "shape": "hvh"},
                hovertemplate="%{x|%Y-%m-%d}: %{y} imported<extra></extra>",
            )
        )
    running = totals.cumsum()
    if cumulative and not counts.empty:
        figure.add_trace(
            _period_line(
                running,
                period,
                name="Cumulative incidents",
                yaxis="y2",
                line={"color": style.CUMULATIVE_COLOUR, "width": 2},
                hovertemplate="Up to %{x|%Y-%m-%d}: %{y:,} incidents<extra></extra>",
            )
        )
    has_events = _add_event_row(figure, events, counts)
    bars_domain = [0, 1 - EVENT_ROW - 0.03] if has_events else [0, 1]
    layout = {
        "barmode": "stack",
        "height": 420,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "xaxis": _date_axis(counts, period),
        "yaxis": {**integer_axis(bar_top), "title": f"{unit.capitalize()} per {period}", "domain": bars_domain},
        "legend": {"orientation": "h", "y": -0.12, "yanchor": "top"},
        "hovermode": "closest",
        "bargap": 0.1,
    }
    if cumulative and not counts.empty:
        layout["yaxis2"] = {
            **integer_axis(float(running.iloc[-1])),
            "title": "Cumulative incidents",
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
        }
    figure.update_layout(**layout)
    return figure


def _period_label(start: pd.Timestamp, period: str) -> str:
    if period == "month":
        return f"{start:%B %Y}"
    if period == "week":
        return f"Week of {start:%Y-%m-%d}"
    return f"{start:%Y-%m-%d}"


def _date_axis(counts: pd.DataFrame, period: str) -> dict:
    """The x axis spans exactly the bars' periods, so a single bar is one period wide, never the whole chart."""
    if counts.empty:
        return {"title": None}
    first = counts.index.min()
    last = counts.index.max() + pd.Timedelta(days=PERIOD_DAYS[period])
    axis: dict[str, object] = {"title": None, "type": "date", "range": [first, last]}
    if (last - first).days <= 21:
        # Short ranges: one tick per day, dated (otherwise plotly ticks hours such as "23:59:59.9996").
        axis.update(dtick=86_400_000, tickformat="%d %b\n%Y")
    return axis


def _add_event_row(figure: go.Figure, events: pd.DataFrame | None, counts: pd.DataFrame) -> bool:
    """Context events as numbered markers on a row of their own above the bars; hover names them."""
    if events is None or events.empty or counts.empty:
        return False
    shown = events_in_range(events, counts.index.min(), counts.index.max())
    if shown.empty:
        return False
    numbers = np.arange(1, len(shown) + 1)
    figure.add_trace(
        go.Scatter(
            x=shown["date"],
            y=np.zeros(len(shown)),
            yaxis="y3",
            mode="markers",
            name="Context events",
            marker={"symbol": "triangle-down", "size": 11, "color": style.EVENT_COLOUR},
            customdata=np.column_stack(
                [
                    numbers,
                    shown["label"].map(plotly_text).to_numpy(dtype=object),
                    shown["kind"].map(plotly_text).to_numpy(dtype=object),
                ]
            ),
            hovertemplate="%{customdata[0]}. %{x|%Y-%m-%d}: %{customdata[1]}<extra>%{customdata[2]}</extra>",
        )
    )
    figure.update_layout(
        yaxis3={
            "domain": [1 - EVENT_ROW, 1],
            "range": [-1, 1],
            "showticklabels": False,
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
            "title": {"text": "Events", "font": {"size": 11}},
        }
    )
    return True
