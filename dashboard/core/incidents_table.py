"""Flatten incidents into the rows of the sortable incident table."""

from __future__ import annotations

import pandas as pd

from dashboard.core.style import CATEGORY_LABELS
from dashboard.core.text import clean_display_text, safe_url


def _first_safe_source(sources: object) -> str | None:
    for source in sources or []:
        if isinstance(source, dict) and safe_url(source.get("url")):
            return safe_url(source.get("url"))
    return None


def incident_table_rows(incidents: pd.DataFrame) -> pd.DataFrame:
    """One display row per incident, newest first; only http(s) sources become links."""
    if incidents.empty:
        return pd.DataFrame(columns=["id", "date", "vessel_name", "category", "outcome", "weapons", "claim_status",
                                     "vessel_type", "flag", "sea_area", "crew_killed", "uncertainty_km", "source"])
    table = pd.DataFrame({
        "id": incidents["id"].astype(str),
        "date": incidents["date"].dt.date,
        "vessel_name": incidents["vessel_name"].map(lambda v: clean_display_text(v, 120) if pd.notna(v) else ""),
        "category": incidents["category"].astype(str).map(CATEGORY_LABELS),
        "outcome": incidents["outcome"].astype(str),
        "weapons": incidents["weapons"].map(lambda v: ", ".join(v) if v is not None else ""),
        "claim_status": incidents["claim_status"].astype(str),
        "vessel_type": incidents["vessel_type"].astype(str),
        "flag": incidents["flag"].map(lambda v: clean_display_text(v, 60) if pd.notna(v) else ""),
        "sea_area": incidents["sea_area"].astype(str) if "sea_area" in incidents else "",
        "crew_killed": incidents["crew_killed"],
        "uncertainty_km": incidents["position_uncertainty_km"].astype(float),
        "source": incidents["sources"].map(_first_safe_source),
    })
    return table.sort_values(["date", "id"], ascending=[False, False]).reset_index(drop=True)
