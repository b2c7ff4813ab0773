"""Ship: one ship's story across its records (identity, incidents on a map and in order, crew, sources)."""

import pandas as pd
import streamlit as st

from dashboard.components.context import current_dataset
from dashboard.components.data import load_map_geojson, load_map_labels
from dashboard.components.sidebar import SELECTED_KEY, SHIP_KEY
from dashboard.components.tables import row_picker
from dashboard.components.theme import active_theme
from dashboard.core.map_style import basemap_layers
from dashboard.core.ship import ship_directory, ship_profile, ship_track_figure
from dashboard.core.style import MISSING_LABEL, label_for, labels_for, long_date, map_colours
from dashboard.core.text import markdown_link, markdown_text, table_text
from dashboard.core.vessels import load_vessels

CHOICE_KEY = "ship_choice"
LIST_KEY = "ship_list"
MAX_LIST_HEIGHT_PX = 460


@st.cache_resource(show_spinner=False)
def _vessels() -> pd.DataFrame:
    return load_vessels()


def _number(value: int | None) -> str:
    return "Not reported" if value is None else f"{value:,}"


def _on_choice() -> None:
    st.session_state[SHIP_KEY] = st.session_state.get(CHOICE_KEY)
    st.session_state[SELECTED_KEY] = None


def _ship_list(directory: pd.DataFrame) -> pd.DataFrame:
    # Most records first (the ships with a story across several), then the latest.
    ordered = directory.sort_values(["records", "last", "name"], ascending=[False, False, True])
    return table_text(
        pd.DataFrame(
            {
                "ship_id": ordered["ship_id"],
                "name": ordered["name"],
                "imo": ordered["imo"].replace("", "Not reported"),
                "records": ordered["records"],
                "first": ordered["first"].dt.date,
                "last": ordered["last"].dt.date,
            }
        ).reset_index(drop=True)
    )


dataset = current_dataset()
directory = ship_directory(dataset.incidents)
labels = dict(zip(directory["ship_id"], directory["label"], strict=True))
st.title("Ships")
chosen = st.session_state.get(SHIP_KEY)
if chosen and chosen not in labels:
    st.warning(f"No ship in the record has the id '{markdown_text(chosen, 80)}'. Pick one below.")
    chosen = None
st.session_state[CHOICE_KEY] = chosen
st.selectbox(
    "Find a ship by name or IMO",
    list(directory["ship_id"]),
    format_func=lambda key: labels.get(key, key),
    key=CHOICE_KEY,
    index=None,
    placeholder="Type a name or an IMO number",
    on_change=_on_choice,
)
profile = ship_profile(dataset.incidents, chosen, _vessels()) if chosen else None
if profile is None:
    st.caption(
        f"{len(directory):,} named ships in the record. A ship attacked and later sunk or seized and later "
        "released has several records; this page tells its story in one place. Select a ship below (most "
        "records first), or type its name or IMO number above."
    )
    rows = _ship_list(directory)
    picked = row_picker(
        rows,
        key=LIST_KEY,
        max_height_px=MAX_LIST_HEIGHT_PX,
        column_order=["name", "imo", "records", "first", "last"],
        column_config={
            "name": st.column_config.TextColumn("Ship", width="medium"),
            "imo": st.column_config.TextColumn("IMO", width="small"),
            "records": st.column_config.NumberColumn("Records", width="small", help="Incidents recorded for the ship"),
            "first": st.column_config.DateColumn("First incident", format="YYYY-MM-DD", width="small"),
            "last": st.column_config.DateColumn("Latest incident", format="YYYY-MM-DD", width="small"),
        },
    )
    if picked is not None:
        st.session_state[SHIP_KEY] = str(rows.iloc[picked]["ship_id"])
        st.session_state[SELECTED_KEY] = None
        st.rerun()
else:
    st.query_params["ship"] = profile.ship_id
    st.header(markdown_text(profile.name, 120, one_line=True), anchor=False)
    st.markdown(
        " · ".join(
            f"**{label}:** {markdown_text(value, 120)}" for label, value in profile.identity.items() if label != "Name"
        )
    )
    first, second, third, fourth = st.columns(4)
    first.metric("Incidents recorded", f"{len(profile.incidents):,}")
    second.metric("Crew killed", _number(profile.casualties["crew_killed"]), help="Summed across the ship's records.")
    third.metric("Crew injured", _number(profile.casualties["crew_injured"]), help="Summed across the ship's records.")
    fourth.metric("Crew missing", _number(profile.casualties["crew_missing"]), help="Summed across the ship's records.")
    if profile.seized_on or profile.crew_held:
        released = f"released {long_date(profile.released_on)}" if profile.released_on else "no release recorded"
        seized = f"ship seized {long_date(profile.seized_on)}" if profile.seized_on else "crew taken off the ship"
        st.info(f"**Crew held:** {_number(profile.crew_held)} · {seized} · {released}.")
    layers = basemap_layers(
        load_map_geojson()["land"], load_map_geojson()["borders"], colours=map_colours(active_theme())
    )
    st.plotly_chart(
        ship_track_figure(profile, layers, theme=active_theme(), labels=load_map_labels()),
        key="ship_map",
        config={"scrollZoom": True, "displaylogo": False},
    )
    st.caption("Numbers follow the order of the timeline below.")
    st.subheader("Timeline", anchor=False)
    for number, (_, incident) in enumerate(profile.incidents.iterrows(), start=1):
        with st.container(border=True):
            st.markdown(
                f"**{number}. {long_date(incident['date'])}** · {label_for('category', incident['category'])} · "
                f"outcome: {label_for('outcome', incident['outcome'])} · "
                f"{label_for('claim_status', incident['claim_status'])} · weapons: "
                f"{labels_for('weapons', incident['weapons'])}\n\n"
                f"{markdown_text(incident.get('summary') or MISSING_LABEL, 800)}"
            )
            st.page_link(
                "views/incidents.py",
                label=f"Full record {incident['id']}",
                icon=":material/table_rows:",
                query_params={"incident": str(incident["id"])},
            )
    st.subheader("Sources", anchor=False)
    st.markdown(
        "\n".join(
            f"{number}. {markdown_link(source.get('url'), source.get('publisher') or source.get('url'))}"
            f"{' (' + markdown_text(str(source.get('published')), 20) + ')' if source.get('published') else ''}"
            for number, source in enumerate(profile.sources, start=1)
        )
        or "No source recorded."
    )
