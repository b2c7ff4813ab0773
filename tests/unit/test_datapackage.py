"""data/datapackage.json: generated from core/schema.py, in step with it, and valid for the frictionless package."""

import copy
import json

import pytest
from frictionless import Schema, validate
from frictionless.resources import TableResource

from dashboard.core.paths import DATA_DIR
from dashboard.core.schema import FIELD_NAMES
from scripts.build_datapackage import PACKAGE_FILE, build_package, package_text


@pytest.fixture(scope="module")
def descriptor():
    return json.loads(PACKAGE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def incident_schema(descriptor):
    (incidents,) = [resource for resource in descriptor["resources"] if resource["name"] == "incidents"]
    return Schema.from_descriptor(incidents["schema"])


@pytest.fixture(scope="module")
def features():
    return json.loads((DATA_DIR / "incidents.geojson").read_text(encoding="utf-8"))["features"]


def _rows(schema, features):
    """Features as table rows: the properties in the schema's order, then lon and lat of the Point."""
    names = [field.name for field in schema.fields]
    rows = [names]
    for feature in features:
        values = {**feature["properties"], "lon": None, "lat": None}
        values["lon"], values["lat"] = feature["geometry"]["coordinates"][:2]
        rows.append([values.get(name) for name in names])
    return rows


def test_file_is_what_the_script_writes():
    assert PACKAGE_FILE.read_text(encoding="utf-8") == package_text(), "run: python -m scripts.build_datapackage"


def test_every_published_data_file_is_a_resource(descriptor):
    published = {
        path.relative_to(DATA_DIR).as_posix()
        for pattern in ("*.csv", "*.geojson", "basemap/*.geojson")
        for path in DATA_DIR.glob(pattern)
    }
    described = {resource["path"] for resource in descriptor["resources"]}
    assert published == described


def test_incident_fields_come_from_the_schema():
    (incidents,) = [resource for resource in build_package()["resources"] if resource["name"] == "incidents"]
    names = [field["name"] for field in incidents["schema"]["fields"]]
    assert names == [*FIELD_NAMES, "lon", "lat"]
    category = next(field for field in incidents["schema"]["fields"] if field["name"] == "category")
    assert category["constraints"]["enum"][0] == "attack"


def test_frictionless_finds_the_package_and_its_tables_valid():
    report = validate(str(PACKAGE_FILE))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])[:10]
    assert {task.name for task in report.tasks} >= {"incidents", "events", "vessels", "places", "map-labels"}


def test_bundled_incidents_match_the_published_schema(incident_schema, features):
    report = TableResource(data=_rows(incident_schema, features), schema=incident_schema).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_published_schema_rejects_broken_incidents(incident_schema, features):
    broken = copy.deepcopy(features[:5])
    broken[0]["properties"]["category"] = "bogus"
    broken[1]["properties"]["date"] = "2024-02-30"
    broken[2]["properties"]["crew_killed"] = -1
    broken[3]["properties"]["id"] = broken[2]["properties"]["id"]
    broken[4]["geometry"]["coordinates"] = [200.0, 12.0]
    report = TableResource(data=_rows(incident_schema, broken), schema=incident_schema).validate()
    found = {(row, field, kind) for row, field, kind in report.flatten(["rowNumber", "fieldName", "type"])}
    assert found == {
        (2, "category", "constraint-error"),
        (3, "date", "type-error"),
        (4, "crew_killed", "constraint-error"),
        (5, None, "primary-key"),
        (6, "lon", "constraint-error"),
    }
