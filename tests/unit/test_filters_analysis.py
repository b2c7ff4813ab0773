"""The filter function and the analysis helpers on small in-code records."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from dashboard.core.analysis import (
    breakdown,
    counts_by_period,
    hijack_spans,
    hit_share_by_period,
    summarise_record,
)
from dashboard.core.counts import headline_counts, headline_values
from dashboard.core.filters import IncidentFilter, apply_filter, build_filter_index, evaluate, previous_period
from dashboard.core.schema import CATEGORIES
from tests.factories import make_feature, make_incidents


def _incidents(features):
    return make_incidents(features, sea_area="Southern Red Sea", sea_areas=("Southern Red Sea", "Gulf of Aden"))


@pytest.fixture
def incidents():
    return _incidents(
        [
            make_feature(
                id="RS-2024-0001",
                date="2024-01-10",
                category="attack",
                outcome="hit",
                weapons=["one_way_attack_drone"],
                vessel_name="Alpha",
                imo="9178537",
                flag="Liberia",
            ),
            make_feature(
                id="RS-2024-0002",
                date="2024-02-18",
                category="attack",
                outcome="damaged",
                weapons=["anti_ship_ballistic_missile"],
                vessel_name="Rubymar",
                crew_killed=None,
                flag="Belize",
                imo=None,
            ),
            make_feature(
                id="RS-2024-0003",
                date="2024-03-02",
                category="sinking",
                outcome="sunk",
                weapons=["anti_ship_ballistic_missile"],
                vessel_name="Rubymar",
                flag="Belize",
                imo=None,
            ),
            make_feature(
                id="RS-2024-0004",
                date="2024-03-06",
                category="attack",
                outcome="damaged",
                weapons=["anti_ship_cruise_missile"],
                vessel_name="True Confidence",
                crew_killed=3,
                flag="Barbados",
                imo="9460784",
            ),
            make_feature(
                id="RS-2024-0005",
                date="2024-03-06",
                category="hijacking",
                outcome="hijacked",
                weapons=["armed_boarding"],
                vessel_name="Abdullah",
                crew_held=23,
                actor="somali_pirates",
                released_date="2024-04-14",
                flag="Bangladesh",
                imo=None,
            ),
            make_feature(
                id="RS-2024-0006",
                date="2024-04-01",
                category="attack",
                outcome="missed",
                weapons=["missile_unspecified"],
                vessel_name=None,
                imo=None,
                flag=None,
                claim_status="claimed",
            ),
        ]
    )


@pytest.mark.parametrize(
    ("chosen", "expected_ids"),
    [
        (IncidentFilter(), ["0001", "0002", "0003", "0004", "0005", "0006"]),
        (IncidentFilter(start=date(2024, 3, 6), end=date(2024, 3, 6)), ["0004", "0005"]),
        (IncidentFilter(categories=("sinking",)), ["0003"]),
        (IncidentFilter(categories=()), ["0001", "0002", "0003", "0004", "0005", "0006"]),
        (IncidentFilter(weapons=("anti_ship_ballistic_missile",)), ["0002", "0003"]),
        (IncidentFilter(actors=("somali_pirates",)), ["0005"]),
        (IncidentFilter(claim_statuses=("claimed",)), ["0006"]),
        (IncidentFilter(flags=("Belize",), categories=("attack",)), ["0002"]),
        (IncidentFilter(text="ruby"), ["0002", "0003"]),
        (IncidentFilter(text="917853"), ["0001"]),
        (IncidentFilter(casualties_only=True), ["0004"]),
        (IncidentFilter(sea_areas=("Gulf of Aden",)), []),
        (IncidentFilter(ids=("RS-2024-0001", "RS-2024-0006")), ["0001", "0006"]),
    ],
)
def test_filter(incidents, chosen, expected_ids):
    kept = apply_filter(incidents, chosen)
    assert [i[-4:] for i in kept["id"]] == expected_ids


@pytest.mark.parametrize("category", list(CATEGORIES))
def test_filter_by_every_category(incidents, category):
    kept = apply_filter(incidents, IncidentFilter(categories=(category,)))
    assert set(kept["category"].astype(str)) <= {category}
    assert len(kept) == int((incidents["category"] == category).sum())


def test_option_counts_ignore_their_own_filter(incidents):
    chosen = IncidentFilter(categories=("sinking",), flags=("Belize",))
    mask, counts = evaluate(build_filter_index(incidents), chosen)
    assert counts["categories"]["attack"] == 1 and counts["categories"]["sinking"] == 1
    assert counts["categories"].get("hijacking", 0) == 0
    assert counts["flags"]["Belize"] == 1 and counts["flags"].get("Liberia", 0) == 0
    assert list(incidents["id"][mask]) == ["RS-2024-0003"]


def test_previous_period():
    assert previous_period(date(2024, 3, 1), date(2024, 3, 31)) == (date(2024, 1, 30), date(2024, 2, 29))


def test_headline_values(incidents):
    index = build_filter_index(incidents)
    values = headline_values(incidents, index, np.ones(len(incidents), dtype=bool))
    # Ships attacked: Alpha, Rubymar (attack and sinking: one ship), True Confidence, Abdullah, the unnamed one.
    assert values == {
        "Incidents": 6,
        "Ships attacked": 5,
        "Ships sunk": 1,
        "Ships hijacked": 1,
        "Crew killed": 3,
        "Crew held": 23,
    }


def test_headline_change_against_a_covered_previous_period(incidents):
    index = build_filter_index(incidents)
    headlines, comparison = headline_counts(
        incidents, index, IncidentFilter(start=date(2024, 2, 29), end=date(2024, 4, 17))
    )
    by_label = {h.label: h for h in headlines}
    assert comparison.previous == (date(2024, 1, 11), date(2024, 2, 28))
    assert by_label["Incidents"].value == 4
    assert by_label["Incidents"].change == 4 - 1  # 2024-01-11..2024-02-28 holds one incident
    assert by_label["Crew killed"].change == 3
    assert by_label["Ships hijacked"].definition


def test_filtering_to_sunk_ships_keeps_the_crew_killed_in_the_attacks_that_sank_them():
    incidents = _incidents(
        [
            make_feature(id="RS-2025-0005", date="2025-07-07", vessel_name="Eternity C", imo=None, crew_killed=4),
            make_feature(id="RS-2025-0007", date="2025-07-08", vessel_name="Eternity C", imo=None, crew_killed=None),
            make_feature(
                id="RS-2025-0008",
                date="2025-07-09",
                category="sinking",
                outcome="sunk",
                vessel_name="Eternity C",
                imo=None,
                crew_killed=None,
            ),
            make_feature(id="RS-2025-0009", date="2025-07-09", vessel_name="Other", imo=None, crew_killed=2),
        ]
    )
    index = build_filter_index(incidents)
    headlines, _ = headline_counts(incidents, index, IncidentFilter(outcomes=("sunk",)))
    values = {h.label: h.value for h in headlines}
    assert values == {
        "Incidents": 1,
        "Ships attacked": 1,
        "Ships sunk": 1,
        "Ships hijacked": 0,
        "Crew killed": 4,
        "Crew held": 0,
    }


def test_ships_are_counted_by_imo_then_name_then_record():
    incidents = _incidents(
        [
            make_feature(
                id="RS-2024-0001", category="hijacking", outcome="hijacked", vessel_name="Galaxy Leader", imo="9237307"
            ),
            make_feature(
                id="RS-2024-0002", category="hijacking", outcome="hijacked", vessel_name="GALAXY  LEADER", imo="9237307"
            ),
            make_feature(id="RS-2024-0003", vessel_name=None, imo=None),
            make_feature(id="RS-2024-0004", vessel_name=None, imo=None),
        ]
    )
    values = headline_values(incidents, build_filter_index(incidents), np.ones(4, dtype=bool))
    # Two hijacking records of one ship count once; two unnamed vessels are two ships.
    assert values["Ships hijacked"] == 1 and values["Ships attacked"] == 3


def test_no_change_is_shown_against_a_period_the_record_does_not_cover(incidents):
    index = build_filter_index(incidents)
    headlines, comparison = headline_counts(
        incidents, index, IncidentFilter(start=date(2024, 1, 10), end=date(2024, 3, 31))
    )
    assert comparison.previous is None and "begins before the record does (2024-01-10)" in comparison.note
    assert all(headline.change is None for headline in headlines)


def test_counts_by_period_fills_gaps(incidents):
    counts = counts_by_period(incidents, "month", "category")
    assert list(counts.index.strftime("%Y-%m")) == ["2024-01", "2024-02", "2024-03", "2024-04"]
    assert int(counts.to_numpy().sum()) == 6
    assert counts.loc["2024-03-01", "attack"] == 1


def test_counts_by_weapon_counts_each_weapon(incidents):
    counts = counts_by_period(incidents, "week", "weapons")
    assert int(counts.to_numpy().sum()) == 6
    assert list(counts.index.day_name().unique()) == ["Monday"]


def test_hit_share(incidents):
    table = hit_share_by_period(incidents, "month")
    assert table.loc["2024-01-01", "hit_share"] == 1.0
    assert table.loc["2024-04-01", "hit_share"] == 0.0


def test_hijack_spans(incidents):
    spans = hijack_spans(incidents, date(2026, 1, 1))
    assert list(spans["vessel_name"]) == ["Abdullah"]
    assert spans.loc[0, "end"] == pd.Timestamp("2024-04-14") and bool(spans.loc[0, "released"])


def test_breakdown_and_summary(incidents):
    assert breakdown(incidents, "flag").to_dict()["Belize"] == 2
    assert breakdown(incidents, "weapons")["anti_ship_ballistic_missile"] == 2
    summary = summarise_record(incidents)
    assert "6 incidents from 2024-01-10 to 2024-04-01" in summary
    assert "by category: attack 4" in summary


def test_empty_inputs():
    empty = _incidents([make_feature()]).iloc[0:0]
    assert counts_by_period(empty).empty
    assert hijack_spans(empty, date(2026, 1, 1)).empty
    assert summarise_record(empty) == "0 incidents"
