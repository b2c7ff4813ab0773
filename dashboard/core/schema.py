"""The incident schema: one definition that drives validation, documentation and tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandera.pandas as pa

CATEGORIES = {
    "attack": "Missile, drone, uncrewed-boat or gunfire attack on a ship",
    "hijacking": "Ship seized and taken under the attackers' control",
    "sinking": "Ship sank (recorded on the day it sank, besides its attack record)",
    "boarding_attempt": "Armed attempt to board that did not end in a hijacking",
    "suspicious_approach": "Approach by small craft reported as suspicious (UKMTO/JMIC)",
}
OUTCOMES = {
    "hit": "Struck, with minor or no reported damage",
    "damaged": "Struck, with significant damage, fire or casualties",
    "missed": "Projectile landed near the ship",
    "intercepted": "Projectile shot down by a navy",
    "sunk": "Ship sank",
    "hijacked": "Ship taken",
    "repelled": "Boarders driven off",
    "unknown": "Outcome not reported (typical of claim-only events)",
}
WEAPONS = {
    "anti_ship_ballistic_missile": "Anti-ship ballistic missile",
    "anti_ship_cruise_missile": "Anti-ship cruise missile",
    "missile_unspecified": "Missile of unreported type",
    "one_way_attack_drone": "One-way attack drone (UAV)",
    "uncrewed_surface_vessel": "Uncrewed surface vessel (drone boat)",
    "small_arms_rpg": "Small arms / RPG",
    "armed_boarding": "Armed boarding from boats",
    "helicopter_boarding": "Helicopter-borne boarding",
    "limpet_mine": "Limpet mine",
    "unknown": "Unknown",
}
ACTORS = {
    "houthi": "Houthis (Ansar Allah)",
    "somali_pirates": "Somali pirates",
    "iran": "Iran",
    "unknown": "Unknown or unattributed",
}
CLAIM_STATUSES = {
    "confirmed": "Confirmed by UKMTO, a navy, EU Aspides/CENTCOM, or the operator",
    "claimed": "Only claimed by the perpetrator; nobody confirmed it",
    "disputed": "Denied by the operator or a navy",
}
VESSEL_TYPES = {
    "bulk_carrier": "Bulk carrier",
    "container_ship": "Container ship",
    "oil_tanker": "Oil tanker",
    "chemical_tanker": "Chemical / products tanker",
    "gas_carrier": "LPG / LNG carrier",
    "general_cargo": "General cargo",
    "vehicle_carrier": "Vehicle carrier",
    "ro_ro": "Ro-ro",
    "reefer": "Refrigerated cargo",
    "fishing_vessel": "Fishing vessel",
    "dhow": "Dhow",
    "tug": "Tug",
    "yacht": "Yacht",
    "passenger": "Passenger ship",
    "other": "Other",
    "unknown": "Unknown",
}
POSITION_BASES = {
    "reported": "Coordinates given by a source",
    "computed": "Computed from a reported distance and bearing from a named place",
    "area": "Only the area is known; placed at the area's anchor point",
}

# The curated record uses RS-YYYY-NNNN; other records of the same schema (synthetic, imported) use their own prefix.
ID_PATTERN = r"^[A-Z]{2,8}-\d{4}-\d{4,7}$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
URL_PATTERN = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
SOURCE_KEYS = ("url", "publisher", "published")


@dataclass(frozen=True)
class Field:
    """One property of an incident feature."""

    name: str
    kind: str  # "str", "date", "int", "float", "list", "sources"
    description: str
    nullable: bool = False
    choices: dict[str, str] | None = None
    pattern: str | None = None


FIELDS: tuple[Field, ...] = (
    Field("id", "str", "Stable unique identifier: `RS-YYYY-NNNN` in the curated record", pattern=ID_PATTERN),
    Field("date", "date", "UTC date of the incident (ISO `YYYY-MM-DD`)", pattern=DATE_PATTERN),
    Field("time_utc", "str", "UTC time `HH:MM` when reported", nullable=True, pattern=TIME_PATTERN),
    Field("category", "str", "Kind of incident", choices=CATEGORIES),
    Field("outcome", "str", "What happened to the ship", choices=OUTCOMES),
    Field("weapons", "list", "Weapons or methods used (one or more)", choices=WEAPONS),
    Field("actor", "str", "Attributed perpetrator", choices=ACTORS),
    Field("claim_status", "str", "Whether the event is confirmed, only claimed, or disputed",
          choices=CLAIM_STATUSES),
    Field("vessel_name", "str", "Ship's name as commonly written", nullable=True),
    Field("imo", "str", "IMO number: 7 digits with a valid check digit", nullable=True,
          pattern=r"^\d{7}$"),
    Field("flag", "str", "Flag state (English country name)", nullable=True),
    Field("vessel_type", "str", "Type of vessel", choices=VESSEL_TYPES),
    Field("crew_killed", "int", "Crew killed (null = not reported)", nullable=True),
    Field("crew_injured", "int", "Crew injured (null = not reported)", nullable=True),
    Field("crew_missing", "int", "Crew missing (null = not reported)", nullable=True),
    Field("crew_held", "int", "Crew taken hostage or detained (null = not reported)", nullable=True),
    Field("released_date", "date", "Date a hijacked ship or its crew was released", nullable=True,
          pattern=DATE_PATTERN),
    Field("position_text", "str", "Position as reported by the source, verbatim"),
    Field("position_basis", "str", "How the point was obtained", choices=POSITION_BASES),
    Field("position_uncertainty_km", "float", "Radius within which the event most likely happened"),
    Field("summary", "str", "One or two sentences in the project's own words"),
    Field("sources", "sources", "Sources read: objects `{url, publisher, published}`, at least one"),
    Field("notes", "str", "Disagreements between sources, reasons for the claim status, caveats",
          nullable=True),
)
FIELD_NAMES = tuple(field.name for field in FIELDS)
CATEGORICAL_FIELDS = tuple(field.name for field in FIELDS if field.choices and field.kind == "str")
# Long texts that large records repeat (many rows quote one report): loaded as categoricals, so each distinct
# text is held once however many rows carry it.
REPEATED_TEXT_FIELDS = ("position_text", "summary", "notes")


def imo_check_digit_ok(imo: str) -> bool:
    """Return whether a 7-digit IMO number carries a valid check digit.

    The last digit equals the sum of the first six digits weighted 7..2, modulo 10.
    """
    if not re.fullmatch(r"\d{7}", imo):
        return False
    weighted = sum(int(digit) * weight for digit, weight in zip(imo[:6], range(7, 1, -1)))
    return weighted % 10 == int(imo[6])


def _is_valid_date_text(value: object) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def _is_valid_weapon_list(value: object) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) > 0
        and all(isinstance(item, str) and item in WEAPONS for item in value)
    )


def source_problem(source: object) -> str | None:
    """Describe what is wrong with one source object, or None if it is valid."""
    if not isinstance(source, dict):
        return f"source must be an object with {', '.join(SOURCE_KEYS)}, got {type(source).__name__}"
    url = source.get("url")
    if not isinstance(url, str) or not URL_PATTERN.match(url):
        return f"source url must be an http or https address, got {str(url)[:80]!r}"
    published = source.get("published")
    if published is not None and not _is_valid_date_text(published):
        return f"source published date must be YYYY-MM-DD or null, got {str(published)[:40]!r}"
    return None


def _are_valid_sources(value: object) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) > 0
        and all(source_problem(source) is None for source in value)
    )


def _checks_for(field: Field, today: date) -> list[pa.Check]:
    checks: list[pa.Check] = []
    if field.kind == "str" and field.choices:
        checks.append(pa.Check.isin(list(field.choices), error=f"must be one of {', '.join(field.choices)}"))
    if field.pattern:
        checks.append(pa.Check.str_matches(field.pattern, error=f"must match {field.pattern}"))
    if field.kind == "date":
        checks.append(pa.Check(lambda s: s.map(_is_valid_date_text), element_wise=False,
                               error="must be a real calendar date YYYY-MM-DD"))
        limit = today.isoformat()
        checks.append(pa.Check(lambda s: s.astype(str) <= limit, error=f"must not be after today ({limit})"))
    if field.name == "imo":
        checks.append(pa.Check(lambda s: s.map(imo_check_digit_ok), error="IMO check digit is wrong"))
    if field.kind == "int":
        checks.append(pa.Check.ge(0, error="must be a whole number >= 0"))
    if field.kind == "float":
        checks.append(pa.Check.ge(0, error="must be a number >= 0"))
    if field.kind == "list":
        checks.append(pa.Check(lambda s: s.map(_is_valid_weapon_list),
                               error=f"must be a non-empty list drawn from {', '.join(WEAPONS)}"))
    if field.kind == "sources":
        checks.append(pa.Check(lambda s: s.map(_are_valid_sources),
                               error="must be a non-empty list of {url, publisher, published} with http(s) urls"))
    if field.name in ("summary", "position_text"):
        checks.append(pa.Check.str_length(min_value=1, error="must not be empty"))
    return checks


# Text and nested columns are type-checked element-wise (pandas 3 may give them StringDtype or object).
_DTYPES = {"str": None, "date": None, "int": "Int64", "float": "Float64", "list": None, "sources": None}


def build_schema(today: date) -> pa.DataFrameSchema:
    """Build the pandera schema of the incident properties table.

    Parameters
    ----------
    today : date
        Dates after this day are rejected.

    Returns
    -------
    pandera.DataFrameSchema
        Validates one row per incident, indexed by position in the file.
    """
    columns = {
        field.name: pa.Column(
            _DTYPES[field.kind],
            checks=_checks_for(field, today),
            nullable=field.nullable,
            required=True,
            coerce=field.kind in ("int", "float"),
            description=field.description,
        )
        for field in FIELDS
    }
    columns["lon"] = pa.Column(float, pa.Check.in_range(-180, 180, error="longitude must be within -180..180"),
                               coerce=True, description="Longitude (WGS84)")
    columns["lat"] = pa.Column(float, pa.Check.in_range(-90, 90, error="latitude must be within -90..90"),
                               coerce=True, description="Latitude (WGS84)")
    return pa.DataFrameSchema(columns, strict=False, unique=None)


def describe_schema_markdown() -> str:
    """Render the schema as a Markdown table for documentation."""
    lines = ["| field | type | required | description | allowed values |", "| --- | --- | --- | --- | --- |"]
    for field in FIELDS:
        allowed = ", ".join(f"`{code}`" for code in field.choices) if field.choices else ""
        required = "no (may be null)" if field.nullable else "yes"
        lines.append(f"| `{field.name}` | {field.kind} | {required} | {field.description} | {allowed} |")
    return "\n".join(lines)

