"""Text of the About page, the record's completeness date and the deployer's links (report, project)."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from dashboard.core import paths
from dashboard.core.reading import resolve_incidents_path
from dashboard.core.style import long_date
from dashboard.core.text import markdown_link, safe_url

# Deployer settings (environment variables): where readers report errors, and where the project lives.
REPORT_URL_SETTING = "REPORT_URL"
PROJECT_URL_SETTING = "PROJECT_URL"
_COMPLETENESS = re.compile(r"Completeness date:\s*(\d{4}-\d{2}-\d{2})")
CITATION = "Red Sea Incident Dashboard contributors"


def data_version(path=None) -> str:
    """Short content hash of the incident file: changes whenever any record changes."""
    resolved = resolve_incidents_path(path)
    try:
        return hashlib.sha256(resolved.read_bytes()).hexdigest()[:12]
    except OSError:
        return "unavailable"


def readme_completeness_date(readme: Path = paths.DATA_DIR / "README.md") -> date | None:
    """The completeness date written in the dataset README ("Completeness date: YYYY-MM-DD"), if any."""
    try:
        match = _COMPLETENESS.search(readme.read_text(encoding="utf-8"))
    except OSError:
        return None
    return date.fromisoformat(match.group(1)) if match else None


def completeness_date(incidents: pd.DataFrame, incidents_path: Path | None = None) -> date | None:
    """The last day the record covers: charts end here, never at the server's clock.

    The bundled record's date is written in data/README.md; another record (INCIDENTS_FILE) is taken to
    cover up to its latest incident.
    """
    resolved = incidents_path or resolve_incidents_path()
    if resolved.resolve() == paths.INCIDENTS_FILE.resolve():
        written = readme_completeness_date()
        if written is not None:
            return written
    if incidents.empty:
        return None
    return pd.Timestamp(incidents["date"].max()).date()


def configured_url(setting: str, environ: Mapping[str, str] | None = None) -> str | None:
    """A deployer's http(s) URL from the environment, or None when unset or not a web address."""
    value = (os.environ if environ is None else environ).get(setting, "")
    return safe_url(value) if value.strip() else None


def report_link(incident_id: str | None = None, environ: Mapping[str, str] | None = None) -> str | None:
    """The URL a reader follows to report an error, prefilled with the incident id when given.

    `REPORT_URL` may contain `{incident}` (replaced by the id); otherwise a GitHub-style `title`
    parameter is added (an issue form on GitHub or GitLab opens with that title).
    """
    base = configured_url(REPORT_URL_SETTING, environ)
    if base is None or not incident_id:
        return base
    if "{incident}" in base or "%7Bincident%7D" in base:
        return base.replace("%7Bincident%7D", quote(incident_id)).replace("{incident}", quote(incident_id))
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}title={quote(f'Correction to {incident_id}')}"


def where_to_report(environ: Mapping[str, str] | None = None) -> str:
    """One Markdown sentence telling readers how to report an error (a link when one is configured)."""
    link = report_link(None, environ)
    if link:
        return (
            f"Found an error? {markdown_link(link, 'Report it here')} with the incident id (shown on its card), "
            "what is wrong and a source. Each incident card has a prefilled link."
        )
    project = configured_url(PROJECT_URL_SETTING, environ)
    if project:
        return (
            f"Found an error? Open an issue in the {markdown_link(project, 'project repository')} with the "
            "incident id, what is wrong and a source."
        )
    return (
        "Found an error? This copy of the dashboard has no report address configured: tell whoever runs it, "
        "or open an issue in the Red Sea Incident Dashboard's source repository, with the incident id, "
        "what is wrong and a source."
    )


def about_markdown(incidents: pd.DataFrame, environ: Mapping[str, str] | None = None) -> str:
    """The About page for readers: what, where from, up to when, licence, how to cite, how to report."""
    complete = completeness_date(incidents)
    if len(incidents):
        first, last = incidents["date"].min(), incidents["date"].max()
        sources = sum(len(s or []) for s in incidents["sources"])
        scope = f"**{len(incidents):,} incidents** from {long_date(first)} to {long_date(last)}"
        scope += f", citing {sources:,} sources"
    else:
        scope = "No valid incidents in this record"
    up_to = f"Covered up to **{long_date(complete)}**; later events are not in it." if complete else ""
    project = configured_url(PROJECT_URL_SETTING, environ)
    details = (
        f"the dataset's README ({markdown_link(project.rstrip('/') + '/blob/main/data/README.md', 'data/README.md')})"
        if project
        else "`data/README.md` in the source"
    )
    return "\n\n".join(
        part
        for part in (
            "**What this is.** A curated record of attacks, hijackings, sinkings, boarding attempts and suspicious "
            "approaches against merchant ships, fishing vessels and dhows in the Red Sea, the Bab el-Mandeb, the Gulf "
            "of Aden and nearby waters: the Houthi campaign from November 2023, piracy in the same waters, and the "
            "2026 attacks near Hormuz.",
            f"**This record.** {scope}. {up_to} Data version `{data_version()}`.",
            "**Where it comes from.** Every incident cites the public sources it was built from: UKMTO and JMIC "
            "notices, CENTCOM, EU Aspides and EUNAVFOR statements, ship operators, news agencies and the trade press. "
            "Claims by the attackers are kept apart from confirmations, and each position says how it was obtained "
            "(reported coordinates, a distance and bearing from a named place, or only the area).",
            "**Licence and how to cite.** The dataset is "
            '[CC BY 4.0](https://creativecommons.org/licenses/by/4.0/): cite "'
            + CITATION
            + f', Red Sea Incident Dashboard, data version {data_version()}" and the date you used it. '
            "The code is MIT. The basemap is [Natural Earth](https://www.naturalearthdata.com/) (public domain).",
            f"**Report an error.** {where_to_report(environ)}",
            f"**For data users.** The schema, the curation rules, the known gaps and the command line are described in "
            f"{details} (shown below).",
        )
        if part
    )


def dataset_readme() -> str:
    """The dataset README (schema, curation rules, known gaps) for readers who want the details."""
    readme = paths.DATA_DIR / "README.md"
    if not readme.exists():
        return "The dataset README is missing."
    # Its headings sit under the page's own title: two levels down ("# x" becomes "### x").
    return re.sub(r"^(#{1,4}) ", r"##\1 ", readme.read_text(encoding="utf-8"), flags=re.MULTILINE)
