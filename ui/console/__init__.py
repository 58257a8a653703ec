"""The call center console: dispatch board, next-day audit with callback and scoring, reports."""
