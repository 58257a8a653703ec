"""Printed forms: one document model shared by the receipt, PDF and on-screen renderers."""
