"""Reading and writing degrees-minutes-seconds coordinates."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.dms import parse_coordinate, parse_position

LAT = 12 + 34 / 60 + 56.7 / 3600
LON = 45 + 1 / 60 + 2 / 3600


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12°34'56.7\"N 045°01'02\"E", (LAT, LON)),
        ("12°34′56.7″N 045°01′02″E", (LAT, LON)),
        ("12º34’56.7”N, 045º01’02”E", (LAT, LON)),
        ("N 12° 34' 56.7\" E 045° 01' 02\"", (LAT, LON)),
        ("12°34'56.7\"N\n045°01'02\"E", (LAT, LON)),
        ("12°34'56.7\"N \r\n 045°01'02\"E", (LAT, LON)),
        ("12 34 56.7 N 045 01 02 E", (LAT, LON)),
        ("12-34.5N 045-01.2E", (12.575, 45.02)),
        ("12°34.5'N 045°01.2'E", (12.575, 45.02)),
        ("12.5N 45.2E", (12.5, 45.2)),
        ("12.5S 45.2W", (-12.5, -45.2)),
        ("12.5, 45.2", (12.5, 45.2)),
        ("-12.5 -45.2", (-12.5, -45.2)),
        ("045°E 12°N", (12.0, 45.0)),
        ("12 deg 30 min N, 45 degrees 15 minutes E", (12.5, 45.25)),
        ("12°34'56''N 045°01'02''E", (12 + 34 / 60 + 56 / 3600, LON)),
        ("12°34'56.7\"N. 045°01'02\"E.", (LAT, LON)),
    ],
)
def test_parse_position_reads_common_forms(text, expected):
    lat, lon = parse_position(text)
    assert lat == pytest.approx(expected[0], abs=1e-9)
    assert lon == pytest.approx(expected[1], abs=1e-9)


@pytest.mark.parametrize(
    ("text", "axis", "expected"),
    [
        ("12°34'60\"N", "lat", 12 + 35 / 60),
        ("12°60'N", "lat", 13.0),
        ("12°59'60\"N", "lat", 13.0),
        ("S 0° 30'", "lat", -0.5),
        ("179°59'59\"W", "lon", -(179 + 59 / 60 + 59 / 3600)),
        ("90N", "lat", 90.0),
        ("-45.5", "lon", -45.5),
        ("+12.25", "latitude", 12.25),
        (12.5, "lat", 12.5),
        ("13:19.5N", "lat", 13.325),
    ],
)
def test_parse_coordinate_values(text, axis, expected):
    assert parse_coordinate(text, axis) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    ("text", "axis", "message"),
    [
        ("12°61'N", "lat", "minutes must be 0-60, got 61"),
        ("12°30'61\"N", "lat", "seconds must be 0-60, got 61"),
        ("91°N", "lat", "latitude must be within 90"),
        ("90°00'01\"N", "lat", "latitude must be within 90"),
        ("181°E", "lon", "longitude must be within 180"),
        ("12°30'E", "lat", "hemisphere E does not fit a latitude"),
        ("12°30'N", "lon", "hemisphere N does not fit a longitude"),
        ("twelve north", "lat", "unreadable character"),
        ("", "lat", "empty coordinate"),
        ("-12S", "lat", "both a minus sign and a hemisphere"),
        ("12.5°30'N", "lat", "only the last number may have decimals"),
        ("12 30 15 10 N", "lat", "too many numbers"),
        ("N", "lat", "no number in coordinate"),
        ("12N30", "lat", "hemisphere letter in the middle"),
        ("N12 30N", "lat", "more than one hemisphere letter"),
        ("°12", "lat", "misplaced '°'"),
        ("12'30°N", "lat", "units out of order"),
        ("12,30N", "lat", "unexpected ','"),
        ("-+12", "lat", "unexpected '\\+'"),
        ("12N", "height", "axis must be 'lat' or 'lon'"),
        (None, "lat", "got NoneType"),
    ],
)
def test_parse_coordinate_rejects_with_a_clear_message(text, axis, message):
    with pytest.raises(ValueError, match=message) as raised:
        parse_coordinate(text, axis)
    if text:
        assert repr(text) in str(raised.value) or message.startswith("axis") or text is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("near Aden", "cannot read 'near Aden' as a position"),
        ("12 34 56 45 01 02", "cannot tell latitude from longitude"),
        ("12°N", "expected one N/S and one E/W letter"),
        ("12°N 13°N", "hemisphere N does not fit a longitude"),
        ("   ", "empty position"),
        ("12°61'N 45°E", "minutes must be 0-60"),
    ],
)
def test_parse_position_rejects_with_a_clear_message(text, message):
    with pytest.raises(ValueError, match=message):
        parse_position(text)


def format_dms(value: float, axis: str) -> str:
    """Write decimal degrees as ``DD°MM'SS.s"H`` (a test helper: the dashboard only reads DMS)."""
    total = round(abs(value) * 36000)  # tenths of a second, so rounding never gives 60"
    degrees, remainder = divmod(total, 36000)
    minutes, tenths = divmod(remainder, 600)
    hemisphere = ("S" if axis == "lat" else "W") if value < 0 and total else ("N" if axis == "lat" else "E")
    return f"{degrees:0{3 if axis == 'lon' else 2}d}°{minutes:02d}'{tenths / 10:04.1f}\"{hemisphere}"


def test_dms_test_helper_examples_and_carry():
    assert format_dms(LAT, "lat") == "12°34'56.7\"N"
    assert format_dms(-LON, "lon") == "045°01'02.0\"W"
    assert format_dms(12.9999999, "lat") == "13°00'00.0\"N"


latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)


@given(latitudes, longitudes)
def test_round_trip_through_format_dms(lat, lon):
    tolerance = 0.05 / 3600 + 1e-9  # half a tenth of a second
    text = f"{format_dms(lat, 'lat')} {format_dms(lon, 'lon')}"
    parsed_lat, parsed_lon = parse_position(text)
    assert parsed_lat == pytest.approx(lat, abs=tolerance)
    assert parsed_lon == pytest.approx(lon, abs=tolerance)
    assert parse_coordinate(format_dms(lat, "lat"), "lat") == parsed_lat


@given(st.integers(0, 89), st.integers(0, 59), st.floats(0, 59.9, allow_nan=False), st.sampled_from("NS"))
def test_hemisphere_letter_sets_the_sign(degrees, minutes, seconds, hemisphere):
    magnitude = degrees + minutes / 60 + seconds / 3600
    value = parse_coordinate(f"{degrees}°{minutes}'{seconds:.4f}\"{hemisphere}", "lat")
    assert value == pytest.approx(magnitude if hemisphere == "N" else -magnitude, abs=1e-7)
    assert parse_coordinate(f"{hemisphere} {degrees} {minutes} {seconds:.4f}", "lat") == value


@given(st.integers(0, 178), st.integers(0, 59), st.sampled_from("EW"))
def test_sixty_seconds_carry_into_the_next_minute(degrees, minutes, hemisphere):
    carried = parse_coordinate(f"{degrees}°{minutes}'60\"{hemisphere}", "lon")
    if minutes == 59:
        expected = parse_coordinate(f"{degrees + 1}°00'00\"{hemisphere}", "lon")
    else:
        expected = parse_coordinate(f"{degrees}°{minutes + 1}'00\"{hemisphere}", "lon")
    assert carried == pytest.approx(expected, abs=1e-12)


def test_positions_are_shown_with_hemisphere_letters():
    from dashboard.core.dms import format_position

    assert format_position(7.95, 50.35) == "7.9500° N, 50.3500° E"
    assert format_position(-1.25, 45.0) == "1.2500° S, 45.0000° E"
    assert format_position(12.5, -0.5, decimals=1) == "12.5° N, 0.5° W"
