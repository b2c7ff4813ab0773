"""About the data: what, where from, up to when, licence, how to cite, how to report an error."""

import streamlit as st

from dashboard.components.context import current_dataset
from dashboard.core.about import about_markdown, dataset_readme

st.title("About the data")
dataset = current_dataset()
st.markdown(about_markdown(dataset.incidents))
with st.expander("Schema, curation rules and known gaps (the dataset's README)"):
    st.markdown(dataset_readme())
