"""The audited order: its flags, full timeline with corrected times, the completion report
(work, parts, fees, technician, distance) and the record of the station's printed forms."""

from __future__ import annotations

import html
from datetime import datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from station_app import console_wire, wire
from station_app.domain.events import EventType
from ui import labels
from ui.console import texts
from ui.console.timeline import CorrectedTimelineModel, entries
from ui.timeline import TimelineView


class AuditDetail(QWidget):
    def __init__(self, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditDetail")
        self._zone = zone
        self.header = QLabel(self)
        self.header.setObjectName("auditHeader")
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.header.setFont(font)
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.flags = QLabel(self)
        self.flags.setObjectName("auditFlags")
        self.flags.setStyleSheet("color: #c62828; font-weight: bold;")
        self.flags.setWordWrap(True)
        self.timeline = CorrectedTimelineModel(zone, self)
        self.timeline_view = TimelineView(self.timeline, self)
        self.report = QTextBrowser(self)
        self.report.setObjectName("completionReport")
        self.report.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.timeline_view)
        split.addWidget(self.report)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.flags)
        layout.addWidget(split, 1)

    def show_order(self, item: console_wire.AuditOrder | None) -> None:
        if item is None:
            self.header.setText("")
            self.flags.setText("")
            self.timeline.set_entries([])
            self.report.clear()
            return
        o = item.order
        status = labels.status(item.status)
        if item.close_date:
            status += " " + self.tr("(close date %1)").replace("%1", str(item.close_date))
        self.header.setText(f"{o.business_no} · {labels.kind(o.kind)} · {o.station_code} "
                            f"{item.station_name} · {status}")
        self.flags.setText(texts.flags_text(item.flags))
        self.timeline.set_entries(entries(item.events, item.late_event_ids))
        self.report.setHtml(self._report_html(item))

    def _report_html(self, item: console_wire.AuditOrder) -> str:
        e = html.escape
        o = item.order
        vehicle = " ".join(x for x in (o.vehicle.model, o.vehicle.plate or "",
                                       o.vehicle.vin or "") if x)
        statement, place, car = self.tr("Statement"), self.tr("Place"), self.tr("Vehicle")
        out = [f"<p><b>{e(statement)}</b>: {e(o.statement)}<br>"
               f"<b>{e(place)}</b>: {e(o.location)}<br>"
               f"<b>{e(car)}</b>: {e(vehicle)}</p>"]
        completed = next((ev for ev in reversed(item.events)
                          if ev.type is EventType.COMPLETED), None)
        heading, missing = self.tr("Completion report"), self.tr("No completion report")
        out.append(f"<h4>{e(heading)}</h4>")
        if completed is None:
            out.append(f"<p>{e(missing)}</p>")
        else:
            body = wire.CompletedPayload.model_validate(completed.payload)
            rows = [
                (self.tr("Work done"), body.work_done),
                (self.tr("Technicians"), "、".join(body.technicians)),
                (self.tr("Outside distance"), self.tr("%1 km").replace(
                    "%1", f"{body.outside_distance_km:g}")),
                (self.tr("Mileage / hours"), " / ".join(
                    f"{v:g}" for v in (body.mileage_km, body.machine_hours) if v is not None)),
                (self.tr("Fees in warranty"), texts.money(body.fees_in_warranty.total)),
                (self.tr("Fees out of warranty"), texts.money(body.fees_out_of_warranty.total)),
                (self.tr("Problem solved"), self.tr("yes") if body.resolved else self.tr("no")),
                (self.tr("Result"), body.result),
                (self.tr("Place of service"), self._place(body)),
            ]
            out.append("<table cellspacing=2>" + "".join(
                f"<tr><td><b>{e(k)}</b></td><td>{e(v)}</td></tr>" for k, v in rows if v)
                + "</table>")
            if body.parts:
                head = "".join(f"<th align=left>{e(h)}</th>" for h in (
                    self.tr("Part"), self.tr("Part no."), self.tr("Qty"),
                    self.tr("Warranty"), self.tr("Price")))
                inside, outside = self.tr("in"), self.tr("out")
                lines = "".join(
                    f"<tr><td>{e(p.name)}</td><td>{e(p.part_no)}</td><td>{p.quantity:g}</td>"
                    f"<td>{e(inside if p.in_warranty else outside)}</td>"
                    f"<td>{texts.money(p.price)}</td></tr>" for p in body.parts)
                out.append(f"<table cellspacing=4><tr>{head}</tr>{lines}</table>")
        out.extend(self._review_html(item))
        printed, none_printed = self.tr("Printed forms"), self.tr("No form printed")
        out.append(f"<h4>{e(printed)}</h4>")
        if not item.forms_printed:
            out.append(f"<p>{e(none_printed)}</p>")
        for ev in item.forms_printed:
            p = ev.payload
            copy = int(p.get("copy_number", 1))
            medium = "PDF" if p.get("medium") == "pdf" else self.tr("receipt")
            text = (f"{labels.form(p.get('form', ''))} · {medium} · "
                    + self.tr("copy %1").replace("%1", str(copy)) + " · "
                    + texts.corrected(ev).astimezone(self._zone).strftime("%m-%d %H:%M")
                    + f" · {ev.author}")
            out.append(f"<p>{e(text)}</p>")
        return "".join(out)

    def _place(self, body: wire.CompletedPayload) -> str:
        where = {"station": self.tr("at the station"), "on_site": self.tr("on site")}.get(
            body.service_place or "", "")
        return " · ".join(x for x in (where, body.service_address) if x)

    def _at(self, moment: datetime | None) -> str:
        return moment.astimezone(self._zone).strftime("%m-%d %H:%M") if moment else ""

    def _review_html(self, item: console_wire.AuditOrder) -> list[str]:
        """What changed after a send-back, each deadline with its start, the callbacks with
        their reasons, the call center's handling log."""
        e = html.escape
        out = []
        if item.report_changes:
            out.append(f"<h4>{e(self.tr('Changed in the corrected report'))}</h4><ul>")
            out.extend(f"<li><b>{e(c.field)}</b>: {e(str(c.before))} → {e(str(c.after))}</li>"
                       for c in item.report_changes)
            out.append("</ul>")
        out.append(f"<h4>{e(self.tr('Time limits'))}</h4><table cellspacing=4><tr>"
                   + "".join(f"<th align=left>{e(h)}</th>" for h in (
                       self.tr("Deadline"), self.tr("Limit"), self.tr("Started"),
                       self.tr("Due"), self.tr("Done"), self.tr("State")))
                   + "</tr>")
        for d in item.deadlines:
            cells = (labels.deadline(d.name), texts.limit_text(d.limit), self._at(d.started_at),
                     self._at(d.due_at), self._at(d.done_at), labels.sla_state(d.state))
            out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells) + "</tr>")
        out.append("</table>")
        if item.callbacks:
            out.append(f"<h4>{e(self.tr('Callbacks'))}</h4><ol>")
            for c in item.callbacks:
                p = c.payload
                end = self.tr(" — unreachable") if p.get("unreachable") else ""
                line = (f"{self._at(texts.corrected(c))} · "
                        f"{texts.callback_outcome(p.get('outcome', ''))}{end} · {c.author}")
                if p.get("note"):
                    line += f" · {p['note']}"
                out.append(f"<li>{e(line)}</li>")
            out.append("</ol>")
        if item.handling_log:
            out.append(f"<h4>{e(self.tr('Handling log'))}</h4>")
            out.extend(f"<p>{e(self._at(n.occurred_at))} {e(n.author)}: "
                       f"{e(n.payload.get('text', ''))}</p>" for n in item.handling_log)
        return out
