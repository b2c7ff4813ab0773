"""Read and write coordinates in degrees-minutes-seconds, degrees-decimal-minutes or decimal text."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

AXES = {"lat": ("N", "S", 90.0), "lon": ("E", "W", 180.0)}
_AXIS_ALIASES = {"lat": "lat", "latitude": "lat", "lon": "lon", "lng": "lon", "long": "lon", "longitude": "lon"}
_HEMISPHERE_AXIS = {"N": "lat", "S": "lat", "E": "lon", "W": "lon"}

# Symbols people and spreadsheets use for degrees, minutes and seconds, mapped to ° ' ".
_SYMBOLS = str.maketrans(
    {
        "º": "°",
        "˚": "°",
        "⁰": "°",
        "∘": "°",
        "′": "'",
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
        "ʹ": "'",
        "″": '"',
        "”": '"',
        "“": '"',
        "ʺ": '"',
        "‶": '"',
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\r": " ",
        "\n": " ",
        "−": "-",
        "–": "-",
        "—": "-",
    }
)
_WORDS = (
    (re.compile(r"(?<![a-z])deg(?:rees?)?\.?(?![a-z])", re.IGNORECASE), "°"),
    (re.compile(r"(?<![a-z])min(?:utes?|s)?\.?(?![a-z])", re.IGNORECASE), "'"),
    (re.compile(r"(?<![a-z])sec(?:onds?|s)?\.?(?![a-z])", re.IGNORECASE), '"'),
    (re.compile(r"(?<![a-z])north(?![a-z])", re.IGNORECASE), "N"),
    (re.compile(r"(?<![a-z])south(?![a-z])", re.IGNORECASE), "S"),
    (re.compile(r"(?<![a-z])east(?![a-z])", re.IGNORECASE), "E"),
    (re.compile(r"(?<![a-z])west(?![a-z])", re.IGNORECASE), "W"),
)
_TOKEN = re.compile(
    r"""\s*(?:(?P<number>\d+(?:\.\d*)?|\.\d+)|(?P<hemisphere>[NSEW])|(?P<unit>[°'"])"""
    r"""|(?P<separator>[-:+,/;])|(?P<other>.))"""
)
_UNIT_INDEX = {"°": 0, "'": 1, '"': 2}
_PAIR_SEPARATOR = re.compile(r"\s*[,;/]\s*|\s+")


def _axis(axis: str) -> str:
    key = _AXIS_ALIASES.get(str(axis).strip().lower())
    if key is None:
        raise ValueError(f"axis must be 'lat' or 'lon', got {axis!r}")
    return key


def _normalise(text: str) -> str:
    """Map the many spellings of degree, minute, second and hemisphere onto ° ' " N S E W."""
    cleaned = text.translate(_SYMBOLS).replace("''", '"')
    for pattern, replacement in _WORDS:
        cleaned = pattern.sub(replacement, cleaned)
    # A full stop after a hemisphere letter ends a sentence-like "12°30'N. 045°E." rather than a number.
    cleaned = re.sub(r"([NSEW])\.(?!\d)", r"\1", cleaned.upper())
    return cleaned.strip().rstrip(".").strip()


def _shown(text: object) -> str:
    shown = repr(text)
    return shown if len(shown) <= 80 else shown[:77] + "..."


@dataclass
class _Parts:
    """The pieces of one coordinate in reading order: numbers, their unit marks, hemisphere letters, a sign."""

    numbers: list[str] = field(default_factory=list)
    # Per number: 0, 1 or 2 for a degree, minute or second mark after it, None without one.
    units: list[int | None] = field(default_factory=list)
    # (letter, how many numbers came before it)
    hemispheres: list[tuple[str, int]] = field(default_factory=list)
    sign: str = ""


def _add_number(parts: _Parts, number: str, original: object) -> None:
    last = parts.hemispheres[-1] if parts.hemispheres else None
    if last and last[1] > 0 and len(parts.numbers) == last[1]:
        raise ValueError(f"hemisphere letter in the middle of coordinate {_shown(original)}")
    parts.numbers.append(number)
    parts.units.append(None)


def _add_unit(parts: _Parts, unit: str, original: object) -> None:
    if not parts.numbers or parts.units[-1] is not None:
        raise ValueError(f"misplaced {unit!r} in coordinate {_shown(original)}")
    parts.units[-1] = _UNIT_INDEX[unit]


def _add_separator(parts: _Parts, symbol: str, original: object) -> None:
    # A leading - or + is the sign; between numbers only - and : separate (12-34.5N, 13:19.5N).
    if not parts.numbers and symbol in "-+" and not parts.sign:
        parts.sign = symbol
    elif not parts.numbers or symbol not in "-:":
        raise ValueError(f"unexpected {symbol!r} in coordinate {_shown(original)}")


def _add_token(parts: _Parts, match: re.Match[str], original: object) -> None:
    if match["number"] is not None:
        _add_number(parts, match["number"], original)
    elif match["hemisphere"]:
        parts.hemispheres.append((match["hemisphere"], len(parts.numbers)))
    elif match["unit"]:
        _add_unit(parts, match["unit"], original)
    elif match["separator"]:
        _add_separator(parts, match["separator"], original)
    elif match["other"] and match["other"].strip():
        raise ValueError(f"unreadable character {match['other']!r} in coordinate {_shown(original)}")


def _read_parts(text: str, original: object) -> _Parts:
    """Split one normalised coordinate into its pieces, refusing a piece out of place as soon as it is read."""
    parts = _Parts()
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:  # only trailing blanks are left
            break
        position = match.end()
        _add_token(parts, match, original)
    return parts


def _check_parts(parts: _Parts, original: object) -> None:
    """Refuse pieces that read one by one but not together (counts, order, decimals, sign and letter)."""
    numbers, hemispheres = parts.numbers, parts.hemispheres
    if not numbers:
        raise ValueError(f"no number in coordinate {_shown(original)}")
    if len(numbers) > 3:
        raise ValueError(f"too many numbers in coordinate {_shown(original)} (expected degrees, minutes, seconds)")
    if len(hemispheres) > 1:
        raise ValueError(f"more than one hemisphere letter in coordinate {_shown(original)}")
    if hemispheres and 0 < hemispheres[0][1] < len(numbers):
        raise ValueError(f"hemisphere letter in the middle of coordinate {_shown(original)}")
    if any(unit is not None and unit != index for index, unit in enumerate(parts.units)):
        raise ValueError(f"units out of order in coordinate {_shown(original)}")
    if any("." in number for number in numbers[:-1]):
        raise ValueError(f"only the last number may have decimals in coordinate {_shown(original)}")
    if hemispheres and parts.sign == "-":
        raise ValueError(f"coordinate {_shown(original)} has both a minus sign and a hemisphere letter")


def _degrees(numbers: list[str], original: object) -> float:
    """Degrees, minutes and seconds (the missing ones 0) as unsigned decimal degrees."""
    degrees, minutes, seconds = [float(number) for number in numbers] + [0.0] * (3 - len(numbers))
    if minutes > 60:
        raise ValueError(f"minutes must be 0-60, got {numbers[1]} in coordinate {_shown(original)}")
    if seconds > 60:
        raise ValueError(f"seconds must be 0-60, got {numbers[2]} in coordinate {_shown(original)}")
    # 60 seconds or 60 minutes are readable and simply carry over into the next unit.
    return degrees + minutes / 60.0 + seconds / 3600.0


def _check_axis(value: float, hemisphere: str | None, axis: str | None, original: object) -> None:
    """Refuse a hemisphere letter of the other axis, and a value beyond the axis's limit."""
    if hemisphere and axis and _HEMISPHERE_AXIS[hemisphere] != axis:
        name = "latitude" if axis == "lat" else "longitude"
        raise ValueError(f"hemisphere {hemisphere} does not fit a {name}: {_shown(original)}")
    resolved_axis = axis or (_HEMISPHERE_AXIS[hemisphere] if hemisphere else None)
    if resolved_axis:
        limit = AXES[resolved_axis][2]
        if value > limit:
            name = "latitude" if resolved_axis == "lat" else "longitude"
            raise ValueError(f"{name} must be within {limit:g} degrees, got {value:g} from {_shown(original)}")


def _parse_normalised(text: str, axis: str | None, original: object) -> tuple[float, str | None]:
    """Return (absolute or signed value, hemisphere letter or None) of one normalised coordinate."""
    parts = _read_parts(text, original)
    _check_parts(parts, original)
    hemisphere = parts.hemispheres[0][0] if parts.hemispheres else None
    value = _degrees(parts.numbers, original)
    _check_axis(value, hemisphere, axis, original)
    if parts.sign == "-" or hemisphere in ("S", "W"):
        value = -value
    return value, hemisphere


def parse_coordinate(text: str | float, axis: str) -> float:
    """Parse one latitude or longitude written in DMS, decimal minutes or decimal degrees.

    Parameters
    ----------
    text : str or float
        For example ``12°34'56.7"N``, ``12°34.5'N``, ``12 34 56 N``, ``12-34.5N``, ``N 12° 34' 56"``,
        ``-12.5`` or a plain number.
    axis : {"lat", "lon"}
        Which coordinate is expected; the hemisphere letter must fit it.

    Returns
    -------
    float
        Decimal degrees, negative in the southern and western hemispheres.

    Raises
    ------
    ValueError
        If the text cannot be read, minutes or seconds exceed 60, or the value is out of range.
    """
    key = _axis(axis)
    if isinstance(text, bool) or not isinstance(text, str | int | float):
        raise ValueError(f"expected coordinate text or a number, got {type(text).__name__}")
    if not isinstance(text, str):
        value = float(text)
        limit = AXES[key][2]
        if not math.isfinite(value) or abs(value) > limit:
            raise ValueError(
                f"{'latitude' if key == 'lat' else 'longitude'} must be within {limit:g} degrees, got {value!r}"
            )
        return value
    normalised = _normalise(text)
    if not normalised:
        raise ValueError(f"empty coordinate {_shown(text)}")
    return _parse_normalised(normalised, key, text)[0]


def _split_pair(normalised: str, original: str) -> tuple[str, str]:
    """Split normalised position text into its two coordinates."""
    letters = [(match.start(), match.group()) for match in re.finditer(r"[NSEW]", normalised)]
    if not letters:
        parts = [part for part in _PAIR_SEPARATOR.split(normalised) if part]
        if len(parts) != 2:
            separated = [part for part in re.split(r"\s*[,;/]\s*", normalised) if part]
            if len(separated) != 2:
                raise ValueError(
                    f"cannot tell latitude from longitude in {_shown(original)}; "
                    "add N/S and E/W letters or separate them with a comma"
                )
            parts = separated
        return parts[0], parts[1]
    if len(letters) != 2:
        raise ValueError(f"expected one N/S and one E/W letter in position {_shown(original)}")
    first_is_prefix = normalised[0] in "NSEW"
    cut = letters[1][0] if first_is_prefix else letters[0][0] + 1
    return normalised[:cut].strip(" ,;/"), normalised[cut:].strip(" ,;/")


def parse_position(text: str) -> tuple[float, float]:
    """Parse a position such as ``12°34'56.7"N 045°01'02"E`` (possibly over two lines).

    Parameters
    ----------
    text : str
        Latitude then longitude (either order when hemisphere letters are given), in any form
        that `parse_coordinate` reads; without letters, the latitude must come first.

    Returns
    -------
    tuple of float
        ``(lat, lon)`` in decimal degrees.

    Raises
    ------
    ValueError
        If the text is not a readable position.
    """
    if not isinstance(text, str):
        raise ValueError(f"expected position text, got {type(text).__name__}")
    normalised = _normalise(text)
    if not normalised:
        raise ValueError(f"empty position {_shown(text)}")
    if re.search(r"[A-Z]{2,}|[A-DF-MO-RT-VX-Z]", normalised):
        raise ValueError(
            f"cannot read {_shown(text)} as a position: expected only numbers, degree, minute and "
            "second marks and N/S/E/W letters"
        )
    first, second = _split_pair(normalised, text)
    if not first or not second:
        raise ValueError(f"position {_shown(text)} needs both a latitude and a longitude")
    letter = re.search(r"[NSEW]", first)
    if letter and _HEMISPHERE_AXIS[letter.group()] == "lon":
        first, second = second, first
    lat, _ = _parse_normalised(first, "lat", text)
    lon, _ = _parse_normalised(second, "lon", text)
    return lat, lon


def format_position(lat: float, lon: float, decimals: int = 4) -> str:
    """A position for readers: ``1.2000° S, 50.3500° E`` (hemisphere letters, never a minus sign)."""
    north = "N" if lat >= 0 else "S"
    east = "E" if lon >= 0 else "W"
    return f"{abs(lat):.{decimals}f}° {north}, {abs(lon):.{decimals}f}° {east}"
