"""Analysis: breakdowns of the filtered set, hit rate over time, seized ships and held crews."""

import streamlit as st

from dashboard.components.context import current_view, stop_if_empty
from dashboard.components.theme import active_theme
from dashboard.core.about import completeness_date
from dashboard.core.analysis import breakdown, counts_by_period, hijack_spans, hit_share_by_period, with_gaps
from dashboard.core.analysis_charts import breakdown_bar_figure, hijack_gantt_figure, hit_share_figure
from dashboard.core.charts import timeline_figure
from dashboard.core.style import long_date

BREAKDOWNS = {
    "weapons": "Incidents by weapon",
    "vessel_type": "Incidents by vessel type",
    "flag": "Incidents by flag",
    "sea_area": "Incidents by sea area",
    "actor": "Incidents by actor",
    "claim_status": "Incidents by claim status",
}
# Static charts: no toolbar, so nothing covers their titles on a phone.
STATIC_CHART = {"displayModeBar": False}

view = current_view()
st.title("Analysis")
if not stop_if_empty(view):
    until = completeness_date(view.incidents)
    # Time axes end at the record's completeness date, or earlier at the end of the chosen dates: a chart of
    # 2024 that ran on through 2025 would show an empty year as if nothing had happened.
    chosen_end = view.incident_filter.end
    axis_end = min((day for day in (until, chosen_end) if day is not None), default=None)
    if until is not None and axis_end is not None and axis_end < until:
        st.caption(
            f"The record covers events up to {long_date(until)}; charts end at the chosen {long_date(axis_end)}."
        )
    elif until is not None:
        st.caption(f"The record covers events up to {long_date(until)}; charts end there.")
    st.subheader("Did the attacks hit?", anchor=False)
    period = (
        st.segmented_control("Period", ["month", "week"], key="hit_period", format_func=lambda value: f"Per {value}")
        or "month"
    )
    shares = hit_share_by_period(view.filtered, period)
    if shares.empty:
        st.info("No attack with a known result in the current selection.")
    else:
        hits, total = int(shares["hit"].sum()), int(shares[["hit", "missed"]].to_numpy().sum())
        st.caption(
            f"{hits:,} of {total:,} attacks with a known result struck the ship ({hits / total:.0%}). "
            "Claim-only attacks (result unknown) are left out; the line is drawn only for "
            f"{period}s with attacks and breaks where there were none."
        )
        st.plotly_chart(
            hit_share_figure(with_gaps(shares, period), until=axis_end, period=period),
            key="hit_share_chart",
            config=STATIC_CHART,
        )

    columns = st.columns(2)
    for number, (column, title) in enumerate(BREAKDOWNS.items()):
        counts = breakdown(view.filtered, column).head(15)
        with columns[number % 2]:
            st.plotly_chart(
                breakdown_bar_figure(counts, column=column, title=title), key=f"breakdown_{column}", config=STATIC_CHART
            )

    st.subheader("Incidents by month and category", anchor=False)
    monthly = timeline_figure(
        counts_by_period(view.filtered, "month", "category"),
        None,
        period="month",
        cumulative=False,
        theme=active_theme(),
    )
    monthly.update_layout(xaxis={"title": "Month"})
    st.plotly_chart(monthly, key="monthly_chart", config=STATIC_CHART)

    st.subheader("Seized ships and held crews", anchor=False)
    spans = hijack_spans(view.filtered, until or view.filtered["date"].max().date())
    if spans.empty:
        st.info("No ship was seized in the current selection.")
    else:
        held = int((~spans["released"]).sum())
        st.caption(
            f"{len(spans)} ship(s) seized (failed attempts are not counted). Green: released. "
            f"Pink: {held} with no recorded release; the bar runs to the record's completeness date."
        )
        st.plotly_chart(hijack_gantt_figure(spans, until=until), key="hijack_gantt", config=STATIC_CHART)
