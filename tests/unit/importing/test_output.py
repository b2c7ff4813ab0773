"""Writing imported records: GeoJSON, atomically, never over the curated record."""

import json

import pytest

from dashboard.core import paths
from dashboard.core.importing import import_file, write_imported
from tests.unit.importing.samples import ASAM_CSV


def test_write_imported_refuses_the_curated_record(tmp_path, monkeypatch):
    curated = tmp_path / "data" / "incidents.geojson"
    curated.parent.mkdir()
    curated.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(paths, "INCIDENTS_FILE", curated)
    records, _ = import_file("asam", ASAM_CSV)
    with pytest.raises(ValueError, match="refusing to write imported records over the curated record"):
        write_imported(records, tmp_path / "data" / ".." / "data" / "incidents.geojson")
    assert curated.read_text(encoding="utf-8") == "{}"
    written = write_imported(records, tmp_path / "imported.geojson")
    features = json.loads(written.read_text(encoding="utf-8"))["features"]
    assert [feature["properties"]["id"] for feature in features] == ["ASAM-2019-123", "ASAM-2019-124"]
    assert features[0]["properties"]["dataset"] == "NGA ASAM"
