"""Flatten incidents into the rows of the sortable incident table, and name its downloads after the filter."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from dashboard.core import filters
from dashboard.core.filters import IncidentFilter
from dashboard.core.style import MISSING_LABEL, label_for, labels_for
from dashboard.core.text import plain_text, safe_url

# Shown in narrow number cells for "not reported" (explained in the column's tooltip).
NOT_REPORTED_MARK = "–"
TABLE_COLUMNS = [
    "date",
    "vessel_name",
    "category",
    "outcome",
    "weapons",
    "sea_area",
    "crew_killed",
    "flag",
    "vessel_type",
    "claim_status",
    "imo",
    "source",
    "ship",
    "id",
]


def _first_safe_source(sources: Iterable[object] | None) -> str | None:
    for source in sources if sources is not None else []:
        if isinstance(source, dict) and safe_url(source.get("url")):
            return safe_url(source.get("url"))
    return None


def _text_or_missing(value: object, limit: int) -> str:
    if value is None or pd.isna(value) or not str(value).strip():
        return MISSING_LABEL
    return plain_text(value, limit)


def ship_key(incident: pd.Series | dict) -> str | None:
    """The ship an incident belongs to: its `vessel_id`, else its IMO, else its name (None if unnamed)."""
    vessel_id = incident.get("vessel_id")
    if vessel_id is not None and not pd.isna(vessel_id) and str(vessel_id).strip():
        return str(vessel_id).strip()
    imo = incident.get("imo")
    if imo is not None and not pd.isna(imo) and str(imo).strip():
        return f"IMO{str(imo).strip()}"
    name = incident.get("vessel_name")
    if name is not None and not pd.isna(name) and str(name).strip():
        slug = re.sub(r"[^a-z0-9]+", "-", str(name).strip().casefold()).strip("-")
        return f"V-{slug}" if slug else None
    return None


def ship_keys(incidents: pd.DataFrame) -> pd.Series:
    """`ship_key` of every incident (None for unnamed vessels), aligned with the rows."""
    keys = filters.ship_keys(incidents)
    return keys.astype(object).where(keys.notna(), None)


def incident_table_rows(incidents: pd.DataFrame, ship_link_base: str = "ship") -> pd.DataFrame:
    """One display row per incident, newest first, in readers' words (no codes, no "None").

    Only http(s) sources become links; `ship` is the relative link of the incident's ship page.
    """
    if incidents.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    keys = ship_keys(incidents)
    table = pd.DataFrame(
        {
            "date": incidents["date"].dt.date,
            "vessel_name": incidents["vessel_name"].map(
                lambda v: _text_or_missing(v, 120) if pd.notna(v) else "Unnamed vessel"
            ),
            "category": incidents["category"].map(lambda v: label_for("category", v)),
            "outcome": incidents["outcome"].map(lambda v: label_for("outcome", v)),
            "weapons": incidents["weapons"].map(lambda v: labels_for("weapons", v)),
            "sea_area": incidents["sea_area"].map(lambda v: _text_or_missing(v, 60))
            if "sea_area" in incidents
            else MISSING_LABEL,
            # Text, not a number column: a grid shows a missing number as "None".
            "crew_killed": pd.to_numeric(incidents["crew_killed"], errors="coerce").map(
                lambda v: NOT_REPORTED_MARK if pd.isna(v) else f"{int(v):,}"
            ),
            "flag": incidents["flag"].map(lambda v: _text_or_missing(v, 60)),
            "vessel_type": incidents["vessel_type"].map(lambda v: label_for("vessel_type", v)),
            "claim_status": incidents["claim_status"].map(lambda v: label_for("claim_status", v)),
            "imo": incidents["imo"].map(lambda v: _text_or_missing(v, 12)) if "imo" in incidents else MISSING_LABEL,
            "source": incidents["sources"].map(_first_safe_source),
            "ship": keys.map(lambda key: f"{ship_link_base}?ship={key}" if key else None),
            "id": incidents["id"].astype(str),
        }
    )
    return table.sort_values(["date", "id"], ascending=[False, False]).reset_index(drop=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:30]


def download_file_name(incident_filter: IncidentFilter, file_format: str, *, date_preset: str | None = None) -> str:
    """A download's file name that says what was filtered, e.g. ``incidents_2024_hijacking.csv``.

    Parameters
    ----------
    incident_filter : IncidentFilter
        The active filter.
    file_format : str
        File extension ("csv", "geojson", "parquet").
    date_preset : str, optional
        The named period chosen ("2024", "Last 30 days"), used instead of the dates.
    """
    parts = ["incidents"]
    if date_preset and date_preset != "Everything":
        parts.append(_slug(date_preset))
    elif incident_filter.start or incident_filter.end:
        start = incident_filter.start.isoformat() if incident_filter.start else "start"
        end = incident_filter.end.isoformat() if incident_filter.end else "latest"
        parts.append(f"{start}_to_{end}")
    for values in (
        incident_filter.categories,
        incident_filter.outcomes,
        incident_filter.weapons,
        incident_filter.actors,
        incident_filter.claim_statuses,
        incident_filter.vessel_types,
        incident_filter.flags,
        incident_filter.sea_areas,
    ):
        if values:
            parts.append("-".join(_slug(value) for value in values[:3]) + ("-etc" if len(values) > 3 else ""))
    if incident_filter.text.strip():
        parts.append(f"search-{_slug(incident_filter.text)}")
    if incident_filter.casualties_only:
        parts.append("with-casualties")
    name = "_".join(part for part in parts if part)
    return f"{name[:150]}.{file_format}"
