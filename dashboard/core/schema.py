"""The incident schema: one definition that drives validation, documentation and tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

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
    "air_launched_missile": "Air-launched missile (from an aircraft or helicopter)",
    "unknown": "Unknown",
}
ACTORS = {
    "houthi": "Houthis (Ansar Allah)",
    "somali_pirates": "Somali pirates",
    "iran": "Iran",
    "united_states": "United States (blockade enforcement)",
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
# Outcome `repelled` is only for these categories (data/README.md, outcome coding).
REPELLED_CATEGORIES = ("boarding_attempt", "suspicious_approach")
POSITION_BASES = {
    "reported": "Coordinates given by a source",
    "computed": "Computed from a reported distance and bearing from a named place",
    "area": "Only the area is known; placed at the area's anchor point",
}

# The curated record uses RS-YYYY-NNNN; other records of the same schema (synthetic, imported) use their own prefix.
ID_PATTERN = r"^[A-Z]{2,8}-\d{4}-\d{4,7}$"
TIME_PATTERN = r"^([01]\d|2[0-3]):[0-5]\d$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# Characters RFC 3986 never allows in an address (spaces and controls, quotes, angle brackets, braces, ...).
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f<>\"'{}|\\^`]")
_HOST_LABEL = re.compile(r"^(?!-)[^\W_](?:[\w-]{0,61}[^\W_])?$")
_PERCENT_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
VESSEL_ID_PATTERN = r"^(IMO\d{7}|V-[a-z0-9]+(?:-[a-z0-9]+)*)$"
# JSON can spell half of a UTF-16 pair ("\ud800") on its own; that is not text and cannot be written as UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
SOURCE_KEYS = ("url", "publisher", "published")
# Plausibility bounds: the largest crews of merchant ships are in the hundreds, a cruise ship's a few
# thousand; an area placement's radius is at most a few hundred km (the region is about 4,000 km across).
MAX_CREW = 10_000
MAX_UNCERTAINTY_KM = 2_000.0
# Radius of reported (coordinate) positions, and the rule for computed ones (data/README.md).
REPORTED_UNCERTAINTY_KM = 2.0


@dataclass(frozen=True)
class Field:
    """One property of an incident feature."""

    name: str
    kind: str  # "str", "date", "int", "float", "list", "sources"
    description: str
    nullable: bool = False
    choices: dict[str, str] | None = None
    pattern: str | None = None
    maximum: float | None = None  # plausibility bound of a number (the minimum is always 0)
    not_empty: bool = False  # text that must not be blank
    optional: bool = False  # may be absent from a record (read as null); written as null


FIELDS: tuple[Field, ...] = (
    Field("id", "str", "Stable unique identifier: `RS-YYYY-NNNN` in the curated record", pattern=ID_PATTERN),
    Field("date", "date", "UTC date of the incident (ISO `YYYY-MM-DD`)", pattern=DATE_PATTERN),
    Field("time_utc", "str", "UTC time `HH:MM` when reported", nullable=True, pattern=TIME_PATTERN),
    Field("category", "str", "Kind of incident", choices=CATEGORIES),
    Field("outcome", "str", "What happened to the ship", choices=OUTCOMES),
    Field("weapons", "list", "Weapons or methods used (one or more)", choices=WEAPONS),
    Field("actor", "str", "Attributed perpetrator", choices=ACTORS),
    Field("claim_status", "str", "Whether the event is confirmed, only claimed, or disputed", choices=CLAIM_STATUSES),
    Field(
        "vessel_id",
        "str",
        "The ship in `data/vessels.csv`: `IMO` + 7 digits, or `V-` + lowercase-hyphenated "
        "name when the IMO is unknown; the ship fields below must agree with that row",
        nullable=True,
        pattern=VESSEL_ID_PATTERN,
        optional=True,
    ),
    Field("vessel_name", "str", "Ship's name as commonly written", nullable=True),
    Field("imo", "str", "IMO number: 7 digits with a valid check digit", nullable=True, pattern=r"^\d{7}$"),
    Field("flag", "str", "Flag state (English country name)", nullable=True),
    Field("vessel_type", "str", "Type of vessel", choices=VESSEL_TYPES),
    Field("crew_killed", "int", "Crew killed (null = not reported)", nullable=True, maximum=MAX_CREW),
    Field("crew_injured", "int", "Crew injured (null = not reported)", nullable=True, maximum=MAX_CREW),
    Field("crew_missing", "int", "Crew missing (null = not reported)", nullable=True, maximum=MAX_CREW),
    Field("crew_held", "int", "Crew taken hostage or detained (null = not reported)", nullable=True, maximum=MAX_CREW),
    Field(
        "released_date", "date", "Date a hijacked ship or its crew was released", nullable=True, pattern=DATE_PATTERN
    ),
    Field("position_text", "str", "Position as reported by the source, verbatim", not_empty=True),
    Field("position_basis", "str", "How the point was obtained", choices=POSITION_BASES),
    Field(
        "position_uncertainty_km",
        "float",
        "Radius within which the event most likely happened",
        maximum=MAX_UNCERTAINTY_KM,
    ),
    Field("summary", "str", "One or two sentences in the project's own words", not_empty=True),
    Field("sources", "sources", "Sources read: objects `{url, publisher, published}`, at least one"),
    Field("notes", "str", "Disagreements between sources, reasons for the claim status, caveats", nullable=True),
)
FIELD_NAMES = tuple(field.name for field in FIELDS)
REQUIRED_FIELD_NAMES = tuple(field.name for field in FIELDS if not field.optional)
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
    weighted = sum(int(digit) * weight for digit, weight in zip(imo[:6], range(7, 1, -1), strict=True))
    return weighted % 10 == int(imo[6])


def is_valid_date_text(value: object) -> bool:
    try:
        date.fromisoformat(str(value))
    except ValueError:
        return False
    return True


def is_valid_weapon_list(value: object) -> bool:
    return (
        isinstance(value, list | tuple)
        and len(value) > 0
        and all(isinstance(item, str) and item in WEAPONS for item in value)
    )


def url_problem(url: object) -> str | None:
    """Describe why `url` is not a well-formed http(s) address, or None if it is one.

    Non-ASCII letters are allowed (internationalised addresses); characters an address never contains
    (spaces, braces, quotes, angle brackets, ...) and broken percent escapes are not.
    """
    if not isinstance(url, str):
        return f"must be an http or https address, got {type(url).__name__}"
    shown = repr(url[:80])
    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port that is not a number in 0..65535
    except ValueError as error:
        return f"must be a well-formed address ({error}), got {shown}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"must be an http or https address, got {shown}"
    if _URL_FORBIDDEN.search(url) or any(character.isspace() for character in url):
        return f"must not contain spaces, quotes, braces, angle brackets or similar characters, got {shown}"
    host = parts.hostname or ""
    labels = host.rstrip(".").split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.match(label) for label in labels) or port == 0:
        return f"must name a host such as example.org, got {shown}"
    if _PERCENT_ESCAPE.search(url):
        return f"has a '%' that is not followed by two hexadecimal digits, got {shown}"
    return None


def has_lone_surrogate(value: object) -> bool:
    """Whether a text, or any text inside a list or object, holds a lone UTF-16 surrogate (not valid Unicode)."""
    if isinstance(value, str):
        return not value.isascii() and _LONE_SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(has_lone_surrogate(key) or has_lone_surrogate(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(has_lone_surrogate(item) for item in value)
    return False


def source_problem(source: object) -> str | None:
    """Describe what is wrong with one source object, or None if it is valid."""
    if not isinstance(source, dict):
        return f"source must be an object with {', '.join(SOURCE_KEYS)}, got {type(source).__name__}"
    if has_lone_surrogate(source):
        return "source holds text that is not valid Unicode (a lone surrogate such as \\ud800)"
    reason = url_problem(source.get("url"))
    if reason:
        return f"source url {reason}"
    published = source.get("published")
    if published is not None and not is_valid_date_text(published):
        return f"source published date must be YYYY-MM-DD or null, got {str(published)[:40]!r}"
    return None


def describe_schema_markdown() -> str:
    """Render the schema as a Markdown table for documentation."""
    lines = ["| field | type | required | description | allowed values |", "| --- | --- | --- | --- | --- |"]
    for field in FIELDS:
        allowed = ", ".join(f"`{code}`" for code in field.choices) if field.choices else ""
        required = "no (may be null or absent)" if field.optional else "no (may be null)" if field.nullable else "yes"
        bound = f"; at most {field.maximum:,g}" if field.maximum is not None else ""
        lines.append(f"| `{field.name}` | {field.kind} | {required} | {field.description}{bound} | {allowed} |")
    return "\n".join(lines)
