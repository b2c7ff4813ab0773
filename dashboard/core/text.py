"""Make untrusted text inert for display: Markdown escaping, safe links, control characters."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Bidirectional overrides and isolates can reorder the text around them; zero-width characters hide text.
_INVISIBLE_CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u0000-\u0008\u000b\u000c\u000e-\u001f]")
# Inline Markdown syntax; "!" only matters before "[" (images), which is escaped anyway.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#|~$])")
# Block syntax only matters at the start of a line: headings, quotes, lists.
# ("<" and ">" become entities, so a quote marker cannot survive.)
_LINE_START_MARKERS = re.compile(r"^(\s*)(?:([+\-=])|(\d+)([.)]))", re.MULTILINE)
DISPLAY_LIMIT = 2000


def clean_display_text(value: object, limit: int = DISPLAY_LIMIT) -> str:
    """Return text without invisible control characters, cut to `limit` characters."""
    text = "" if value is None else str(value)
    text = _INVISIBLE_CONTROLS.sub("", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def escape_markdown(value: object, limit: int = DISPLAY_LIMIT) -> str:
    """Escape text so Markdown renders it literally (no links, HTML, emphasis or math)."""
    text = clean_display_text(value, limit)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIALS.sub(r"\\\1", text)
    text = _LINE_START_MARKERS.sub(_escape_line_start, text)
    return text.replace("\n", "  \n")


def _escape_line_start(match: re.Match) -> str:
    indent, bullet, number, delimiter = match.groups()
    return f"{indent}\\{bullet}" if bullet else f"{indent}{number}\\{delimiter}"


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
    return quote(candidate, safe=":/?#@!$&'*+,;=%~-._")


def markdown_link(url: object, label: object) -> str:
    """A Markdown link for http(s) URLs; anything else becomes escaped plain text."""
    address = safe_url(url)
    shown = escape_markdown(label or url, limit=200)
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
    lines = ["| " + " | ".join(escape_markdown(heading, limit=80) for heading in columns.values()) + " |",
             "|" + "---|" * len(columns)]
    for row in rows:
        cells = []
        for key in columns:
            value = row.get(key)
            if key in links:
                cells.append(markdown_link(value, links[key]) if value else "")
            else:
                # A line break would end the table row.
                cells.append(escape_markdown(" ".join(str("" if value is None else value).split()), limit=300))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
