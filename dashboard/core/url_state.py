"""Translate the dashboard's view (filters and selected incident) to and from URL query parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from dashboard.core.filters import IncidentFilter

# URL parameter -> IncidentFilter attribute, for the multi-choice filters.
LIST_PARAMETERS = {
    "category": "categories",
    "outcome": "outcomes",
    "weapon": "weapons",
    "actor": "actors",
    "claim": "claim_statuses",
    "vessel_type": "vessel_types",
    "flag": "flags",
    "area": "sea_areas",
}
SCALAR_PARAMETERS = ("from", "to", "q", "casualties", "incident")
MAX_VALUE_LENGTH = 1000
MAX_TEXT_LENGTH = 200
_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# A URL with hundreds of bad parameters must not fill the page with notices: a few, then one line for the rest.
MAX_NOTICES = 3


@dataclass(frozen=True)
class ViewState:
    """What the URL says: the filter, the selected incident, and notices about what was ignored."""

    incident_filter: IncidentFilter = IncidentFilter()
    selected_id: str | None = None
    notices: tuple[str, ...] = field(default=())


def _safe_label(text: str) -> str:
    """A short, inert rendering of untrusted text for notices (letters, digits, _ and - only)."""
    cleaned = re.sub(r"[^A-Za-z0-9_\-]", "", text)[:30]
    return cleaned or "(unreadable)"


def _as_values(raw: object) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, Sequence):
        return [str(item) for item in raw]
    return [str(raw)]


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def parse_query_params(params: Mapping[str, object], vocabularies: Mapping[str, Sequence[str]]) -> ViewState:
    """Parse URL query parameters into a view, ignoring anything malformed with a notice.

    Parameters
    ----------
    params : mapping
        Parameter name -> value or list of values (repeated keys).
    vocabularies : mapping
        IncidentFilter attribute (e.g. "categories") -> allowed values.

    Returns
    -------
    ViewState
        Never raises: every problem becomes a notice.
    """
    notices: list[str] = []
    chosen: dict[str, object] = {}
    selected: str | None = None
    for name, raw in params.items():
        values = _as_values(raw)
        if name not in LIST_PARAMETERS and name not in SCALAR_PARAMETERS:
            notices.append(f"Ignored unknown URL parameter '{_safe_label(str(name))}'.")
            continue
        if any(len(value) > MAX_VALUE_LENGTH for value in values):
            notices.append(f"Ignored URL parameter '{name}': value longer than {MAX_VALUE_LENGTH} characters.")
            continue
        if name in LIST_PARAMETERS:
            attribute = LIST_PARAMETERS[name]
            allowed = set(vocabularies.get(attribute, ()))
            items = [item.strip() for value in values for item in value.split(",") if item.strip()]
            good = tuple(dict.fromkeys(item for item in items if item in allowed))
            bad = [item for item in items if item not in allowed]
            if bad:
                notices.append(f"Ignored unknown value(s) of '{name}': "
                               + ", ".join(f"'{_safe_label(item)}'" for item in bad[:5]) + ".")
            if good:
                chosen[attribute] = good
            continue
        if len(values) > 1:
            notices.append(f"URL parameter '{name}' was given {len(values)} times; the first value is used.")
        value = values[0] if values else ""
        if name in ("from", "to"):
            parsed = _parse_date(value)
            if parsed is None:
                notices.append(f"Ignored '{name}': '{_safe_label(value)}' is not a date YYYY-MM-DD.")
            else:
                chosen["start" if name == "from" else "end"] = parsed
        elif name == "q":
            if len(value) > MAX_TEXT_LENGTH:
                notices.append(f"Ignored 'q': search text longer than {MAX_TEXT_LENGTH} characters.")
            else:
                chosen["text"] = value
        elif name == "casualties":
            if value in ("1", "true", "yes"):
                chosen["casualties_only"] = True
            elif value not in ("0", "false", "no", ""):
                notices.append("Ignored 'casualties': use 1 or 0.")
        elif name == "incident":
            if _ID_PATTERN.match(value):
                selected = value
            else:
                notices.append("Ignored 'incident': not a valid incident id.")
    start, end = chosen.get("start"), chosen.get("end")
    if isinstance(start, date) and isinstance(end, date) and start > end:
        notices.append("Ignored the date range: 'from' is after 'to'.")
        chosen.pop("start")
        chosen.pop("end")
    return ViewState(IncidentFilter(**chosen), selected, summarise_notices(notices))


def summarise_notices(notices: Sequence[str], limit: int = MAX_NOTICES) -> tuple[str, ...]:
    """The first `limit` notices and, when there are more, one line that counts the rest."""
    if len(notices) <= limit + 1:
        return tuple(notices)
    rest = len(notices) - limit
    return (*notices[:limit], f"{rest:,} more URL parameter problems were ignored (not listed).")


def view_to_query_params(incident_filter: IncidentFilter, selected_id: str | None = None) -> dict[str, str]:
    """Encode a view as query parameters (defaults left out, lists comma-separated)."""
    params: dict[str, str] = {}
    if incident_filter.start is not None:
        params["from"] = incident_filter.start.isoformat()
    if incident_filter.end is not None:
        params["to"] = incident_filter.end.isoformat()
    for name, attribute in LIST_PARAMETERS.items():
        values = getattr(incident_filter, attribute)
        if values:
            params[name] = ",".join(values)
    if incident_filter.text.strip():
        params["q"] = incident_filter.text.strip()
    if incident_filter.casualties_only:
        params["casualties"] = "1"
    if selected_id:
        params["incident"] = selected_id
    return params
