"""Locations of the project's bundled files, resolved from this module's path."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
INCIDENTS_FILE = DATA_DIR / "incidents.geojson"
EVENTS_FILE = DATA_DIR / "events.csv"
PLACES_FILE = DATA_DIR / "places.csv"
# Where the map writes country, sea and strait names (ports and towns come from places.csv).
MAP_LABELS_FILE = DATA_DIR / "map_labels.csv"
AREAS_FILE = DATA_DIR / "areas.geojson"
BASEMAP_DIR = DATA_DIR / "basemap"
LAND_FILE = BASEMAP_DIR / "land.geojson"
BORDERS_FILE = BASEMAP_DIR / "borders.geojson"
# A copy of the basemap that Streamlit serves as static files, so the browser fetches it once
# instead of receiving it inside every map figure (rebuilt with data/basemap by scripts/build_basemap.py).
STATIC_BASEMAP_DIR = PROJECT_ROOT / "dashboard" / "static" / "basemap"
STATIC_BASEMAP_URL = "app/static/basemap"
HOUTHI_COAST_FILE = DATA_DIR / "houthi_coast.geojson"
SHIPPING_LANES_FILE = DATA_DIR / "shipping_lanes.geojson"
VESSELS_FILE = DATA_DIR / "vessels.csv"
