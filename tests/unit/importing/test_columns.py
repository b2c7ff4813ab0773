"""The column mapping of generic tables: read in the core's own words, never command-line wording."""

import pytest

from dashboard.core.importing import ColumnMappingError, ImportFormatError, parse_field_mapping
from dashboard.core.importing.columns import resolve_mapping
from dashboard.core.importing.formats import FORMATS


def test_core_field_mapping_speaks_without_command_line_words():
    assert parse_field_mapping(["date=Event Date", "", "lat = Lat"]) == {"date": "Event Date", "lat": "Lat"}
    assert parse_field_mapping([" ", ""]) is None
    with pytest.raises(ColumnMappingError, match="expected field=column, got 'when'") as bad_pair:
        parse_field_mapping(["when"])
    with pytest.raises(ColumnMappingError, match="unknown field 'colour'") as unknown:
        parse_field_mapping(["colour=Red"])
    assert "--map" not in str(bad_pair.value) and "--map" not in str(unknown.value)
    assert isinstance(bad_pair.value, ValueError) and bad_pair.value.entry == "when"
    assert unknown.value.entry == "colour=Red"


HEADER = ["Event Date", "Lat", "Long", "What happened"]


def test_a_mapping_finds_columns_written_differently():
    mapping = {"date": "event-date", "lat": "LAT", "lon": "Long", "summary": "what happened"}
    assert resolve_mapping(mapping, HEADER, FORMATS["csv"]) == {
        "date": "Event Date",
        "lat": "Lat",
        "lon": "Long",
        "summary": "What happened",
    }


@pytest.mark.parametrize(
    ("mapping", "header", "error", "message"),
    [
        ({"date": "Event Date", "lat": "Lat"}, HEADER, ColumnMappingError, "must name both lat and lon, or neither"),
        ({"date": "Event Date"}, HEADER, ImportFormatError, "missing column\\(s\\) lat and lon \\(or position\\):"),
        ({"lat": "Lat", "lon": "Long"}, HEADER, ImportFormatError, "missing column\\(s\\) date: name them"),
        # Without a mapping, a latitude column without a longitude one is no position.
        (None, ["date", "latitude", "summary"], ImportFormatError, "missing column\\(s\\) lat and lon"),
        (None, ["when", "where"], ImportFormatError, "missing column\\(s\\) date, lat and lon \\(or position\\)"),
    ],
)
def test_a_mapping_or_header_without_date_or_position_is_refused(mapping, header, error, message):
    with pytest.raises(error, match=message):
        resolve_mapping(mapping, header, FORMATS["csv"])


def test_geojson_features_need_no_position_column():
    assert resolve_mapping({"date": "Event Date"}, HEADER, FORMATS["geojson"]) == {"date": "Event Date"}
