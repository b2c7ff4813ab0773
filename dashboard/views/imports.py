"""Import: upload another incident record (ASAM, Crime at Sea, ACLED, any CSV/Excel/GeoJSON) for this session."""

import streamlit as st

from dashboard.components.context import current_view
from dashboard.components.data import load_reference_areas
from dashboard.components.imports import SHOW_KEY, ImportedLayer, imported_layer, store_imported_layer
from dashboard.core.imported import prepare_imported
from dashboard.core.importing import (
    FORMATS,
    GENERIC_FIELDS,
    ColumnMappingError,
    ImportFormatError,
    import_file,
    imported_to_geojson_bytes,
    link_duplicates,
    parse_field_mapping,
)
from dashboard.core.text import escape_markdown, table_text

# Rows accepted from one upload: enough for decades of piracy reports, bounded for a shared server.
MAX_UPLOAD_ROWS = 200_000
KIND_LABELS = {
    "asam": "NGA ASAM export (CSV)",
    "crimeatsea": "Crime at Sea (pirate_attacks.csv)",
    "acled": "ACLED export (CSV)",
    "csv": "Other CSV (column mapping)",
    "excel": "Excel .xlsx (column mapping)",
    "geojson": "GeoJSON (column mapping)",
}


def _mapping_message(error: ColumnMappingError) -> str:
    entry = escape_markdown(error.entry or "", 120)
    if error.entry and "=" not in error.entry:
        return (f"The column mapping line “{entry}” does not say which column holds which field. "
                "Write one `field=column` a line, for example `date=Event date`.")
    return (f"The column mapping line “{entry}” names a field this dashboard does not know. "
            f"Fields you can map: {', '.join(f'`{name}`' for name in GENERIC_FIELDS)}.")


def _run_import(uploaded, kind: str, mapping_text: str) -> None:
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
    progress = st.progress(0.0, text="Reading ...")
    try:
        records, report = import_file(
            kind, data, mapping=mapping, max_rows=MAX_UPLOAD_ROWS,
            progress=lambda done, total: progress.progress(min(done / max(total, 1), 1.0), text=f"{done:,} rows"))
    except ImportFormatError as error:
        progress.empty()
        st.error(f"**{escape_markdown(uploaded.name, 200)}** could not be imported: {escape_markdown(str(error), 600)}")
        return
    progress.empty()
    view = current_view()
    prepared = prepare_imported(records, load_reference_areas())
    links = link_duplicates(view.incidents, prepared)
    store_imported_layer(ImportedLayer(uploaded.name, kind, prepared, report, links))


view = current_view()
st.title("Import other incident records")
st.markdown(
    "Bring another record into this session to compare it with the curated one, for example NGA's Anti-Shipping "
    "Activity Messages or the *Crime at Sea* database of Somali-era piracy. Imported records stay in your browser "
    "session only: nobody else sees them and nothing is written to the server's data. The same filters apply to "
    "them, and they appear as a grey layer on the Overview map and timeline."
)
left, right = st.columns([1, 2])
kind = left.selectbox("Format", list(KIND_LABELS), format_func=KIND_LABELS.get, key="import_kind")
uploaded = right.file_uploader("File", type=["csv", "txt", "xlsx", "geojson", "json"], key="import_file",
                               help=f"At most {st.get_option('server.maxUploadSize')} MB and "
                                    f"{MAX_UPLOAD_ROWS:,} rows.")
mapping_text = ""
if kind in ("csv", "excel", "geojson"):
    mapping_text = st.text_area(
        "Column mapping (optional, one `field=column` a line; common names are recognised on their own)",
        key="import_mapping", placeholder="date=Event date\nlat=Latitude\nlon=Longitude\nvessel_name=Ship",
        max_chars=4000)
if st.button("Import", key="import_run", type="primary", disabled=uploaded is None):
    _run_import(uploaded, kind, mapping_text)

layer = imported_layer()
if layer is not None:
    report = layer.report
    st.subheader(f"{escape_markdown(layer.file_name, 120)} · {FORMATS[layer.kind].name}", anchor=False)
    columns = st.columns(4)
    columns[0].metric("Rows read", f"{report.rows_read:,}")
    columns[1].metric("Imported", f"{report.imported:,}")
    columns[2].metric("Rejected", f"{len(report.rejected):,}")
    columns[3].metric("Duplicates merged", f"{report.duplicates_merged:,}")
    for note in report.notes:
        st.caption(escape_markdown(note, 400))
    groups = report.rejected_by_reason()
    if groups:
        with st.expander(f"Rejected rows, by reason ({len(report.rejected)})", expanded=True):
            st.markdown("\n".join(
                f"- **{escape_markdown(group.reason, 200)}** ({group.count}): " + "; ".join(
                    f"line {line}: {escape_markdown(detail, 160)}" for line, detail in group.examples)
                for group in groups))
    attribution = FORMATS[layer.kind].attribution
    if attribution:
        st.info(escape_markdown(attribution, 600))
    st.toggle("Show the imported records on the map and timeline", value=True, key=SHOW_KEY)
    if len(layer.links):
        st.markdown(f"**{len(layer.links)} imported record(s) match a curated incident** (within 1 day and "
                    "50 km); they are linked, not counted twice, and left off the imported layer:")
        st.dataframe(table_text(layer.links), hide_index=True, key="import_links")
    st.download_button("Download the imported records (GeoJSON)", data=lambda: imported_to_geojson_bytes(
        layer.records.drop(columns="geometry").assign(date=layer.records["date"].dt.strftime("%Y-%m-%d"))),
        file_name="imported-records.geojson", mime="application/geo+json", key="import_download", on_click="ignore")
    if st.button("Remove the imported records", key="import_clear"):
        store_imported_layer(None)
        st.rerun()
