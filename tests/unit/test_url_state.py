"""URL query parameters: round trip, and malformed input ignored with a notice (property tests)."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.filters import IncidentFilter
from dashboard.core.url_state import (
    PAGE_SETTINGS,
    UrlState,
    page_settings_to_query_params,
    parse_page_settings,
    parse_query_params,
    view_to_query_params,
)

VOCABULARIES = {
    "categories": ["attack", "hijacking", "sinking", "boarding_attempt", "suspicious_approach"],
    "outcomes": ["hit", "damaged", "missed"],
    "weapons": ["anti_ship_ballistic_missile", "one_way_attack_drone"],
    "actors": ["houthi", "somali_pirates"],
    "claim_statuses": ["confirmed", "claimed", "disputed"],
    "vessel_types": ["bulk_carrier", "oil_tanker"],
    "flags": ["Liberia", "Marshall Islands"],
    "sea_areas": ["Southern Red Sea", "Gulf of Aden"],
}


def test_round_trip():
    chosen = IncidentFilter(
        start=date(2024, 1, 1),
        end=date(2024, 6, 30),
        categories=("attack", "sinking"),
        flags=("Marshall Islands",),
        text="Rubymar",
        casualties_only=True,
    )
    params = view_to_query_params(chosen, "RS-2024-0042")
    view = parse_query_params(params, VOCABULARIES)
    assert view == UrlState(chosen, "RS-2024-0042", ())


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"colour": "red"}, "Ignored unknown URL parameter 'colour'"),
        ({"from": "2024-13-45"}, "Ignored 'from'"),
        ({"from": "2024-06-01", "to": "2024-01-01"}, "'from' is after 'to'"),
        ({"category": "attack,<script>"}, "Ignored unknown value(s) of 'category': 'script'"),
        ({"q": "x" * 10_001}, "longer than 1000 characters"),
        ({"q": "x" * 201}, "Ignored 'q': search text longer than 200 characters"),
        ({"period": "Last 30"}, "Ignored 'period': not a period name"),
        ({"from": ["2024-01-01", "2024-02-01"]}, "was given 2 times"),
        ({"casualties": "maybe"}, "Ignored 'casualties'"),
        ({"incident": "<img src=x>"}, "Ignored 'incident'"),
    ],
)
def test_malformed_parameters_give_a_notice(params, notice):
    view = parse_query_params(params, VOCABULARIES)
    assert any(notice in text for text in view.notices), view.notices


def test_repeated_list_keys_are_merged():
    view = parse_query_params({"category": ["attack", "sinking"]}, VOCABULARIES)
    assert view.incident_filter.categories == ("attack", "sinking")


_names = st.one_of(
    st.sampled_from(["from", "to", "q", "category", "flag", "incident", "casualties", "area"]), st.text(max_size=20)
)
_values = st.one_of(
    st.text(max_size=50), st.lists(st.text(max_size=30), max_size=3), st.text(min_size=1000, max_size=1100)
)


@given(st.dictionaries(_names, _values, max_size=6))
def test_parser_never_raises_and_only_keeps_known_values(params):
    view = parse_query_params(params, VOCABULARIES)
    chosen = view.incident_filter
    for attribute, allowed in VOCABULARIES.items():
        assert set(getattr(chosen, attribute)) <= set(allowed)
    if chosen.start and chosen.end:
        assert chosen.start <= chosen.end
    assert len(chosen.text) <= 200
    for notice in view.notices:
        assert "<" not in notice and ">" not in notice


@given(
    st.builds(
        IncidentFilter,
        start=st.one_of(st.none(), st.dates(date(2023, 1, 1), date(2024, 6, 1))),
        end=st.one_of(st.none(), st.dates(date(2024, 6, 2), date(2026, 1, 1))),
        categories=st.lists(st.sampled_from(VOCABULARIES["categories"]), unique=True).map(tuple),
        flags=st.lists(st.sampled_from(VOCABULARIES["flags"]), unique=True).map(tuple),
        text=st.text(alphabet=st.characters(categories=("L", "N")), max_size=30),
        casualties_only=st.booleans(),
    )
)
def test_any_filter_survives_the_url(chosen):
    view = parse_query_params(view_to_query_params(chosen), VOCABULARIES)
    assert view.incident_filter == IncidentFilter(**{**chosen.__dict__, "text": chosen.text.strip()})
    assert view.notices == ()


def test_many_bad_parameters_give_a_few_notices_and_one_summary_line():
    params = {f"unknown{number}": "x" for number in range(500)}
    notices = parse_query_params(params, VOCABULARIES).notices
    assert len(notices) == 4
    assert notices[-1] == "497 more URL parameter problems were ignored (not listed)."
    assert all("unknown" in notice for notice in notices[:3])


def test_a_few_bad_parameters_are_all_listed():
    notices = parse_query_params({"a": "1", "b": "2", "c": "3", "d": "4"}, VOCABULARIES).notices
    assert len(notices) == 4 and all("Ignored unknown URL parameter" in notice for notice in notices)


def test_a_named_period_round_trips_as_the_period():
    params = view_to_query_params(IncidentFilter(start=date(2024, 1, 1), end=date(2024, 12, 31)), date_preset="2024")
    assert params == {"period": "2024"}
    assert parse_query_params(params, VOCABULARIES).date_preset == "2024"
    assert view_to_query_params(IncidentFilter(), date_preset="Last 30 days") == {"period": "last-30-days"}


def test_ship_parameter_is_kept_and_checked():
    assert parse_query_params({"ship": "IMO9237307"}, VOCABULARIES).ship_id == "IMO9237307"
    view = parse_query_params({"ship": "<b>"}, VOCABULARIES)
    assert view.ship_id is None and any("Ignored 'ship'" in notice for notice in view.notices)


def test_a_ship_keyed_by_a_long_name_can_be_linked():
    """A ship without IMO is keyed by its slugged name; ids of more than 64 characters were refused, so the
    link to such a ship (from its card or the ship list) opened the empty Ships page with a notice."""
    import pandas as pd

    from dashboard.core.filters import ship_keys

    name = "Unnamed Yemeni fishing dhow towing two skiffs north of the Hanish Islands"
    key = ship_keys(pd.DataFrame({"vessel_name": [name], "imo": [None], "vessel_id": [None]})).iloc[0]
    assert len(key) > 64
    view = parse_query_params({"ship": key}, VOCABULARIES)
    assert view.ship_id == key and view.notices == ()


def test_page_settings_are_known_parameters_not_notices():
    view = parse_query_params({"timeline": "month", "range": "450"}, VOCABULARIES)
    assert view.notices == ()


@given(
    st.fixed_dictionaries(
        {},
        optional={
            "timeline_period": st.sampled_from(["day", "week", "month"]),
            "timeline_stack": st.sampled_from(["category", "weapons", "outcome"]),
            "map_areas": st.booleans(),
            "map_uncertainty": st.booleans(),
            "map_density": st.booleans(),
            "threat_preset": st.sampled_from(["custom", "samad-3", "p-800"]),
            "threat_range_km": st.integers(0, 3000),
            "route_speed": st.integers(8, 24),
            "hit_period": st.sampled_from(["month", "week"]),
        },
    )
)
def test_any_page_setting_survives_the_url(settings):
    choices = {"preset": ["custom", "samad-3", "p-800"]}
    params = page_settings_to_query_params(settings, choices)
    values, notices = parse_page_settings(params, choices)
    defaults = {setting.widget_key: setting.default for setting in PAGE_SETTINGS}
    assert notices == []
    assert {**defaults, **values} == {**defaults, **settings}


@given(
    st.dictionaries(
        st.sampled_from([s.parameter for s in PAGE_SETTINGS]),
        st.one_of(st.text(max_size=40), st.lists(st.text(max_size=10), max_size=3)),
        max_size=6,
    )
)
def test_page_setting_parser_never_raises_and_only_keeps_allowed_values(params):
    values, notices = parse_page_settings(params, {"preset": ["custom", "samad-3"]})
    for setting in PAGE_SETTINGS:
        if setting.widget_key in values:
            value = values[setting.widget_key]
            assert type(value) is type(setting.default)
            if setting.choices and setting.parameter != "preset":
                assert value in setting.choices
    assert len(values) + len(notices) == len(params)


def test_share_link_carries_page_and_every_parameter():
    from dashboard.core.url_state import share_link

    link = share_link("http://example.org:8501/analysis", "analysis", {"category": "attack,sinking", "hits": ["week"]})
    assert link == "http://example.org:8501/analysis?category=attack,sinking&hits=week"
    assert share_link(None, "", {}) == "/"
    assert share_link(None, "ship", {"ship": "V-x"}) == "/ship?ship=V-x"
    assert share_link("http://h/about?old=1", "about", {"q": "a b&c"}) == "http://h/about?q=a+b%26c"
