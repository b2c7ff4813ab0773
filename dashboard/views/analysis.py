"""Analysis: breakdowns of the filtered set, hit rate over time, hijacked ships and held crews."""

import streamlit as st

from dashboard.components.context import current_view, stop_if_empty
from dashboard.core.analysis import breakdown, counts_by_period, hijack_spans, hit_share_by_period
from dashboard.core.figures import breakdown_bar_figure, hijack_gantt_figure, hit_share_figure, timeline_figure
from dashboard.core.incidents import today_utc

BREAKDOWNS = {"weapons": "By weapon", "vessel_type": "By vessel type", "flag": "By flag",
              "sea_area": "By sea area", "actor": "By actor", "claim_status": "By claim status"}

view = current_view()
st.title("Analysis")
if not stop_if_empty(view):
    st.subheader("Did the attacks hit?", anchor=False)
    period = st.segmented_control("Period", ["month", "week"], default="month", key="hit_period") or "month"
    shares = hit_share_by_period(view.filtered, period)
    if shares.empty:
        st.info("No attack with a known result in the current selection.")
    else:
        hits, total = int(shares["hit"].sum()), int(shares[["hit", "missed"]].to_numpy().sum())
        st.caption(f"{hits} of {total} attacks with a known result hit their target ({hits / total:.0%}). "
                   "Claim-only attacks (result unknown) are left out.")
        st.plotly_chart(hit_share_figure(shares), key="hit_share_chart")

    columns = st.columns(2)
    for number, (column, title) in enumerate(BREAKDOWNS.items()):
        counts = breakdown(view.filtered, column).head(15)
        with columns[number % 2]:
            st.plotly_chart(breakdown_bar_figure(counts, column=column, title=title), key=f"breakdown_{column}")

    st.subheader("By month", anchor=False)
    st.plotly_chart(timeline_figure(counts_by_period(view.filtered, "month", "category"), None,
                                    period="month", cumulative=False), key="monthly_chart")

    st.subheader("Hijacked ships and held crews", anchor=False)
    spans = hijack_spans(view.filtered, today_utc())
    if spans.empty:
        st.info("No hijacking in the current selection.")
    else:
        held = int((~spans["released"]).sum())
        st.caption(f"{len(spans)} hijacking(s); {held} without a recorded release (bar runs to today, in red).")
        st.plotly_chart(hijack_gantt_figure(spans), key="hijack_gantt")
