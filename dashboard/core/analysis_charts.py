"""Figure builders of the Analysis page: hit rate, breakdowns, hijacked ships (data in, Figure out)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.core import style
from dashboard.core.text import plotly_text

# Charts read on a phone too: titles sit above a top margin that also leaves room for the toolbar.
TITLE_MARGIN = {"l": 10, "r": 10, "t": 56, "b": 10}


def _titled(figure: go.Figure, title: str, *, height: int) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "y": 0.98, "yanchor": "top"},
        height=height,
        margin=TITLE_MARGIN,
    )
    return figure


def hit_share_figure(table: pd.DataFrame, *, until: date | None = None, period: str = "month") -> go.Figure:
    """Share of attacks with a known result that hit (top) and the attacks counted (bottom), per period.

    Parameters
    ----------
    table : DataFrame
        From `analysis.with_gaps(analysis.hit_share_by_period(...))`: periods without attacks are NaN rows,
        so the line breaks there instead of joining across the gap.
    until : date, optional
        The record's completeness date: the time axis ends there.
    period : str
        "month" or "week", for the axis titles.
    """
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.55, 0.45], vertical_spacing=0.08)
    if table.empty:
        return _titled(figure, "Share of attacks that hit", height=420)
    share = table["hit_share"] * 100
    figure.add_trace(
        go.Scatter(
            x=table.index,
            y=share,
            name="Share that hit",
            mode="lines+markers",
            connectgaps=False,
            line={"color": style.HIT_SHARE_COLOUR, "width": 2},
            marker={"color": style.HIT_SHARE_COLOUR, "size": 7},
            hovertemplate="%{x|%b %Y}: %{y:.0f}% hit<extra></extra>",
        ),
        row=1,
        col=1,
    )
    for column, name, colour, result in (
        ("hit", "Hit (struck the ship)", style.HIT_COLOUR, "hit"),
        ("missed", "Missed or intercepted", style.NOT_HIT_COLOUR, "missed or intercepted"),
    ):
        figure.add_trace(
            go.Bar(
                x=table.index,
                y=table[column],
                name=name,
                marker_color=colour,
                hovertemplate=f"%{{x|%b %Y}}: %{{y}} {result}<extra></extra>",
            ),
            row=2,
            col=1,
        )
    figure.update_yaxes(
        title_text="Share that hit",
        range=[0, 105],
        tickvals=[0, 25, 50, 75, 100],
        ticktext=["0%", "25%", "50%", "75%", "100%"],
        row=1,
        col=1,
    )
    figure.update_yaxes(title_text=f"Attacks per {period}", rangemode="tozero", row=2, col=1)
    figure.update_xaxes(title_text=period.capitalize(), row=2, col=1)
    if until is not None:
        figure.update_xaxes(range=[table.index.min() - pd.Timedelta(days=20), pd.Timestamp(until)])
    figure.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.18, "x": 0}, hovermode="closest")
    return _titled(figure, f"Share of attacks that hit, per {period}", height=460)


def breakdown_bar_figure(counts: pd.Series, *, column: str, title: str) -> go.Figure:
    """Horizontal bars of incident counts by one attribute, in one neutral colour, with readers' labels."""
    labels = [plotly_text(style.label_for(column, value)) for value in counts.index]
    figure = go.Figure(
        go.Bar(
            x=counts.to_numpy(),
            y=labels,
            orientation="h",
            marker_color=style.NEUTRAL_COLOUR,
            hovertemplate="%{y}: %{x} incident(s)<extra></extra>",
        )
    )
    figure.update_layout(
        xaxis={"title": "Incidents", "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "title": None, "automargin": True},
    )
    return _titled(figure, title, height=max(220, 26 * len(counts) + 110))


def hijack_gantt_figure(spans: pd.DataFrame, *, until: date | None = None) -> go.Figure:
    """One bar per seized ship from seizure to release; ships with no recorded release run to `until`."""
    figure = go.Figure()
    if spans.empty:
        return _titled(figure, "Seized ships: from seizure to release", height=220)
    days = (spans["end"] - spans["start"]).dt.days.clip(lower=1)
    crew = spans["crew_held"].astype("Float64").map(lambda v: "crew not reported" if pd.isna(v) else f"{int(v)} crew")
    for released, name, colour in (
        (True, "Released", style.RELEASED_COLOUR),
        (False, "No recorded release", style.STILL_HELD_COLOUR),
    ):
        rows = spans["released"].to_numpy(dtype=bool) == released
        if not rows.any():
            continue
        chosen = spans[rows]
        status = "released" if released else "no recorded release (bar ends at the record's completeness date)"
        figure.add_trace(
            go.Bar(
                y=[plotly_text(name) for name in chosen["vessel_name"]],
                x=(days[rows] * 86_400_000).to_numpy(),
                base=chosen["start"],
                orientation="h",
                marker_color=colour,
                name=name,
                customdata=np.column_stack(
                    [
                        chosen["start"].dt.strftime("%Y-%m-%d"),
                        chosen["end"].dt.strftime("%Y-%m-%d"),
                        [status] * len(chosen),
                        crew[rows].to_numpy(dtype=object),
                        days[rows].to_numpy(),
                    ]
                ),
                hovertemplate="<b>%{y}</b><br>%{customdata[0]} to %{customdata[1]} (%{customdata[4]} days)"
                "<br>%{customdata[2]}, %{customdata[3]}<extra></extra>",
            )
        )
    xaxis: dict = {"type": "date", "title": "Date"}
    if until is not None:
        xaxis["range"] = [spans["start"].min() - pd.Timedelta(days=15), pd.Timestamp(until) + pd.Timedelta(days=5)]
    figure.update_layout(
        xaxis=xaxis,
        barmode="overlay",
        yaxis={
            "autorange": "reversed",
            "title": None,
            "automargin": True,
            "categoryorder": "array",
            "categoryarray": [plotly_text(name) for name in spans["vessel_name"]],
        },
        legend={"orientation": "h", "y": -0.25, "x": 0},
    )
    return _titled(figure, "Seized ships: from seizure to release", height=max(240, 30 * len(spans) + 150))
