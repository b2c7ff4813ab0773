"""The incident detail card: every field, its sources as safe links, and a locator map."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.components.data import load_map_labels
from dashboard.components.shared_results import shared_locator_map
from dashboard.components.theme import active_theme
from dashboard.core.about import report_link
from dashboard.core.dms import format_position
from dashboard.core.incidents_table import ship_key
from dashboard.core.schema import CLAIM_STATUSES, POSITION_BASES
from dashboard.core.style import label_for, labels_for
from dashboard.core.text import markdown_link, markdown_text, plain_text


def _number(value: Any) -> str:
    return "not reported" if value is None or pd.isna(value) else str(int(value))


def _text(value: object, default: str = "not reported") -> str:
    """Display text of a possibly missing value (None, NaN or pandas NA)."""
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)) or str(value).strip() == "":
        return default
    return str(value)


def _date(value: object) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _published_suffix(published: object) -> str:
    """' (date)' after a source's link when the source says when it was published, else ''."""
    return f" ({markdown_text(published, one_line=True)})" if published else ""


def render_incident_detail(
    incident: pd.Series, map_geojson: dict[str, dict], *, key: str, compact: bool = False, version: str = ""
) -> None:
    """Render one incident as a card.

    Parameters
    ----------
    incident : Series
        One row of the prepared incident table.
    map_geojson : dict
        The bundled basemap GeoJSON ("land", "borders").
    key : str
        Unique key for the locator map widget.
    compact : bool
        Stack the locator map above the fields (for a narrow panel beside a map).
    version : str
        Content hash of the record the incident is from (`Dataset.version`): its locator map is then shared
        with every session showing it. Empty: built for this session alone.
    """
    # A heading is Markdown too: the name is escaped like any other record text.
    name = markdown_text(_text(incident.get("vessel_name"), "Unnamed vessel"), limit=120, one_line=True)
    with st.container(border=True):
        st.subheader(f"{name} · {_date(incident['date'])}", anchor=False)
        category = label_for("category", incident["category"])
        status = str(incident["claim_status"])
        st.markdown(
            f"**{markdown_text(category)}**, outcome **{markdown_text(label_for('outcome', incident['outcome']))}** "
            f"· {markdown_text(CLAIM_STATUSES.get(status, label_for('claim_status', status)))}"
        )
        if status != "confirmed":
            st.caption("Claim status is not 'confirmed': treat this event with caution.")
        st.markdown(markdown_text(_text(incident.get("summary"), "")))
        if compact:
            # A narrow panel: the locator map first, where the reader is looking, then the fields.
            right, left = st.container(), st.container()
        else:
            left, right = st.columns([3, 2])
        with left:
            weapons = labels_for("weapons", incident.get("weapons"))
            rows = {
                "Incident id": incident["id"],
                "Time (UTC)": _text(incident.get("time_utc")),
                "Weapons": weapons,
                "Actor": label_for("actor", incident["actor"]),
                "Vessel type": label_for("vessel_type", incident["vessel_type"]),
                "Flag": _text(incident.get("flag")),
                "IMO": _text(incident.get("imo")),
                "Crew killed / injured / missing / held": " / ".join(
                    _number(incident.get(c)) for c in ("crew_killed", "crew_injured", "crew_missing", "crew_held")
                ),
                "Released": _date(incident.get("released_date")) or "-",
                "Position as reported": _text(incident.get("position_text")),
                "Position basis": POSITION_BASES.get(str(incident["position_basis"]), ""),
                "Uncertainty radius": f"{float(incident['position_uncertainty_km']):,.0f} km",
                "Coordinates": format_position(float(incident["lat"]), float(incident["lon"])),
                "Sea area": _text(incident.get("sea_area"), ""),
                "Distance to Houthi-held coast": (
                    f"{float(incident['houthi_coast_km']):,.0f} km" if pd.notna(incident.get("houthi_coast_km")) else ""
                ),
                "Nearest reference port": (
                    f"{plain_text(incident.get('nearest_port'), 60)} ({float(incident['nearest_port_km']):,.0f} km)"
                    if pd.notna(incident.get("nearest_port_km"))
                    else ""
                ),
            }
            st.markdown(
                "\n".join(
                    f"- **{label}:** {markdown_text(value, limit=500, one_line=True)}" for label, value in rows.items()
                )
            )
            notes = _text(incident.get("notes"), "")
            if notes:
                st.markdown(f"**Notes:** {markdown_text(notes)}")
            sources = incident.get("sources") or []
            st.markdown(
                "**Sources**\n"
                + "\n".join(
                    f"{number}. {markdown_link(source.get('url'), source.get('publisher') or source.get('url'))}"
                    + _published_suffix(source.get("published"))
                    for number, source in enumerate(sources, start=1)
                    if isinstance(source, dict)
                )
            )
            ship = ship_key(incident)
            if ship:
                st.page_link(
                    "views/ship.py",
                    label="This ship's story (all its records)",
                    icon=":material/directions_boat:",
                    query_params={"ship": ship},
                )
            report = report_link(str(incident["id"]))
            if report:
                st.markdown(f":material/flag: {markdown_link(report, 'Report an error in this record')}")
            else:
                st.caption(
                    f"To report an error, quote the incident id {markdown_text(incident['id'], 64)} "
                    "(see About the data for where)."
                )
        with right:
            figure = shared_locator_map(incident, version, map_geojson, load_map_labels(), active_theme())
            st.plotly_chart(figure, key=key, width="stretch", config={"displayModeBar": False, "scrollZoom": False})
