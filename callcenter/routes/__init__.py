"""The HTTP API v1, one module per area."""
