"""Untrusted text made inert for each place it is shown: Markdown, plain text, Plotly, tables, spreadsheets.

Record and upload text reaches the reader only through these functions, one per context:

- `markdown_text` for anything Streamlit renders as Markdown (st.markdown, st.caption, headings, alerts,
  expander labels): no link, image, HTML, emphasis, colour, icon, math or block structure survives;
- `plain_text` for contexts that never interpret markup (dataframe cells, widget options);
- `plotly_text` for Plotly hover text, trace names, tick labels and bar labels (Plotly reads a subset of HTML);
- `table_text` for a DataFrame shown with st.dataframe;
- `spreadsheet_text` for every text cell written to a CSV or Excel file (formula injection).

Only `markdown_link` makes a link, and only to an http(s) address.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

import pandas as pd

# Bidirectional overrides and isolates can reorder the text around them; zero-width characters hide text.
_INVISIBLE_CONTROLS = re.compile(
    "[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]"
)
# Every ASCII punctuation character except & < > (which become entities): CommonMark renders a backslash-escaped
# punctuation character literally, so no emphasis, link, image, heading, list, table, strikethrough, math ($),
# directive (:red[...]) or setext underline can start from record text.
_MARKDOWN_PUNCTUATION = re.compile(r"""([!"#$%'()*+,\-./:;=?@\[\\\]^_`{|}~])""")
# Streamlit's Markdown also changes text after parsing, where backslash escapes no longer exist: GFM turns
# bare http(s)://, www. and e-mail addresses into links, and ":name:" / ":material/name:" become emoji and
# icons. A WORD JOINER (U+2060, invisible, no line break) placed inside each pattern keeps it plain text.
_WORD_JOINER = "\u2060"
_AUTO_CONVERTED = re.compile(r"(?<=:)(?=//|[A-Za-z])|(?<=@)(?=[\w-])|(?i:(?<=www))(?=\.)")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_SPECIALS = re.compile("[&<>]")
DISPLAY_LIMIT = 2000
PLOTLY_LIMIT = 200
TABLE_LIMIT = 300
# Spreadsheet programs run a cell starting with one of these as a formula (after any leading whitespace);
# the full-width forms are read as formulas by some of them too.
_FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
# A formula can also start after a line break or tab inside a cell: a reader that splits on them, or a copy and
# paste into another sheet, makes that text the start of a cell.
_CELL_BREAKS = re.compile("([\r\n\t\u000b\u000c\u001c-\u001e\u0085\u2028\u2029])")


def plain_text(value: object, limit: int = DISPLAY_LIMIT) -> str:
    """Text for contexts that show characters as they are (dataframe cells, widget options).

    Removes invisible and bidirectional control characters and cuts the text to `limit` characters.

    Parameters
    ----------
    value : object
        Any value; None becomes "".
    limit : int
        Longest text kept; longer text ends in "…".
    """
    text = "" if value is None else str(value)
    text = _INVISIBLE_CONTROLS.sub("", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def markdown_text(value: object, limit: int = DISPLAY_LIMIT, *, one_line: bool = False) -> str:
    """Text that Streamlit's Markdown shows literally, character for character.

    Parameters
    ----------
    value : object
        Untrusted text.
    limit : int
        Longest text kept (before escaping).
    one_line : bool
        Join all lines with spaces (headings, table cells, list items); otherwise each line break is kept as
        a hard line break and blank lines are dropped, so the text stays one paragraph.
    """
    text = plain_text(value, limit)
    lines = [" ".join(text.split())] if one_line else [" ".join(line.split()) for line in text.splitlines()]
    escaped = [_escape_markdown_line(line) for line in lines if line]
    return "  \n".join(escaped)


def _escape_markdown_line(line: str) -> str:
    line = _AUTO_CONVERTED.sub(_WORD_JOINER, line)
    line = _MARKDOWN_PUNCTUATION.sub(r"\\\1", line)
    return _HTML_SPECIALS.sub(lambda match: _ENTITIES[match.group()], line)


def plotly_text(value: object, limit: int = PLOTLY_LIMIT) -> str:
    """Text that Plotly shows literally in hover labels, trace names and axis ticks.

    Plotly reads `<a href>`, `<span style>`, `<b>`, `<br>` and entities in these places; escaping `&`, `<` and
    `>` makes it show them as characters. Line breaks become spaces (Plotly ignores them anyway).
    """
    text = " ".join(plain_text(value, limit).split())
    return _HTML_SPECIALS.sub(lambda match: _ENTITIES[match.group()], text)


def table_text(frame: pd.DataFrame, limit: int = TABLE_LIMIT) -> pd.DataFrame:
    """A copy of `frame` for st.dataframe with every text cell passed through `plain_text`."""
    shown = frame.copy()
    for column in shown.columns:
        if shown[column].dtype == object or isinstance(shown[column].dtype, pd.StringDtype):
            shown[column] = shown[column].map(
                lambda v: plain_text(v, limit) if isinstance(v, str) else v, na_action="ignore"
            )
    return shown


def spreadsheet_text(value: str) -> str:
    """A text cell that no spreadsheet program runs as a formula.

    Every part of the cell that starts the cell or follows a line break or tab gets a leading `'` when, after
    any whitespace, it starts with `=`, `+`, `-`, `@` (or their full-width forms) or with `'` itself. The rule is
    reversible: `spreadsheet_original` removes exactly what was added.
    """
    parts = _CELL_BREAKS.split(value)
    # split() with a group alternates text and separators: the text parts are at even positions.
    parts[::2] = ["'" + part if _needs_quote(part) else part for part in parts[::2]]
    return "".join(parts)


def spreadsheet_original(value: str) -> str:
    """The text `spreadsheet_text` was given (reads a cell of an exported file back)."""
    parts = _CELL_BREAKS.split(value)
    parts[::2] = [part[1:] if part.startswith("'") else part for part in parts[::2]]
    return "".join(parts)


def _needs_quote(part: str) -> bool:
    start = part.lstrip()[:1]
    return start in _FORMULA_STARTS or start == "'"


def safe_url(url: object) -> str | None:
    """Return the URL if it is a plain http(s) address, percent-encoding characters Markdown would misread."""
    if not isinstance(url, str):
        return None
    candidate = url.strip()
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or _INVISIBLE_CONTROLS.search(candidate):
        return None
    # Parentheses, brackets, spaces and backslashes are percent-encoded so the link target cannot end early.
    return quote(candidate, safe=":/?#@!$&'*+,;=%~-._")


def markdown_link(url: object, label: object) -> str:
    """A Markdown link for http(s) URLs; anything else becomes escaped plain text."""
    address = safe_url(url)
    shown = markdown_text(label or url, limit=200, one_line=True)
    if address is None:
        return f"{shown} (link removed: not an http or https address)"
    return f"[{shown}]({address})"


def markdown_table(rows: list[dict], columns: dict[str, str], *, links: dict[str, str] | None = None) -> str:
    """A Markdown table of untrusted rows: every cell escaped, one line per row.

    Parameters
    ----------
    rows : list of dict
        One dict per row.
    columns : dict
        Row key -> column heading, in display order.
    links : dict, optional
        Row key of a URL column -> the label its links show (unsafe URLs become plain text).
    """
    links = links or {}
    lines = [
        "| " + " | ".join(markdown_text(heading, limit=80, one_line=True) for heading in columns.values()) + " |",
        "|" + "---|" * len(columns),
    ]
    for row in rows:
        cells = []
        for key in columns:
            value = row.get(key)
            if key in links:
                cells.append(markdown_link(value, links[key]) if value else "")
            else:
                cells.append(markdown_text(value, limit=TABLE_LIMIT, one_line=True))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
