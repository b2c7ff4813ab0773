"""What a reader sees of Markdown made by `dashboard.core.text`: escapes, entities and word joiners removed."""

import re


def shown_text(markdown: str) -> str:
    """The characters Streamlit shows for escaped Markdown (AppTest gives the Markdown source)."""
    text = re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
