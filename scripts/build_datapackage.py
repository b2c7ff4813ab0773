"""Write data/datapackage.json: a Frictionless Data Package describing the published data files.

Usage, from the project root::

    python -m scripts.build_datapackage           # rewrite data/datapackage.json
    python -m scripts.build_datapackage --check   # exit 1 when the file is not what this script writes

The incident fields come from the one schema in ``dashboard/core/schema.py`` (types, allowed values, patterns,
bounds, which may be null); the ship register's vocabulary and identifier pattern too. The incident record is a
GeoJSON file, which a Table Schema cannot describe directly: its resource carries the Table Schema of one
feature's properties plus ``lon`` and ``lat`` (the Point geometry), and the test suite validates the features
against it with the ``frictionless`` package. Run this after changing the schema or adding a data file;
``tests/unit/test_datapackage.py`` fails while the file is out of step.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dashboard.core.areas import PLACE_KINDS
from dashboard.core.map_style import LABEL_KINDS
from dashboard.core.paths import PROJECT_ROOT
from dashboard.core.prepare import EVENT_KINDS
from dashboard.core.schema import FIELDS, SOURCE_KEYS, VESSEL_ID_PATTERN, VESSEL_TYPES, Field
from dashboard.core.vessels import VESSEL_COLUMNS

DATA_DIR = PROJECT_ROOT / "data"
PACKAGE_FILE = DATA_DIR / "datapackage.json"

CC_BY = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}
PUBLIC_DOMAIN = {
    "name": "other-pd",
    "path": "https://www.naturalearthdata.com/about/terms-of-use/",
    "title": "Natural Earth: public domain",
}
# Table Schema types of the schema's value kinds ("list" and "sources" are JSON arrays in the GeoJSON).
TABLE_TYPES = {"str": "string", "date": "date", "int": "integer", "float": "number", "list": "array"}


def _pattern(regex: str) -> str:
    """A Table Schema pattern (matched against the whole value, so without ^ and $)."""
    return regex.removeprefix("^").removesuffix("$")


def incident_field(field: Field) -> dict[str, Any]:
    """The Table Schema field of one incident property, from its definition in core/schema.py."""
    described: dict[str, Any] = {
        "name": field.name,
        "type": TABLE_TYPES.get(field.kind, "array"),
        "description": field.description,
    }
    constraints: dict[str, Any] = {}
    if not field.nullable and not field.optional:
        constraints["required"] = True
    if field.choices and field.kind == "str":
        constraints["enum"] = list(field.choices)
    elif field.choices:
        described["description"] += f" (each one of: {', '.join(field.choices)})"
    if field.pattern and field.kind == "str":
        constraints["pattern"] = _pattern(field.pattern)
    if field.kind in ("int", "float"):
        constraints["minimum"] = 0
        if field.maximum is not None:
            constraints["maximum"] = int(field.maximum) if field.kind == "int" else field.maximum
    if field.not_empty:
        constraints["minLength"] = 1
    if field.kind == "sources":
        described["description"] += f" (keys: {', '.join(SOURCE_KEYS)})"
        constraints["minLength"] = 1
    if constraints:
        described["constraints"] = constraints
    return described


def incidents_schema() -> dict[str, Any]:
    """Table Schema of one incident: the schema's properties, then the Point geometry as lon and lat."""
    coordinates = [
        {
            "name": name,
            "type": "number",
            "description": f"{title} of the feature's Point geometry (WGS84 degrees)",
            "constraints": {"required": True, "minimum": -limit, "maximum": limit},
        }
        for name, title, limit in (("lon", "Longitude", 180), ("lat", "Latitude", 90))
    ]
    return {"fields": [incident_field(field) for field in FIELDS] + coordinates, "primaryKey": ["id"]}


def _text(name: str, description: str, **constraints: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": "string", "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def _number(name: str, description: str, limit: int) -> dict[str, Any]:
    return {
        "name": name,
        "type": "number",
        "description": description,
        "constraints": {"required": True, "minimum": -limit, "maximum": limit},
    }


def vessels_schema() -> dict[str, Any]:
    """Table Schema of data/vessels.csv (column order as core/vessels.py reads it)."""
    described = {
        "vessel_id": _text(
            "vessel_id",
            "IMO + 7 digits, or V- + the lowercase-hyphenated name when the IMO is unknown",
            required=True,
            unique=True,
            pattern=_pattern(VESSEL_ID_PATTERN),
        ),
        "name": _text("name", "Ship's name as commonly written", required=True),
        "imo": _text("imo", "IMO number (7 digits), empty when unknown", pattern=r"\d{7}"),
        "flag": _text("flag", "Flag state (English country name)"),
        "vessel_type": _text("vessel_type", "Type of vessel", required=True, enum=list(VESSEL_TYPES)),
        "owner": _text("owner", "Registered owner, when a source names it"),
        "manager": _text("manager", "Ship manager or operator, when a source names it"),
        "sources": _text("sources", "Space-separated addresses of the pages the row's facts came from"),
    }
    return {"fields": [described[name] for name in VESSEL_COLUMNS], "primaryKey": ["vessel_id"]}


def events_schema() -> dict[str, Any]:
    """Table Schema of data/events.csv (context events of the timelines)."""
    return {
        "fields": [
            {"name": "date", "type": "date", "description": "UTC date of the event", "constraints": {"required": True}},
            _text("label", "What happened, in a few words", required=True),
            _text("kind", "Kind of event", required=True, enum=list(EVENT_KINDS)),
            _text("source_url", "Address of the source", required=True),
            _text("source_publisher", "Publisher of the source"),
        ]
    }


def places_schema() -> dict[str, Any]:
    """Table Schema of data/places.csv (the gazetteer used to place incidents and label the maps)."""
    return {
        "fields": [
            _text("name", "Place name", required=True, unique=True),
            _text("aliases", "Other spellings, separated by ';'"),
            _text("kind", "Kind of place", required=True, enum=list(PLACE_KINDS)),
            _number("lat", "Latitude (WGS84 degrees)", 90),
            _number("lon", "Longitude (WGS84 degrees)", 180),
            _text("country", "Country the place belongs to (empty for anchors at sea)"),
            _text("source_url", "Page the coordinates came from (empty for project-chosen anchors)"),
        ]
    }


def map_labels_schema() -> dict[str, Any]:
    """Table Schema of data/map_labels.csv (where the maps write country, sea and strait names)."""
    return {
        "fields": [
            _text("name", "Label text", required=True),
            _text("kind", "What is labelled", required=True, enum=[k for k in LABEL_KINDS if k not in PLACE_KINDS]),
            _number("lat", "Latitude of the label point (WGS84 degrees)", 90),
            _number("lon", "Longitude of the label point (WGS84 degrees)", 180),
            _text("note", "Why the label stands there"),
        ]
    }


def _table(name: str, path: str, title: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "type": "table",
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": title,
        "description": description,
        "schema": schema,
    }


def _geojson(name: str, path: str, title: str, description: str, **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "format": "geojson",
        "mediatype": "application/geo+json",
        "encoding": "utf-8",
        "title": title,
        "description": description,
        **extra,
    }


def build_package() -> dict[str, Any]:
    """The data package descriptor (a plain dict, written as sorted-key-free, two-space JSON)."""
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "red-sea-incidents",
        "title": "Red Sea Incident Dashboard: maritime incidents and reference data",
        "description": (
            "A curated, sourced record of attacks, hijackings, sinkings, boarding attempts and suspicious "
            "approaches against merchant ships in the Red Sea, Bab el-Mandeb, Gulf of Aden and nearby waters "
            "from November 2023, with the ship register, context events and the reference geography the "
            "dashboard uses. See data/README.md for the curation rules, outcome coding and known gaps."
        ),
        "licenses": [CC_BY],
        "contributors": [{"title": "Red Sea Incident Dashboard contributors", "roles": ["author"]}],
        "sources": [
            {"title": "Public sources cited per record (UKMTO, JMIC, CENTCOM, EU Aspides, operators, news)"},
            {"title": "Natural Earth 1:10m land and borders", "path": "https://www.naturalearthdata.com/"},
        ],
        "keywords": ["maritime security", "Red Sea", "Houthi", "piracy", "shipping", "incidents"],
        "resources": [
            _geojson(
                "incidents",
                "incidents.geojson",
                "Incident record",
                "One GeoJSON Point feature per incident. The schema describes one feature's properties, "
                "followed by lon and lat of its Point geometry; it is generated from dashboard/core/schema.py.",
                schema=incidents_schema(),
            ),
            _table("events", "events.csv", "Context events", "Events shown on the timelines.", events_schema()),
            _table(
                "vessels",
                "vessels.csv",
                "Ship register",
                "One row per ship; incidents refer to it by vessel_id and must agree with its row.",
                vessels_schema(),
            ),
            _table(
                "places",
                "places.csv",
                "Gazetteer",
                "Reference places for computed positions and map labels, and the anchors of sea areas.",
                places_schema(),
            ),
            _table(
                "map-labels",
                "map_labels.csv",
                "Map labels",
                "Label points of countries, seas and straits (cartography only; never used to place incidents).",
                map_labels_schema(),
            ),
            _geojson(
                "areas",
                "areas.geojson",
                "Sea areas",
                "Named sea areas without gaps or overlaps (properties name, limits, source); see docs/geography.md.",
            ),
            _geojson(
                "houthi-coast",
                "houthi_coast.geojson",
                "Houthi-held coast",
                "Approximate, dated Houthi-held Red Sea coast of Yemen, with its sources in its properties.",
            ),
            _geojson(
                "shipping-lanes",
                "shipping_lanes.geojson",
                "Shipping lanes",
                "The main Suez-Bab el-Mandeb-Gulf of Aden route and the IRTC (properties name, kind, provenance).",
            ),
            _geojson(
                "land",
                "basemap/land.geojson",
                "Land",
                "Natural Earth 1:10m land clipped to the region (rebuilt by scripts/build_basemap.py).",
                licenses=[PUBLIC_DOMAIN],
            ),
            _geojson(
                "borders",
                "basemap/borders.geojson",
                "Country borders",
                "Natural Earth 1:10m country borders clipped to the region (rebuilt by scripts/build_basemap.py).",
                licenses=[PUBLIC_DOMAIN],
            ),
        ],
    }


def package_text() -> str:
    """The descriptor as it is written to data/datapackage.json."""
    return json.dumps(build_package(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the file is up to date")
    wanted = package_text()
    if parser.parse_args().check:
        current = PACKAGE_FILE.read_text(encoding="utf-8") if PACKAGE_FILE.exists() else ""
        if current != wanted:
            print(f"{PACKAGE_FILE} is out of date: run python -m scripts.build_datapackage", file=sys.stderr)
            return 1
        return 0
    PACKAGE_FILE.write_text(wanted, encoding="utf-8")
    print(PACKAGE_FILE)
    return 0


if __name__ == "__main__":
    sys.exit(main())
