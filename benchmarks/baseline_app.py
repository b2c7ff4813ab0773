"""A naive baseline dashboard (the common Streamlit pattern) that the benchmarks compare the project with.

Deliberately unoptimised, as many tutorial apps are: the file is read on every run, the map carries
per-point hover text, and the CSV download is built on every run. Run it with
`INCIDENTS_FILE=... streamlit run benchmarks/baseline_app.py`.
"""

import os

import geopandas as gpd
import pandas as pd
import plotly.express as px
import streamlit as st

st.set_page_config(page_title="Baseline incident map", layout="wide")

path = os.environ["INCIDENTS_FILE"]
incidents = gpd.read_parquet(path) if path.endswith((".parquet", ".geoparquet")) else gpd.read_file(path)
incidents["lon"] = incidents.geometry.x
incidents["lat"] = incidents.geometry.y
incidents["date"] = pd.to_datetime(incidents["date"])

categories = sorted(incidents["category"].unique())
first, last = incidents["date"].min().date(), incidents["date"].max().date()
chosen = st.sidebar.multiselect("Category", categories, key="b_categories", placeholder="All")
start, end = st.sidebar.slider("Dates", min_value=first, max_value=last, value=(first, last), key="b_dates")

shown = incidents[incidents["date"].between(pd.Timestamp(start), pd.Timestamp(end))]
if chosen:
    shown = shown[shown["category"].isin(chosen)]

st.title("Red Sea incidents (baseline)")
st.metric("Incidents", len(shown))
figure = px.scatter_map(
    shown,
    lat="lat",
    lon="lon",
    color="category",
    hover_name="vessel_name",
    hover_data={"date": True, "category": True, "summary": True, "lat": False, "lon": False},
    map_style="white-bg",
    zoom=3.6,
    center={"lat": 16.5, "lon": 45.0},
    height=560,
)
st.plotly_chart(figure, key="b_map")
st.download_button(
    "Download CSV",
    shown.drop(columns="geometry").to_csv(index=False),
    "incidents.csv",
    mime="text/csv",
    key="b_download",
)
