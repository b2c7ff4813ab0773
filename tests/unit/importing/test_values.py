"""Reading dates as sources write them."""

from datetime import date

import pytest

from dashboard.core.importing import parse_date_text


@pytest.mark.parametrize(
    ("text", "month_first", "expected"),
    [
        ("2024-01-26", None, date(2024, 1, 26)),
        ("26 January 2024", None, date(2024, 1, 26)),
        ("26-Jan-24", None, date(2024, 1, 26)),
        ("Jan 26, 2024", None, date(2024, 1, 26)),
        ("1/26/2024", None, date(2024, 1, 26)),
        ("3/4/2024", True, date(2024, 3, 4)),
        ("3/4/2024", False, date(2024, 4, 3)),
        ("2024-01-26T13:45:00Z", None, date(2024, 1, 26)),
        ("20240126", None, date(2024, 1, 26)),
        ("26th Sept. 99", None, date(1999, 9, 26)),
        ("Jan. 26th 2024", None, date(2024, 1, 26)),
        ("26/1/2024", None, date(2024, 1, 26)),
        ("1/26/24 14:30", None, date(2024, 1, 26)),
        ("3/3/2024", None, date(2024, 3, 3)),
    ],
)
def test_dates_in_several_forms(text, month_first, expected):
    assert parse_date_text(text, month_first) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3/4/2024", "ambiguous date"),
        ("2024-02-30", "not a calendar"),
        ("soon", "unreadable date"),
        ("30 Feb 2024", "not a calendar"),
        ("26 Foo 2024", "unreadable date"),
        ("Foo 26, 2024", "unreadable date"),
        ("13/13/2024", "not a calendar"),
    ],
)
def test_unreadable_dates(text, message):
    with pytest.raises(ValueError, match=message):
        parse_date_text(text)
