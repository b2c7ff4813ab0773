"""Geography helpers."""
GEOGRAPHY_BOUNDS = (30.0, 5.0, 60.0, 32.0)
