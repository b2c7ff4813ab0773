"""Import: upload another incident record (ASAM, Crime at Sea, ACLED, any CSV/Excel/GeoJSON) for this session."""

from dataclasses import replace
from functools import partial

import pandas as pd
import streamlit as st

from dashboard.components.context import current_view
from dashboard.components.data import load_reference_areas
from dashboard.components.imports import (
    SHOW_KEY,
    ImportedLayer,
    held_bytes,
    imported_layer,
    matched_records,
    store_imported_layer,
)
from dashboard.core import style
from dashboard.core.importing import (
    FORMATS,
    GENERIC_FIELDS,
    LINK_DAYS,
    LINK_KM,
    MAPPED_FORMAT_CODES,
    ColumnMappingError,
    ImportFormatError,
    ImportLimitError,
    ReadLimits,
    import_file,
    imported_to_geojson_bytes,
    link_duplicates,
    parse_field_mapping,
)
from dashboard.core.importing.layer import prepare_imported
from dashboard.core.text import markdown_text, table_text

# What one visitor's upload may expand to: enough for decades of piracy reports, bounded for a shared
# server. The memory estimate covers everything the session holds, so a layer already imported counts.
SESSION_MEMORY_BYTES = 320_000_000
UNPACKED_EXCEL_BYTES = 100_000_000
UPLOAD_LIMITS = ReadLimits(
    max_rows=200_000,
    max_columns=200,
    max_cells=750_000,
    max_expanded_bytes=UNPACKED_EXCEL_BYTES,
    max_memory_bytes=SESSION_MEMORY_BYTES,
    max_seconds=60,
)
LIMIT_WORDS = {
    "rows": f"{UPLOAD_LIMITS.max_rows:,} rows",
    "columns": f"{UPLOAD_LIMITS.max_columns:,} columns",
    "cells": f"{UPLOAD_LIMITS.max_cells:,} cells",
    "expanded size": f"{UNPACKED_EXCEL_BYTES // 1_000_000:,} MB once unpacked (Excel)",
    "memory": f"about {SESSION_MEMORY_BYTES // 1_000_000:,} MB of memory for your session",
    "time": f"{UPLOAD_LIMITS.max_seconds:g} seconds of reading",
}
FORMAT_LABELS = {
    "asam": "NGA ASAM export (CSV)",
    "crimeatsea": "Crime at Sea (pirate_attacks.csv)",
    "acled": "ACLED export (CSV)",
    "csv": "Other CSV (column mapping)",
    "excel": "Excel .xlsx (column mapping)",
    "geojson": "GeoJSON (column mapping)",
}
MATCH_LABELS = {
    "imported_id": "Imported record",
    "curated_id": "Nearest curated incident",
    "days_apart": "Days apart",
    "km_apart": "km apart",
    "other_candidates": "Other curated incidents near",
}


def _mapping_message(error: ColumnMappingError) -> str:
    entry = markdown_text(error.entry or "", 120)
    if error.reason == "not a pair":
        return (
            f"The column mapping line “{entry}” does not say which column holds which field. "
            "Write one `field=column` a line, for example `date=Event date`."
        )
    if error.reason == "lat without lon":
        return "The column mapping names only one of `lat` and `lon`: give both, or neither."
    return (
        f"The column mapping line “{entry}” names a field this dashboard does not know. "
        f"Fields you can map: {', '.join(f'`{name}`' for name in GENERIC_FIELDS)}."
    )


def _limit_message(file_name: str, error: ImportLimitError, held: int) -> str:
    detail = markdown_text(str(error), 300)
    message = (
        f"**{markdown_text(file_name, 200)}** was not imported: it goes beyond the upload limit of "
        f"**{LIMIT_WORDS[error.limit]}**. In this file, {detail}."
    )
    if error.limit == "memory" and held:
        message += " The records you imported before count towards it: remove them first, then import again."
    elif error.limit != "memory":
        message += " Import the file in smaller parts, or keep only the columns you need."
    return message


def _imported_geojson_bytes(records: pd.DataFrame) -> bytes:
    """The imported layer as GeoJSON (dates as YYYY-MM-DD), built when the download is clicked."""
    return imported_to_geojson_bytes(
        records.drop(columns="geometry").assign(date=records["date"].dt.strftime("%Y-%m-%d"))
    )


def _run_import(uploaded, format_code: str, mapping_text: str) -> None:
    data = uploaded.getvalue()
    limit_mb = st.get_option("server.maxUploadSize")
    if len(data) > limit_mb * 1024 * 1024:
        st.error(f"The file is larger than the {limit_mb} MB upload limit.")
        return
    try:
        mapping = parse_field_mapping(mapping_text.splitlines())
    except ColumnMappingError as error:
        st.error(_mapping_message(error))
        return
    held = held_bytes(imported_layer())
    limits = replace(UPLOAD_LIMITS, max_memory_bytes=max(SESSION_MEMORY_BYTES - held, 1))
    progress = st.progress(0.0, text="Reading ...")
    try:
        records, report = import_file(
            format_code,
            data,
            mapping=mapping,
            limits=limits,
            progress=lambda done, total: progress.progress(min(done / max(total, 1), 1.0), text=f"{done:,} rows"),
        )
    except ImportLimitError as error:
        progress.empty()
        st.error(_limit_message(uploaded.name, error, held))
        return
    except ColumnMappingError as error:
        progress.empty()
        st.error(_mapping_message(error))
        return
    except ImportFormatError as error:
        progress.empty()
        st.error(f"**{markdown_text(uploaded.name, 200)}** could not be imported: {markdown_text(str(error), 600)}")
        return
    progress.empty()
    view = current_view()
    prepared = prepare_imported(records, load_reference_areas())
    links = link_duplicates(view.incidents, prepared)
    store_imported_layer(ImportedLayer(uploaded.name, format_code, prepared, report, links))


view = current_view()
st.title("Import other incident records")
st.markdown(
    "Bring another record into this session to compare it with the curated one, for example NGA's Anti-Shipping "
    "Activity Messages or the *Crime at Sea* database of Somali-era piracy. Imported records stay in your browser "
    "session only: nobody else sees them and nothing is written to the server's data. The same filters apply to "
    "them, and they appear as their own layer on the Overview map and timeline (larger markers in the imported "
    "colour, with a legend entry)."
)
left, right = st.columns([1, 2])
format_code = left.selectbox("Format", list(FORMAT_LABELS), format_func=FORMAT_LABELS.__getitem__, key="import_format")
uploaded = right.file_uploader(
    "File",
    type=["csv", "txt", "xlsx", "geojson", "json"],
    key="import_file",
    help=f"At most {st.get_option('server.maxUploadSize')} MB, and at most " + ", ".join(LIMIT_WORDS.values()) + ".",
)
mapping_text = ""
if format_code in MAPPED_FORMAT_CODES:
    mapping_text = st.text_area(
        "Column mapping (optional, one `field=column` a line; common names are recognised on their own)",
        key="import_mapping",
        placeholder="date=Event date\nlat=Latitude\nlon=Longitude\nvessel_name=Ship",
        max_chars=4000,
    )
# Never disabled: a button waiting for an upload the server has not (yet) received gave no hint of why.
if st.button("Import", key="import_run", type="primary"):
    if uploaded is None or format_code is None:
        st.warning(
            "Choose a file first. If you just chose one, wait until it shows above with its size, "
            "then press Import again."
        )
    else:
        _run_import(uploaded, format_code, mapping_text)

layer = imported_layer()
if layer is not None:
    report = layer.report
    st.subheader(f"{markdown_text(layer.file_name, 120)} · {FORMATS[layer.format_code].name}", anchor=False)
    matches = matched_records(layer)
    columns = st.columns(3)
    columns[0].metric("Rows read", f"{report.rows_read:,}", help="Data rows in the file (the header not counted).")
    columns[1].metric(
        "Rejected",
        f"{len(report.rejected):,}",
        help="Rows that could not become a record; the reasons are listed below.",
    )
    columns[2].metric(
        "Repeats merged",
        f"{report.duplicates_merged:,}",
        help="Rows of the file repeating an earlier row (same reference, or identical): merged into the first copy.",
    )
    columns = st.columns(3)
    columns[0].metric("Imported", f"{report.imported:,}", help="Records made from the file's rows.")
    columns[1].metric(
        "Match curated",
        f"{len(matches):,}",
        help=f"Imported records within {LINK_DAYS} day and {LINK_KM} km of at least one curated "
        "incident, counted once each. They are left off the imported layer so that no event "
        "is drawn twice.",
    )
    columns[2].metric(
        "On the layer",
        f"{report.imported - len(matches):,}",
        help="Imported records drawn on the Overview map and timeline (before the sidebar's "
        "filters): imported minus those matching a curated incident.",
    )
    for note in report.notes:
        st.caption(markdown_text(note, 400))
    groups = report.rejected_by_reason()
    if groups:
        with st.expander(f"Rejected rows, by reason ({len(report.rejected)})", expanded=True):
            st.markdown(
                "\n".join(
                    f"- **{markdown_text(group.reason, 200)}** ({group.count}): "
                    + "; ".join(f"line {line}: {markdown_text(detail, 160)}" for line, detail in group.examples)
                    for group in groups
                )
            )
    attribution = FORMATS[layer.format_code].attribution
    if attribution:
        st.info(markdown_text(attribution, 600))
    st.toggle(
        "Show the imported records on the map and timeline",
        value=True,
        key=SHOW_KEY,
        help=f"Drawn in the imported colour ({style.IMPORTED_COLOUR}), larger than the curated markers, "
        "as “Imported records” in the map's legend.",
    )
    if len(matches):
        st.markdown(
            f"**{len(matches):,} imported record(s) match a curated incident** (within {LINK_DAYS} day "
            f"and {LINK_KM} km). Each is listed once, with the nearest curated incident; they are linked, "
            "not counted twice, and left off the imported layer:"
        )
        st.dataframe(table_text(matches.rename(columns=MATCH_LABELS)), hide_index=True, key="import_links")
    st.download_button(
        "Download the imported records (GeoJSON)",
        data=partial(_imported_geojson_bytes, layer.records),
        file_name="imported-records.geojson",
        mime="application/geo+json",
        key="import_download",
        on_click="ignore",
    )
    if st.button("Remove the imported records", key="import_clear"):
        store_imported_layer(None)
        st.rerun()
