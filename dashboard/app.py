"""Entry point: page configuration, navigation and the shared filter sidebar."""

import streamlit as st

from dashboard.components.context import PAGES_DIR, build_view, render_footer

st.set_page_config(page_title="Red Sea Incident Dashboard", page_icon="⚓", layout="wide",
                   initial_sidebar_state="expanded")
navigation = st.navigation([
    st.Page(PAGES_DIR / "overview.py", title="Overview", icon=":material/map:", url_path="overview", default=True),
    st.Page(PAGES_DIR / "incidents.py", title="Incidents", icon=":material/table_rows:", url_path="incidents"),
    st.Page(PAGES_DIR / "analysis.py", title="Analysis", icon=":material/bar_chart:", url_path="analysis"),
    st.Page(PAGES_DIR / "geography.py", title="Threat range & routes", icon=":material/radar:", url_path="geography"),
    st.Page(PAGES_DIR / "imports.py", title="Import records", icon=":material/upload_file:", url_path="import"),
    st.Page(PAGES_DIR / "about.py", title="About the data", icon=":material/info:", url_path="about"),
])
build_view()
navigation.run()
render_footer()
