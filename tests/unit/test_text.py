"""Untrusted text made inert: Markdown escaping, safe links and Markdown tables."""

from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.text import escape_markdown, markdown_link, markdown_table


def test_markdown_table_escapes_cells_and_keeps_one_line_per_row():
    rows = [{"n": 1, "event": "Pipes | and\nnew lines *bold* <b>x</b>", "source": "https://example.org/a b"},
            {"n": 2, "event": None, "source": "javascript:alert(1)"},
            {"n": 3, "event": "No source", "source": ""}]
    table = markdown_table(rows, {"n": "No.", "event": "Event", "source": "Source"}, links={"source": "open"})
    lines = table.split("\n")
    assert len(lines) == 2 + len(rows)
    assert lines[0] == "| No. | Event | Source |"
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
    assert escape_markdown("[x](javascript:y)") == "\\[x\\]\\(javascript:y\\)"
