"""Untrusted text made inert: one function per context (Markdown, plain, Plotly, tables, spreadsheets)."""

import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.text import (
    markdown_link,
    markdown_table,
    markdown_text,
    plain_text,
    plotly_text,
    spreadsheet_original,
    spreadsheet_text,
    table_text,
)

WORD_JOINER = "\u2060"


def _unescape_markdown(escaped: str) -> str:
    """What CommonMark shows for text made only of escapes, entities and plain characters."""
    shown = re.sub(r"\\(.)", r"\1", escaped)
    return shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace(WORD_JOINER, "")


def test_markdown_table_escapes_cells_and_keeps_one_line_per_row():
    rows: list[dict] = [
        {"n": 1, "event": "Pipes | and\nnew lines *bold* <b>x</b>", "source": "https://example.org/a b"},
        {"n": 2, "event": None, "source": "javascript:alert(1)"},
        {"n": 3, "event": "No source", "source": ""},
    ]
    table = markdown_table(rows, {"n": "No.", "event": "Event", "source": "Source"}, links={"source": "open"})
    lines = table.split("\n")
    assert len(lines) == 2 + len(rows)
    assert lines[0] == "| No\\. | Event | Source |"
    assert all(line.count(" | ") == 2 for line in lines[2:])
    assert "\\|" in lines[2] and "&lt;b&gt;" in lines[2] and "\\*bold\\*" in lines[2]
    assert "[open](https://example.org/a%20b)" in lines[2]
    assert "](" not in lines[3] and "link removed" in lines[3]
    assert lines[4].endswith("|  |")


@given(st.text(max_size=60))
def test_a_markdown_table_cell_never_breaks_its_row(text):
    table = markdown_table([{"cell": text}], {"cell": "Cell"})
    row = table.split("\n")[2:]
    assert len(row) == 1
    # Every pipe inside the cell is escaped, so the row keeps exactly its two outer pipes.
    unescaped = row[0].replace("\\\\", "").replace("\\|", "")
    assert unescaped.count("|") == 2


def test_links_accept_only_http_and_https():
    assert markdown_link("https://example.org/x", "source") == "[source](https://example.org/x)"
    assert "](" not in markdown_link("data:text/html,hi", "source")
    assert markdown_text("[x](javascript:y)") == f"\\[x\\]\\(javascript\\:{WORD_JOINER}y\\)"


@pytest.mark.parametrize(
    "hostile",
    [
        "![t](https://evil.example/x.png)",
        "[x](https://evil.example)",
        ":red[alarm]",
        "$x^2$",
        "**bold**",
        "# heading",
        "> quote",
        "- item",
        "1. item",
        "~~gone~~",
        "<b>x</b>",
        "`code`",
        "a | b",
        "===",
        "---",
    ],
)
def test_markdown_syntax_is_escaped_and_shows_the_text_itself(hostile):
    escaped = markdown_text(hostile, one_line=True)
    # No unescaped Markdown punctuation remains (every one is preceded by a backslash) and no raw HTML.
    assert not re.search(r"(?<!\\)[\[\]()*_`$#|~!:=-]", escaped.replace("\\\\", ""))
    assert "<" not in escaped and ">" not in escaped
    assert _unescape_markdown(escaped) == hostile


@pytest.mark.parametrize(
    "text",
    [
        "see https://evil.example/a_(b) now",
        "HTTP://EVIL.EXAMPLE",
        "www.evil.example/x",
        "WWW.Evil.example",
        "mail bob@evil.example",
        "xmpp:bob@evil.example",
        "mailto:bob@evil.example",
        ":material/home: icon",
        ":smile: emoji",
    ],
)
def test_bare_addresses_and_shortcodes_are_broken_by_an_invisible_joiner(text):
    escaped = markdown_text(text)
    shown = re.sub(r"\\(.)", r"\1", escaped)
    # What Streamlit's post-parse autolinker and shortcode finder see: none of their patterns matches.
    assert not re.search(r"(?i)https?://|www\.|@\w|:[a-z]", shown)
    assert shown.replace(WORD_JOINER, "") == text


def test_markdown_text_keeps_line_breaks_as_one_paragraph_and_removes_controls():
    text = "first line\n\n    indented would be code\n\u202eevil\u200b\n# not a heading"
    escaped = markdown_text(text)
    assert escaped.split("  \n") == ["first line", "indented would be code", "evil", "\\# not a heading"]
    assert markdown_text("a\nb", one_line=True) == "a b"


def test_markdown_text_cuts_before_escaping():
    assert markdown_text("*" * 50, limit=10) == "\\*" * 9 + "…"


@given(st.text())
def test_markdown_text_round_trips_to_the_visible_text(text):
    escaped = markdown_text(text, limit=10_000, one_line=True)
    assert _unescape_markdown(escaped) == " ".join(plain_text(text, 10_000).split())
    assert "<" not in escaped and "\n" not in escaped


@pytest.mark.parametrize(
    "hostile, shown",
    [
        ('<a href="https://evil.example/p">X</a>', '&lt;a href="https://evil.example/p"&gt;X&lt;/a&gt;'),
        ('<span style="font-size:90px">big', '&lt;span style="font-size:90px"&gt;big'),
        ("Tom & Jerry &lt;", "Tom &amp; Jerry &amp;lt;"),
        ("two\nlines<br>", "two lines&lt;br&gt;"),
    ],
)
def test_plotly_text_escapes_the_html_plotly_reads(hostile, shown):
    assert plotly_text(hostile) == shown


def test_plain_text_removes_invisible_controls_and_cuts():
    assert plain_text("\u202eabc\u200b\x00") == "abc"
    assert plain_text(None) == ""
    assert plain_text("x" * 20, limit=5) == "xxxx…"


def test_table_text_cleans_only_text_cells():
    frame = pd.DataFrame({"name": ["\u202eevil", None], "count": [1, 2]})
    shown = table_text(frame)
    assert shown["name"].tolist()[0] == "evil" and pd.isna(shown["name"].tolist()[1])
    assert shown["count"].tolist() == [1, 2]
    assert frame["name"].tolist()[0] == "\u202eevil"


@pytest.mark.parametrize(
    "cell, safe",
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("Galaxy Leader\r=cmd|' /C calc'!A0", "Galaxy Leader\r'=cmd|' /C calc'!A0"),
        ("a\n  +1", "a\n'  +1"),
        ("a\t@SUM(1)", "a\t'@SUM(1)"),
        ("  -2+3", "'  -2+3"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("'quoted", "''quoted"),
        ("Galaxy Leader", "Galaxy Leader"),
        ("", ""),
    ],
)
def test_spreadsheet_text_quotes_every_formula_start(cell, safe):
    assert spreadsheet_text(cell) == safe
    assert spreadsheet_original(safe) == cell


@given(st.text())
def test_spreadsheet_text_is_reversible_and_leaves_no_formula_start(text):
    safe = spreadsheet_text(text)
    assert spreadsheet_original(safe) == text
    for part in re.split("[\r\n\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]", safe):
        assert part.lstrip()[:1] not in set("=+-@\uff1d\uff0b\uff0d\uff20")
