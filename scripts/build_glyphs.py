"""Build the map text glyphs the dashboard serves itself, so map labels need no font server.

Usage, from the project root::

    python -m scripts.build_glyphs                                   # DejaVu Sans from Debian's fonts-dejavu-core
    python -m scripts.build_glyphs --font /path/to/Font.ttf

Output: dashboard/static/glyphs/<stack>/0-255.pbf, MapLibre's glyph format (a protobuf of signed distance
fields, 24 px, 3 px buffer, radius 8, cutoff 0.25: the values MapLibre expects). The stack is named
"Open Sans Regular" because that is the name plotly's map text asks for (plotly only accepts a fixed list of
font names); the glyphs are DejaVu Sans (free licence, see https://dejavu-fonts.github.io/License.html).
Characters outside 0-255 have no bundled range: MapLibre then draws them with the browser's own fonts.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from dashboard.core.map_style import MAP_FONT
from dashboard.core.paths import PROJECT_ROOT

DEFAULT_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
OUTPUT_DIR = PROJECT_ROOT / "dashboard" / "static" / "glyphs"
SIZE, BUFFER, RADIUS, CUTOFF = 24, 3, 8, 0.25
# MapLibre places a glyph's top this many pixels below its own baseline reference (as for its local glyphs).
TOP_OFFSET = 27
CODES = [code for code in range(32, 256) if not 127 <= code < 160]


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        low, number = number & 0x7F, number >> 7
        out.append(low | (0x80 if number else 0))
        if not number:
            return bytes(out)


def _field(number: int, value: int | bytes) -> bytes:
    """One protobuf field: a varint for ints, length-delimited for bytes."""
    if isinstance(value, int):
        return _varint(number << 3) + _varint(value)
    return _varint((number << 3) | 2) + _varint(len(value)) + value


def _zigzag(number: int) -> int:
    return (number << 1) ^ (number >> 31)


def _distance_to(points: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Euclidean distance of every pixel to the nearest of `points` (brute force: glyphs are small)."""
    rows, columns = np.mgrid[0 : shape[0], 0 : shape[1]]
    if not len(points):
        return np.full(shape, float(RADIUS * 2))
    nearest = np.full(shape, np.inf)
    for row, column in points:
        nearest = np.minimum(nearest, (rows - row) ** 2 + (columns - column) ** 2)
    return np.sqrt(nearest)


def signed_distance_field(mask: np.ndarray) -> np.ndarray:
    """8-bit SDF of a glyph mask: 191 on the outline, brighter inside, darker outside."""
    inside = mask > 127
    outside_distance = _distance_to(np.argwhere(inside), mask.shape)
    inside_distance = _distance_to(np.argwhere(~inside), mask.shape)
    signed = np.where(inside, 0.5 - inside_distance, outside_distance - 0.5)
    return np.clip(255 - 255 * (signed / RADIUS + CUTOFF), 0, 255).astype(np.uint8)


def glyph_message(font: ImageFont.FreeTypeFont, code: int) -> bytes:
    """One glyph: id, SDF bitmap (with its buffer), size, left bearing, top and advance."""
    character = chr(code)
    # Measured from the ascender line; whole pixels for the bitmap and the glyph's integer fields.
    left, top, right, bottom = (round(edge) for edge in font.getbbox(character))
    ascent, _ = font.getmetrics()
    width, height = max(right - left, 0), max(bottom - top, 0)
    message = _field(1, code)
    if width and height:
        image = Image.new("L", (width + 2 * BUFFER, height + 2 * BUFFER), 0)
        ImageDraw.Draw(image).text((BUFFER - left, BUFFER - top), character, font=font, fill=255)
        message += _field(2, signed_distance_field(np.asarray(image)).tobytes())
    return (
        message
        + _field(3, width)
        + _field(4, height)
        + _field(5, _zigzag(left))
        + _field(6, _zigzag(ascent - top - TOP_OFFSET))
        + _field(7, round(font.getlength(character)))
    )


def build(font_file: Path, stack: str = MAP_FONT) -> Path:
    """Write the 0-255 glyph range of `font_file` under the stack name; return the file."""
    font = ImageFont.truetype(str(font_file), SIZE)
    body = _field(1, stack.encode()) + _field(2, b"0-255")
    for code in CODES:
        body += _field(3, glyph_message(font, code))
    output = OUTPUT_DIR / stack / "0-255.pbf"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(_field(1, body))
    return output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", type=Path, default=DEFAULT_FONT, help="TrueType font file")
    print(build(parser.parse_args().font))


if __name__ == "__main__":
    main()
