"""The column mapping of generic tables: read in the core's own words, never command-line wording."""

import pytest

from dashboard.core.importing import ColumnMappingError, parse_field_mapping


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
