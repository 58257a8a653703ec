"""station_app/domain."""
