"""The offline map style: bundled place names and glyphs where the style points."""

import tomllib
from pathlib import Path

import pytest

from dashboard.core import paths
from dashboard.core.map_style import GLYPHS_URL, MAP_FONT, offline_map_style, read_map_labels
from dashboard.core.style import map_colours

ROOT = Path(__file__).resolve().parents[2]


def test_bundled_labels_name_the_main_places():
    labels = read_map_labels(paths.PLACES_FILE, paths.MAP_LABELS_FILE)
    names = set(labels["name"])
    assert {
        "Aden",
        "Hodeidah",
        "Djibouti",
        "Port Sudan",
        "Bab el-Mandeb",
        "Red Sea",
        "Gulf of Aden",
        "Yemen",
        "Somalia",
        "Eritrea",
    } <= names
    assert set(labels["kind"]) == {"place", "country", "sea"}


def _protobuf_fields(data: bytes):
    """(field number, value) pairs of one protobuf message: ints for varints, bytes for length-delimited."""
    position = 0
    while position < len(data):
        key, position = _read_varint(data, position)
        value: int | bytes
        if key & 7 == 0:
            value, position = _read_varint(data, position)
        else:
            length, position = _read_varint(data, position)
            value, position = data[position : position + length], position + length
        yield key >> 3, value


def _read_varint(data: bytes, position: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[position]
        value |= (byte & 0x7F) << shift
        position, shift = position + 1, shift + 7
        if not byte & 0x80:
            return value, position


def test_map_text_glyphs_are_bundled_where_the_style_points():

    relative = GLYPHS_URL.format(fontstack=MAP_FONT, range="0-255").removeprefix("app/static/")
    glyphs = paths.PROJECT_ROOT / "dashboard" / "static" / relative
    ((number, stack),) = list(_protobuf_fields(glyphs.read_bytes()))
    fields = list(_protobuf_fields(stack))
    assert number == 1 and (1, MAP_FONT.encode()) in fields and (2, b"0-255") in fields
    codes = {dict(_protobuf_fields(glyph))[1] for field, glyph in fields if field == 3}
    assert {ord(character) for character in "Aden Bab el-Mandeb YEMEN 0123456789 (km)"} <= codes
    letter = dict(
        _protobuf_fields(
            next(glyph for field, glyph in fields if field == 3 and dict(_protobuf_fields(glyph))[1] == ord("A"))
        )
    )
    assert len(letter[2]) == (letter[3] + 6) * (letter[4] + 6)  # SDF bitmap with its 3 px buffer


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_area_past_the_basemap_is_not_drawn_in_the_page_colour(theme):
    # In the page's colour the area past the region made the map look narrower than its column.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    page = config["theme"][theme]["backgroundColor"].upper()
    colours = map_colours(theme)
    assert colours.background.upper() not in (page, colours.sea.upper(), colours.land.upper())
    style = offline_map_style(colours)
    assert style["layers"][0]["paint"]["background-color"] == colours.background
