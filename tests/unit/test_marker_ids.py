"""Incident ids behind a map marker: written compactly, read back exactly."""

from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.marker_ids import join_marker_ids, split_marker_ids
from dashboard.core.schema import ID_PATTERN

record_ids = st.from_regex(ID_PATTERN, fullmatch=True)


def test_ids_sharing_a_prefix_are_written_by_their_number():
    ids = ["SY-2023-01684", "SY-2023-01734", "SY-2024-24526", "SY-2024-24702", "RS-2024-0003"]
    text = join_marker_ids(ids)
    assert text == "SY-2023-01684 01734 SY-2024-24526 24702 RS-2024-0003"
    assert split_marker_ids(text) == ids


def test_one_id_and_none():
    assert join_marker_ids(["RS-2024-0003"]) == "RS-2024-0003"
    assert split_marker_ids("RS-2024-0003") == ["RS-2024-0003"]
    assert join_marker_ids([]) == ""
    assert split_marker_ids("") == []


@given(st.lists(record_ids, max_size=40))
def test_record_ids_are_read_back_unchanged_and_never_longer(ids):
    text = join_marker_ids(ids)
    assert split_marker_ids(text) == ids
    assert len(text) <= len(" ".join(ids))
