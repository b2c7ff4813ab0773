"""Text of the About page, built from data/README.md and the loaded record."""

from __future__ import annotations

import hashlib

import pandas as pd

from dashboard.core import paths
from dashboard.core.incidents import resolve_incidents_path


def data_version(path=None) -> str:
    """Short content hash of the incident file: changes whenever any record changes."""
    resolved = resolve_incidents_path(path)
    try:
        return hashlib.sha256(resolved.read_bytes()).hexdigest()[:12]
    except OSError:
        return "unavailable"


def about_markdown(incidents: pd.DataFrame) -> str:
    """The About page: live figures of the loaded record, then the dataset's README."""
    if len(incidents):
        span = f"{incidents['date'].min():%Y-%m-%d} to {incidents['date'].max():%Y-%m-%d}"
        sources = sum(len(s or []) for s in incidents["sources"])
        header = (f"**This record:** {len(incidents)} incidents from {span}, citing {sources} sources. "
                  f"Data version `{data_version()}` (content hash of `{resolve_incidents_path().name}`).\n\n")
    else:
        header = "**This record holds no valid incidents.**\n\n"
    readme = paths.DATA_DIR.joinpath("README.md")
    body = readme.read_text(encoding="utf-8") if readme.exists() else "The dataset README is missing."
    return header + body
