"""Pure core of the dashboard: schema, loading, validation, analysis and figures (no streamlit)."""
