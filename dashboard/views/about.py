"""About the data: coverage, completeness, curation rules, sources, licence, corrections."""

import streamlit as st

from dashboard.components.context import current_dataset
from dashboard.core.about import about_markdown

st.title("About the data")
dataset = current_dataset()
st.markdown(about_markdown(dataset.incidents))
