"""Entry point: page configuration, navigation and the shared filter sidebar."""

import streamlit as st

from dashboard.components.context import PAGES_DIR, build_view, render_footer
from dashboard.components.layout import apply_page_layout
from dashboard.components.share import render_copy_link
from dashboard.components.upload_replies import keep_upload_replies_across_reruns

keep_upload_replies_across_reruns()
st.set_page_config(page_title="Red Sea Incident Dashboard", page_icon="⚓", layout="wide", initial_sidebar_state="auto")
overview = st.Page(PAGES_DIR / "overview.py", title="Overview", icon=":material/map:", url_path="overview")


def _open_overview() -> None:
    # Streamlit serves its default page only at "/", so "/overview" would not be found if the Overview were
    # the default: the root opens the Overview instead, keeping the query.
    st.switch_page(overview, query_params=st.query_params.to_dict())


navigation = st.navigation(
    [
        overview,
        st.Page(PAGES_DIR / "incidents.py", title="Incidents", icon=":material/table_rows:", url_path="incidents"),
        st.Page(PAGES_DIR / "ship.py", title="Ships", icon=":material/directions_boat:", url_path="ship"),
        st.Page(PAGES_DIR / "analysis.py", title="Analysis", icon=":material/bar_chart:", url_path="analysis"),
        st.Page(
            PAGES_DIR / "geography.py", title="Threat range & routes", icon=":material/radar:", url_path="geography"
        ),
        st.Page(PAGES_DIR / "imports.py", title="Import records", icon=":material/upload_file:", url_path="import"),
        st.Page(PAGES_DIR / "about.py", title="About the data", icon=":material/info:", url_path="about"),
        st.Page(_open_overview, title="Overview", url_path="home", visibility="hidden", default=True),
    ]
)
apply_page_layout()
build_view(navigation.url_path)
navigation.run()
render_copy_link(navigation.url_path)
render_footer()
