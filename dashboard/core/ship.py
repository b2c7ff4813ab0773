"""One ship's story across its records: identity, incidents in order, casualties, crew held, sources."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.core import style
from dashboard.core.incidents_table import ship_keys
from dashboard.core.map_style import MAP_FONT, offline_map_style, under_labels
from dashboard.core.style import MISSING_LABEL, label_for
from dashboard.core.text import safe_url

CREW_COLUMNS = ("crew_killed", "crew_injured", "crew_missing")


@dataclass(frozen=True)
class ShipProfile:
    """What the record says about one ship."""

    ship_id: str
    name: str
    identity: dict[str, str]
    incidents: pd.DataFrame
    casualties: dict[str, int | None]
    crew_held: int | None
    seized_on: date | None
    released_on: date | None
    sources: tuple[dict, ...] = field(default=())


def ship_directory(incidents: pd.DataFrame) -> pd.DataFrame:
    """One row per named ship: `ship_id`, `name`, `imo`, `records`, `first`, `last`, and a search `label`."""
    keys = ship_keys(incidents)
    named = incidents.assign(ship_id=keys)[keys.notna().to_numpy()]
    if named.empty:
        return pd.DataFrame(columns=["ship_id", "name", "imo", "records", "first", "last", "label"])
    grouped = named.groupby("ship_id", sort=False)
    directory = pd.DataFrame(
        {
            "name": grouped["vessel_name"].agg(
                lambda names: names.dropna().astype(str).mode().iat[0] if names.notna().any() else "Unnamed vessel"
            ),
            "imo": grouped["imo"].agg(lambda values: next((str(v) for v in values if pd.notna(v) and str(v)), "")),
            "records": grouped.size(),
            "first": grouped["date"].min(),
            "last": grouped["date"].max(),
        }
    ).reset_index()
    directory["label"] = [
        f"{name} (IMO {imo})" if imo else name for name, imo in zip(directory["name"], directory["imo"], strict=True)
    ]
    return directory.sort_values(["name", "ship_id"]).reset_index(drop=True)


def _total(values: pd.Series) -> int | None:
    numbers = pd.to_numeric(values, errors="coerce")
    return None if numbers.isna().all() else int(numbers.sum(skipna=True))


def _first_text(values: pd.Series) -> str | None:
    for value in values:
        if value is not None and not pd.isna(value) and str(value).strip():
            return str(value)
    return None


def ship_profile(incidents: pd.DataFrame, ship_id: str, vessels: pd.DataFrame | None = None) -> ShipProfile | None:
    """Gather one ship's records (None when no record belongs to it).

    Parameters
    ----------
    incidents : DataFrame
        The whole record (not the filtered view: a ship's story is told whole).
    ship_id : str
        `vessel_id` as in data/vessels.csv (`IMO` + 7 digits, or `V-` + name); records without a
        `vessel_id` are matched by the same rule applied to their IMO or name.
    vessels : DataFrame, optional
        The ship register; its identity fields (owner, manager ...) win over the records'.
    """
    mine = incidents[(ship_keys(incidents) == ship_id).to_numpy(dtype=bool)].sort_values(["date", "id"])
    if mine.empty:
        return None
    register = {}
    if vessels is not None and len(vessels):
        row = vessels[vessels["vessel_id"] == ship_id]
        if len(row):
            register = {key: value for key, value in row.iloc[0].items() if isinstance(value, str) and value.strip()}
    name = register.get("name") or _first_text(mine["vessel_name"]) or "Unnamed vessel"
    vessel_type = register.get("vessel_type") or _first_text(mine["vessel_type"])
    identity = {
        "Name": name,
        "IMO": register.get("imo") or _first_text(mine["imo"]) or MISSING_LABEL,
        "Flag": register.get("flag") or _first_text(mine["flag"]) or MISSING_LABEL,
        "Type": label_for("vessel_type", vessel_type),
        "Owner": register.get("owner") or MISSING_LABEL,
        "Manager": register.get("manager") or MISSING_LABEL,
    }
    casualties = {column: _total(mine[column]) for column in CREW_COLUMNS}
    seizures = mine[mine["category"] == "hijacking"]
    released = pd.to_datetime(mine["released_date"]).dropna()
    sources: dict[str, dict] = {}
    for record_sources in mine["sources"]:
        for source in record_sources if record_sources is not None else []:
            if isinstance(source, dict) and safe_url(source.get("url")) and source["url"] not in sources:
                sources[source["url"]] = source
    for url in register.get("sources", "").split():
        if safe_url(url) and url not in sources:
            sources[url] = {"url": url, "publisher": "Ship register source", "published": None}
    return ShipProfile(
        ship_id=ship_id,
        name=name,
        identity=identity,
        incidents=mine,
        casualties=casualties,
        crew_held=_total(mine["crew_held"]) if "crew_held" in mine else None,
        seized_on=seizures["date"].min().date() if len(seizures) else None,
        released_on=released.max().date() if len(released) else None,
        sources=tuple(sources.values()),
    )


def find_ships(directory: pd.DataFrame, query: str) -> pd.DataFrame:
    """Ships whose name contains the query, or whose IMO starts with its digits ("IMO 9237307" works)."""
    text = query.strip().casefold()
    if not text:
        return directory.iloc[0:0]
    digits = re.sub(r"\D", "", text)
    by_name = directory["name"].str.casefold().str.contains(text, regex=False)
    by_imo = directory["imo"].astype(str).str.startswith(digits) if len(digits) >= 3 else False
    return directory[by_name | by_imo]


def ship_track_figure(
    profile: ShipProfile,
    layers: list[dict],
    *,
    theme: str | None = None,
    height: int = 380,
    labels: pd.DataFrame | None = None,
) -> go.Figure:
    """The ship's incident positions in date order, numbered as in its timeline, joined by a thin line.

    `labels` (from `maps.read_map_labels`) names the countries, seas, ports and towns around them: a ship's
    positions alone on an unnamed coast cannot be placed by a reader.
    """
    colours = style.map_colours(theme)
    records = profile.incidents
    lon = records["lon"].astype(float).to_numpy()
    lat = records["lat"].astype(float).to_numpy()
    figure = go.Figure()
    if len(records) > 1:
        figure.add_trace(
            go.Scattermap(
                lon=lon,
                lat=lat,
                mode="lines",
                line={"color": colours.text, "width": 1},
                opacity=0.5,
                hoverinfo="skip",
                showlegend=False,
            )
        )
    # Records at one position share one label ("1, 2, 3"), written once; a halo in the text colour keeps
    # dark markers (sinking is black) visible on the dark basemap.
    order = pd.Series(range(1, len(records) + 1), index=records.index)
    spot = pd.Series(list(zip(np.round(lon, 3), np.round(lat, 3), strict=True)), index=records.index)
    numbers = order.groupby(spot).transform(lambda group: ", ".join(str(n) for n in group))
    first_at_spot = ~spot.duplicated()
    figure.add_trace(
        go.Scattermap(
            lon=lon,
            lat=lat,
            mode="markers",
            marker={"size": 17, "color": colours.text},
            opacity=0.8,
            hoverinfo="skip",
            showlegend=False,
        )
    )
    for category, rows in records.groupby("category", observed=True, sort=False):
        figure.add_trace(
            go.Scattermap(
                lon=rows["lon"].astype(float),
                lat=rows["lat"].astype(float),
                mode="markers+text",
                text=[numbers[index] if first_at_spot[index] else "" for index in rows.index],
                textposition="top right",
                textfont={"family": MAP_FONT, "color": colours.text, "size": 13},
                # The theme's category colours: a sinking is near-white on the dark basemap, not black.
                marker={"size": 13, "color": colours.categories.get(str(category), style.UNKNOWN_COLOUR)},
                name=label_for("category", category),
                customdata=np.column_stack(
                    [rows["date"].dt.strftime("%Y-%m-%d"), rows["outcome"].map(lambda v: label_for("outcome", v))]
                ),
                hovertemplate="%{customdata[0]}: %{fullData.name}, %{customdata[1]}<extra></extra>",
            )
        )
    span = max(float(np.ptp(lon)) if len(lon) else 0.0, float(np.ptp(lat)) if len(lat) else 0.0)
    zoom = 6.0 if span < 1 else 4.5 if span < 5 else 3.5
    figure.update_layout(
        # The offline style: map text (place names, ring labels) asks no font server off the machine.
        map={
            "style": offline_map_style(colours, labels),
            "layers": under_labels(layers),
            "zoom": zoom,
            "center": {"lon": float(np.mean(lon)), "lat": float(np.mean(lat))},
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=height,
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 0.0,
            "x": 0.0,
            "bgcolor": colours.legend_background,
            "font": {"color": colours.text},
        },
    )
    return figure
