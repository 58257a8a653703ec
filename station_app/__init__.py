"""station_app."""
