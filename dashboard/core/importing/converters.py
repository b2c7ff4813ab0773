"""One raw row -> one record, per format (a converter raises RowRejected or RowSkipped instead)."""

from __future__ import annotations

import re

from dashboard.core.dms import parse_position
from dashboard.core.importing.crosswalks import (
    ACLED_SUB_EVENT_TYPES,
    CATEGORY_KEYWORDS,
    CRIME_AT_SEA_ATTACK_TYPES,
    CRIME_AT_SEA_OUTCOMES,
    OFFICIAL_REPORT_SOURCES,
    OUTCOME_KEYWORDS,
    actor_of,
    category_of,
    first_match,
    is_maritime,
    outcome_of,
    vessel_type_of,
    weapons_of,
)
from dashboard.core.importing.rows import Context, RawRow, RowRejected, RowSkipped
from dashboard.core.importing.values import (
    code_of,
    coordinate,
    one_line,
    parse_time_text,
    row_date,
    safe_id,
    truncate,
    utc_time_in,
)
from dashboard.core.schema import CLAIM_STATUSES


def _category(text: str, context: Context, given: str | None = None) -> str:
    return category_of(text, context.format.category_fallback, context.counters, given)


def convert_asam(row: RawRow, context: Context) -> dict:
    """An NGA ASAM row: DMS position text (or numeric columns), US-order dates, words of `hostility`."""
    reference = context.value(row, "reference")
    if not reference or not safe_id(reference):
        raise RowRejected("missing reference: column 'reference' is empty")
    date_column = "date" if "date" in context.columns else "dateofocc"
    when = row_date(context.value(row, date_column), True, context.columns[date_column])
    position_text = one_line(context.value(row, "position"))
    try:
        if position_text is None:
            raise ValueError("column 'position' is empty")
        lat, lon = parse_position(position_text)
    except ValueError as error:
        if context.value(row, "latitude") and context.value(row, "longitude"):
            lat = coordinate(context.value(row, "latitude"), "lat", "latitude")
            lon = coordinate(context.value(row, "longitude"), "lon", "longitude")
            position_text = position_text or f"{lat}, {lon}"
        elif position_text is None:
            raise RowRejected(f"missing position: {error}") from error
        else:
            raise RowRejected(f"unreadable position: {error}") from error
    hostility = context.value(row, "hostility")
    victim = context.value(row, "victim")
    description = context.value(row, "description") or ""
    story = f"{hostility or ''} {description}"
    category = _category(story, context)
    return {
        "id": f"{context.format.id_prefix}-{safe_id(reference)}",
        "date": when.isoformat(),
        "time_utc": utc_time_in(description),
        "category": category,
        "source_category": hostility,
        "outcome": outcome_of(description, category),
        "weapons": weapons_of(story),
        "actor": actor_of(story, lon, lat),
        "claim_status": context.format.claim_status,
        "vessel_name": None,
        "vessel_type": vessel_type_of(victim),
        "source_vessel_type": victim,
        "flag": None,
        "summary": truncate(description),
        "lon": lon,
        "lat": lat,
        "position_text": position_text,
    }


def convert_crime_at_sea(row: RawRow, context: Context) -> dict:
    """A Crime at Sea row: `attack_type` decides category (and some outcomes), `NA` is missing."""
    when = row_date(context.value(row, "date"), None, context.columns["date"])
    lat = coordinate(context.value(row, "latitude"), "lat", "latitude")
    lon = coordinate(context.value(row, "longitude"), "lon", "longitude")
    attack_type = context.value(row, "attacktype")
    description = context.value(row, "attackdescription") or ""
    type_key = (attack_type or "").strip().lower()
    category = CRIME_AT_SEA_ATTACK_TYPES.get(type_key) or _category(description, context)
    outcome = CRIME_AT_SEA_OUTCOMES.get(type_key)
    if outcome is None or first_match(description, OUTCOME_KEYWORDS) == "sunk":
        outcome = outcome_of(description, category)
    vessel_type = context.value(row, "vesseltype")
    source = (context.value(row, "datasource") or "").lower()
    official = any(name in source for name in OFFICIAL_REPORT_SOURCES)
    position_text = (
        one_line(context.value(row, "locationdescription"))
        or f"{context.value(row, 'latitude')}, {context.value(row, 'longitude')}"
    )
    return {
        "id": f"{context.format.id_prefix}-{row.ordinal:06d}",
        "date": when.isoformat(),
        # The dataset's `time` column is the reported (mostly local) time, so it is kept only in source_record.
        "time_utc": utc_time_in(description),
        "category": category,
        "source_category": attack_type,
        "outcome": outcome,
        "weapons": weapons_of(f"{attack_type or ''} {description}"),
        "actor": actor_of(description, lon, lat),
        "claim_status": "confirmed" if official else context.format.claim_status,
        "vessel_name": context.value(row, "vesselname"),
        "vessel_type": vessel_type_of(vessel_type),
        "source_vessel_type": vessel_type,
        "flag": None,
        "summary": truncate(description),
        "lon": lon,
        "lat": lat,
        "position_text": position_text,
    }


def convert_acled(row: RawRow, context: Context) -> dict:
    """An ACLED event at sea (others are skipped); category from the notes, then `sub_event_type`."""
    location = context.value(row, "location") or ""
    notes = context.value(row, "notes") or ""
    if not is_maritime(location, notes):
        raise RowSkipped("not maritime")
    event_id = context.value(row, "eventidcnty")
    if not event_id or not safe_id(event_id):
        raise RowRejected("missing event id: column 'event_id_cnty' is empty")
    when = row_date(context.value(row, "eventdate"), None, context.columns["eventdate"])
    lat = coordinate(context.value(row, "latitude"), "lat", "latitude")
    lon = coordinate(context.value(row, "longitude"), "lon", "longitude")
    sub_event = context.value(row, "subeventtype")
    category = first_match(notes, CATEGORY_KEYWORDS) or ACLED_SUB_EVENT_TYPES.get((sub_event or "").lower())
    if category is None:
        category = _category("", context)
    actors = " ".join(filter(None, (context.value(row, "actor1"), context.value(row, "assocactor1"))))
    return {
        "id": f"{context.format.id_prefix}-{safe_id(event_id)}",
        "date": when.isoformat(),
        "time_utc": None,
        "category": category,
        "source_category": sub_event or context.value(row, "eventtype"),
        "outcome": outcome_of(notes, category),
        "weapons": weapons_of(notes),
        "actor": actor_of(actors, lon, lat) if actors else "unknown",
        "claim_status": context.format.claim_status,
        "vessel_name": None,
        "vessel_type": vessel_type_of(notes, other_when_unknown=False),
        "source_vessel_type": None,
        "flag": None,
        "summary": truncate(notes),
        "lon": lon,
        "lat": lat,
        "position_text": one_line(location) or None,
    }


def _generic_position(row: RawRow, context: Context) -> tuple[float, float, str | None]:
    if "lat" in context.mapping and "lon" in context.mapping:
        lat_text, lon_text = context.mapped(row, "lat"), context.mapped(row, "lon")
        lat = coordinate(lat_text, "lat", f"latitude in column {context.mapping['lat']!r}")
        lon = coordinate(lon_text, "lon", f"longitude in column {context.mapping['lon']!r}")
        return lon, lat, f"{lat_text}, {lon_text}"
    if "position" in context.mapping:
        text = one_line(context.mapped(row, "position"))
        if text is None:
            raise RowRejected(f"missing position: column {context.mapping['position']!r} is empty")
        try:
            lat, lon = parse_position(text)
        except ValueError as error:
            raise RowRejected(f"unreadable position: {error}") from error
        return lon, lat, text
    geometry = row.geometry
    if not isinstance(geometry, dict):
        raise RowRejected("missing position: the feature has no geometry")
    if geometry.get("type") != "Point":
        raise RowRejected(f"unsupported geometry: expected a Point, got {str(geometry.get('type'))[:40]!r}")
    coordinates = geometry.get("coordinates")
    if (
        not isinstance(coordinates, list)
        or len(coordinates) < 2
        or not all(isinstance(value, int | float) and not isinstance(value, bool) for value in coordinates[:2])
    ):
        raise RowRejected("unreadable position: Point coordinates must be two numbers [lon, lat]")
    lon = coordinate(coordinates[0], "lon", "longitude")
    lat = coordinate(coordinates[1], "lat", "latitude")
    return lon, lat, None


def convert_generic(row: RawRow, context: Context) -> dict:
    """A row of any table through the column mapping; values that are our codes are kept as they are."""
    when = row_date(context.mapped(row, "date"), None, context.mapping["date"])
    lon, lat, position_text = _generic_position(row, context)
    summary = context.mapped(row, "summary") or ""
    given_category = context.mapped(row, "category")
    category = _category(f"{given_category or ''} {summary}", context, given_category)
    time_text = context.mapped(row, "time_utc")
    time_utc = None
    if time_text:
        try:
            time_utc = parse_time_text(time_text)
        except ValueError:
            context.counters["unreadable_time"] += 1
    claim = code_of(context.mapped(row, "claim_status"), CLAIM_STATUSES) or context.format.claim_status
    given_vessel_type = context.mapped(row, "vessel_type")
    their_id = context.mapped(row, "id")
    record_id = safe_id(their_id) if their_id else ""
    url = context.mapped(row, "source_url")
    return {
        "id": f"{context.format.id_prefix}-{record_id or f'{row.ordinal:06d}'}",
        "date": when.isoformat(),
        "time_utc": time_utc,
        "category": category,
        "source_category": given_category,
        "outcome": outcome_of(summary, category, context.mapped(row, "outcome")),
        "weapons": weapons_of(summary, context.mapped(row, "weapons")),
        "actor": actor_of(summary, lon, lat, context.mapped(row, "actor")),
        "claim_status": claim,
        "vessel_name": context.mapped(row, "vessel_name"),
        "vessel_type": vessel_type_of(given_vessel_type),
        "source_vessel_type": given_vessel_type,
        "flag": context.mapped(row, "flag"),
        "summary": truncate(summary),
        "lon": lon,
        "lat": lat,
        "position_text": one_line(context.mapped(row, "position_text")) or position_text,
        "source_url": url if url and re.match(r"^https?://\S+$", url, re.IGNORECASE) else None,
    }
