"""The per-station report as rows of text (shared by the table on screen and the CSV export),
and the CSV file itself: UTF-8 with a BOM so Excel opens the Chinese correctly."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from station_app import console_wire

COLUMNS = ("station_code", "station_name", "orders", "contact_sla_met_pct",
           "completion_sla_met_pct", "callback_sla_met_pct", "mean_satisfaction", "closed_pct",
           "reopened_pct", "closed_without_callback", "urges")


def headers() -> list[str]:
    return [QCoreApplication.translate("ReportTable", "Station code"),
            QCoreApplication.translate("ReportTable", "Station"),
            QCoreApplication.translate("ReportTable", "Orders"),
            QCoreApplication.translate("ReportTable", "Contact SLA met %"),
            QCoreApplication.translate("ReportTable", "Completion SLA met %"),
            QCoreApplication.translate("ReportTable", "Callback SLA met %"),
            QCoreApplication.translate("ReportTable", "Mean satisfaction"),
            QCoreApplication.translate("ReportTable", "Closed %"),
            QCoreApplication.translate("ReportTable", "Reopened %"),
            QCoreApplication.translate("ReportTable", "Closed without callback"),
            QCoreApplication.translate("ReportTable", "Urges")]


def cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return str(value)


def rows(report: console_wire.StationsReport) -> list[list[str]]:
    return [[cell(getattr(s, c)) for c in COLUMNS] for s in report.stations]


def write_csv(path: Path, head: Sequence[str], body: Sequence[Sequence[str]]) -> Path:
    """Write atomically: a half-written report never replaces a good one."""
    tmp = path.with_name(path.name + ".part")
    with tmp.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(head)
        writer.writerows(["" if v == "—" else v for v in r] for r in body)
    tmp.replace(path)
    return path
