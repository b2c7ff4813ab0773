"""Linking imported records to curated incidents that are probably the same event."""

from dashboard.core.importing import import_file, link_duplicates
from tests.factories import make_collection, make_incidents


def test_link_duplicates_links_a_known_pair_and_leaves_distinct_events_apart():
    curated = make_incidents(make_collection(3)["features"])  # RS-2024-0001 on 2024-01-01 at (42.0, 14.5)
    data = (
        b"id,date,lat,lon,summary\n"
        b"same,2024-01-02,14.6,42.1,Missile attack on a ship.\n"  # 1 day, ~15 km: the same event
        b"far,2024-01-01,16.5,42.0,Missile attack on a ship.\n"  # same day, ~220 km away
        b"late,2024-01-05,14.5,42.0,Missile attack on a ship.\n"  # same place, 4 days later
    )
    imported, _ = import_file("csv", data)
    links = link_duplicates(curated, imported, days=1, km=50)
    assert list(links.columns) == ["imported_id", "curated_id", "days_apart", "km_apart"]
    assert links[["imported_id", "curated_id", "days_apart"]].values.tolist() == [["CSV-same", "RS-2024-0001", 1]]
    assert 10 < links.loc[0, "km_apart"] < 20
    assert link_duplicates(curated, imported, days=5, km=300)["imported_id"].nunique() == 3
    assert link_duplicates(imported, imported).empty  # records of one dataset are never linked together
