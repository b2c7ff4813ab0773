"""The bundled record: it validates, cites sources, sits at sea, and its computed positions reproduce."""

import re

import pandas as pd
import pytest

from dashboard.cli import main
from dashboard.core import paths
from dashboard.core.areas import load_places
from dashboard.core.positions import recompute_positions
from dashboard.core.prepare import EVENT_KINDS, load_events, load_prepared_incidents
from dashboard.core.reading import read_incident_table
from dashboard.core.schema import url_problem


@pytest.fixture(scope="module")
def incidents():
    return load_prepared_incidents(paths.INCIDENTS_FILE)


def test_bundled_record_validates_and_is_substantial(incidents):
    assert len(incidents) >= 150
    assert incidents["date"].min() == pd.Timestamp("2023-11-19")


def test_ids_are_unique_and_curated(incidents):
    assert incidents["id"].is_unique
    assert all(re.fullmatch(r"RS-\d{4}-\d{4}", i) for i in incidents["id"])
    assert all(i[3:7] == f"{d:%Y}" for i, d in zip(incidents["id"], incidents["date"], strict=True))


def test_every_record_cites_an_http_source(incidents):
    for sources in incidents["sources"]:
        assert sources and all(url_problem(source["url"]) is None for source in sources)


def test_every_point_is_at_sea_in_a_named_area(incidents):
    assert incidents["sea_area"].notna().all()


def test_computed_positions_reproduce_from_their_text():
    table, problems = read_incident_table(paths.INCIDENTS_FILE)
    assert not problems
    recomputed = recompute_positions(table, load_places())
    assert len(recomputed) >= 50
    assert recomputed["problem"].isna().all(), recomputed[recomputed["problem"].notna()]
    assert (recomputed["shift_km"] < 1.0).all(), recomputed[recomputed["shift_km"] >= 1.0]


def test_sinkings_follow_an_attack_on_the_same_ship(incidents):
    sinkings = incidents[incidents["category"] == "sinking"]
    assert len(sinkings) >= 4
    attacks = incidents[incidents["category"] == "attack"]
    for sinking in sinkings.itertuples():
        earlier = attacks[(attacks["vessel_name"] == sinking.vessel_name) & (attacks["date"] <= sinking.date)]
        assert len(earlier), f"{sinking.id} ({sinking.vessel_name}) has no earlier attack record"


@pytest.mark.parametrize(
    "ship", ["Galaxy Leader", "Rubymar", "True Confidence", "Tutor", "Magic Seas", "Eternity C", "Abdullah", "Ruen"]
)
def test_landmark_incidents_are_present(incidents, ship):
    assert (incidents["vessel_name"] == ship).any()


def test_claims_and_disputes_are_kept_apart(incidents):
    statuses = set(incidents["claim_status"].astype(str))
    assert {"confirmed", "claimed", "disputed"} <= statuses


def test_validate_command_reports_counts_by_category(capsys):
    assert main(["validate"]) == 0
    output = capsys.readouterr().out
    assert "by category:" in output
    for category in ("attack", "hijacking", "sinking"):
        assert f"{category} " in output


def test_context_events_are_sourced():
    events = load_events()
    assert len(events) >= 15
    assert events["source_url"].map(lambda url: url_problem(url) is None).all()
    assert events["label"].str.len().max() <= 80
    assert events["kind"].isin(EVENT_KINDS).all()


def test_gazetteer_places_cite_a_source():
    places = load_places()
    named = places[places["kind"] != "area_anchor"]
    assert named["source_url"].map(lambda url: url_problem(str(url)) is None).all()
