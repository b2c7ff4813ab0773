"""Translate the dashboard's view (filters and selected incident) to and from URL query parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import urlencode

from dashboard.core.filters import FILTER_DIMENSIONS, IncidentFilter

# URL parameter -> IncidentFilter attribute, for the multi-choice filters (from the one table of dimensions).
LIST_PARAMETERS = {dimension.url_name: dimension.attribute for dimension in FILTER_DIMENSIONS}
SCALAR_PARAMETERS = ("from", "to", "q", "casualties", "incident", "period", "ship")
MAX_VALUE_LENGTH = 1000
MAX_TEXT_LENGTH = 200
_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
# A ship without IMO or vessel id is keyed by its name, slugged ("V-" + name): as long as the name.
_SHIP_PATTERN = re.compile(rf"^[A-Za-z0-9_.:-]{{1,{MAX_VALUE_LENGTH}}}$")
# A URL with hundreds of bad parameters must not fill the page with notices: a few, then one line for the rest.
MAX_NOTICES = 3
# A date preset's name as it appears in the URL: "everything", "last-30-days", "2024" ...
_PRESET_PATTERN = re.compile(r"^[a-z0-9-]{1,30}$")
# Parameters holding one name each: what a valid one looks like, and what it is (for the notice).
_NAMED_PARAMETERS = {
    "incident": (_ID_PATTERN, "a valid incident id"),
    "period": (_PRESET_PATTERN, "a period name"),
    "ship": (_SHIP_PATTERN, "a valid ship id"),
}


@dataclass(frozen=True)
class PageSetting:
    """A page's display setting kept in the URL: its parameter, widget key, default and allowed values.

    `choices` lists the allowed values of a choice; booleans are written 1/0; integers (`low`..`high`)
    as digits.
    """

    parameter: str
    widget_key: str
    default: object
    choices: tuple[str, ...] = ()
    low: int | None = None
    high: int | None = None

    def parse(self, text: str) -> object | None:
        """The setting's value from URL text, or None when the text is not an allowed value."""
        text = text.strip()
        if isinstance(self.default, bool):
            return {"1": True, "true": True, "0": False, "false": False}.get(text.lower())
        if isinstance(self.default, int):
            if not (text.isascii() and text.isdigit()) or len(text) > 6:
                return None
            value = int(text)
            return value if self.low is not None and self.high is not None and self.low <= value <= self.high else None
        return text if text in self.choices else None

    def allowing(self, choices: Mapping[str, Sequence[str]] | None) -> PageSetting:
        """This setting with the values `choices` lists for its parameter (the data's own), if any."""
        allowed = tuple((choices or {}).get(self.parameter, ()))
        return replace(self, choices=allowed) if allowed else self

    def encode(self, value: Any) -> str | None:
        """URL text of a value, or None for the default (left out of the URL) and for unknown values."""
        if value is None or value == self.default:
            return None
        if isinstance(self.default, bool):
            return "1" if value else "0"
        encoded = str(int(value)) if isinstance(self.default, int) else str(value)
        return encoded if self.parse(encoded) is not None else None


# Every page setting that changes what is shown, so that a copied link restores the view.
PAGE_SETTINGS: tuple[PageSetting, ...] = (
    PageSetting("timeline", "timeline_period", "week", choices=("day", "week", "month")),
    PageSetting("stack", "timeline_stack", "category", choices=("category", "weapons", "outcome")),
    PageSetting("areas", "map_areas", False),
    PageSetting("lanes", "map_lanes", False),
    PageSetting("circles", "map_uncertainty", True),
    PageSetting("density", "map_density", False),
    PageSetting("tiles", "map_online", False),
    # Weapon presets are listed by core/threat.py (passed as run-time choices).
    PageSetting("preset", "threat_preset", "custom", choices=("custom",)),
    PageSetting("range", "threat_range_km", 300, low=0, high=3000),
    PageSetting("speed", "route_speed", 14, low=8, high=24),
    PageSetting("hits", "hit_period", "month", choices=("month", "week")),
)

PAGE_PARAMETER_NAMES = tuple(setting.parameter for setting in PAGE_SETTINGS)


def page_setting(parameter: str) -> PageSetting:
    """The page setting kept under a URL parameter."""
    return next(setting for setting in PAGE_SETTINGS if setting.parameter == parameter)


def parse_page_settings(
    params: Mapping[str, object], choices: Mapping[str, Sequence[str]] | None = None
) -> tuple[dict[str, object], list[str]]:
    """Read the page settings from URL parameters.

    Parameters
    ----------
    params : mapping
        Parameter name -> value or list of values.
    choices : mapping, optional
        Parameter -> allowed values, for settings whose values are only known at run time (weapon presets).

    Returns
    -------
    (dict, list)
        Widget key -> value of the settings the URL gives validly, and notices about the others.
    """
    values: dict[str, object] = {}
    notices: list[str] = []
    for setting in PAGE_SETTINGS:
        if setting.parameter not in params:
            continue
        raw = _as_values(params[setting.parameter])
        chosen = setting.allowing(choices)
        value = chosen.parse(raw[0][:MAX_TEXT_LENGTH]) if raw else None
        if value is None:
            notices.append(
                f"Ignored '{setting.parameter}': '{_safe_label(raw[0] if raw else '')}' is not one of its values."
            )
        else:
            values[setting.widget_key] = value
    return values, notices


def page_settings_to_query_params(
    state: Mapping[str, object], choices: Mapping[str, Sequence[str]] | None = None
) -> dict[str, str]:
    """URL parameters of the page settings found in `state` (widget key -> value), defaults left out."""
    params: dict[str, str] = {}
    for setting in PAGE_SETTINGS:
        if setting.widget_key not in state:
            continue
        chosen = setting.allowing(choices)
        encoded = chosen.encode(state[setting.widget_key])
        if encoded is not None:
            params[setting.parameter] = encoded
    return params


@dataclass(frozen=True)
class UrlState:
    """What the URL says: the filter, the selected incident, and notices about what was ignored."""

    incident_filter: IncidentFilter = field(default_factory=IncidentFilter)
    selected_id: str | None = None
    notices: tuple[str, ...] = field(default=())
    date_preset: str | None = None
    ship_id: str | None = None


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


def _parameter_problem(name: str, values: list[str]) -> str | None:
    """The notice for a parameter this module does not read, or whose value is too long; None for a good one."""
    if name not in LIST_PARAMETERS and name not in SCALAR_PARAMETERS:
        return f"Ignored unknown URL parameter '{_safe_label(str(name))}'."
    if any(len(value) > MAX_VALUE_LENGTH for value in values):
        return f"Ignored URL parameter '{name}': value longer than {MAX_VALUE_LENGTH} characters."
    return None


def _read_list_parameter(
    name: str, values: list[str], vocabularies: Mapping[str, Sequence[str]], chosen: dict[str, Any], notices: list[str]
) -> None:
    """Choose the known values of a multi-choice filter (comma-separated, keys repeatable), noting the others."""
    attribute = LIST_PARAMETERS[name]
    allowed = set(vocabularies.get(attribute, ()))
    items = [item.strip() for value in values for item in value.split(",") if item.strip()]
    good = tuple(dict.fromkeys(item for item in items if item in allowed))
    bad = [item for item in items if item not in allowed]
    if bad:
        notices.append(
            f"Ignored unknown value(s) of '{name}': " + ", ".join(f"'{_safe_label(item)}'" for item in bad[:5]) + "."
        )
    if good:
        chosen[attribute] = good


def _read_casualties(value: str, chosen: dict[str, Any], notices: list[str]) -> None:
    if value in ("1", "true", "yes"):
        chosen["casualties_only"] = True
    elif value not in ("0", "false", "no", ""):
        notices.append("Ignored 'casualties': use 1 or 0.")


def _read_scalar_parameter(
    name: str, values: list[str], chosen: dict[str, Any], named: dict[str, str], notices: list[str]
) -> None:
    """Read a one-value parameter into the filter (`chosen`) or the named selections (`named`), noting problems."""
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
        _read_casualties(value, chosen, notices)
    elif name in _NAMED_PARAMETERS:
        pattern, meaning = _NAMED_PARAMETERS[name]
        if pattern.match(value):
            named[name] = value
        else:
            notices.append(f"Ignored '{name}': not {meaning}.")


def _drop_reversed_range(chosen: dict[str, Any], notices: list[str]) -> None:
    """A range whose start is after its end would show nothing: drop both ends, with a notice."""
    start, end = chosen.get("start"), chosen.get("end")
    if isinstance(start, date) and isinstance(end, date) and start > end:
        notices.append("Ignored the date range: 'from' is after 'to'.")
        chosen.pop("start")
        chosen.pop("end")


def parse_query_params(params: Mapping[str, object], vocabularies: Mapping[str, Sequence[str]]) -> UrlState:
    """Parse URL query parameters into a view, ignoring anything malformed with a notice.

    Parameters
    ----------
    params : mapping
        Parameter name -> value or list of values (repeated keys).
    vocabularies : mapping
        IncidentFilter attribute (e.g. "categories") -> allowed values.

    Returns
    -------
    UrlState
        Never raises: every problem becomes a notice.
    """
    notices: list[str] = []
    chosen: dict[str, Any] = {}
    named: dict[str, str] = {}
    for name, raw in params.items():
        values = _as_values(raw)
        if name in PAGE_PARAMETER_NAMES:
            continue  # read by parse_page_settings
        problem = _parameter_problem(name, values)
        if problem:
            notices.append(problem)
        elif name in LIST_PARAMETERS:
            _read_list_parameter(name, values, vocabularies, chosen, notices)
        else:
            _read_scalar_parameter(name, values, chosen, named, notices)
    _drop_reversed_range(chosen, notices)
    return UrlState(
        IncidentFilter(**chosen),
        named.get("incident"),
        summarise_notices(notices),
        named.get("period"),
        named.get("ship"),
    )


def summarise_notices(notices: Sequence[str], limit: int = MAX_NOTICES) -> tuple[str, ...]:
    """The first `limit` notices and, when there are more, one line that counts the rest."""
    if len(notices) <= limit + 1:
        return tuple(notices)
    rest = len(notices) - limit
    return (*notices[:limit], f"{rest:,} more URL parameter problems were ignored (not listed).")


def preset_slug(label: str) -> str:
    """The URL name of a date preset ("Last 30 days" -> "last-30-days", "2024" -> "2024")."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def view_to_query_params(
    incident_filter: IncidentFilter,
    selected_id: str | None = None,
    *,
    date_preset: str | None = None,
    ship_id: str | None = None,
) -> dict[str, str]:
    """Encode a view as query parameters (defaults left out, lists comma-separated).

    A named date preset (`date_preset`, e.g. "2024") is written instead of its dates, so that the link
    reopens with the preset chosen.
    """
    params: dict[str, str] = {}
    if date_preset:
        params["period"] = preset_slug(date_preset)
    else:
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
    if ship_id:
        params["ship"] = ship_id
    return params


def share_link(page_url: str | None, page_path: str, params: Mapping[str, object]) -> str:
    """The link that reopens this view: the page's address and every URL parameter.

    Parameters
    ----------
    page_url : str or None
        The page's address as the browser shows it, without the query (None when unknown: the link is
        then relative, built from `page_path`).
    page_path : str
        The page's URL path ("" for the default page), used when `page_url` is unknown.
    params : mapping
        Parameter -> value (or list of values).
    """
    pairs = [(name, value) for name, raw in params.items() for value in _as_values(raw)]
    query = urlencode(pairs, safe=",:")
    path = page_url.split("?")[0].split("#")[0] if page_url else "/" + page_path.strip("/")
    return f"{path}?{query}" if query else path
