"""`station-app demo`: the embedded call center, the scenario, its actors and the summary."""
