"""The operations layer: everything a widget asks the station core, the forms or the printer
to do, run off the GUI thread by the task runner (Anki's aqt/operations).

    record_event(ctx, parent, order_id, EventType.DEPARTED).success(done).run()

A widget never calls the store, the network or a port itself. Failures are shown through
`ui.msgbox` unless the caller handles them with ``.failure(cb)``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, Self, TypeVar
from uuid import UUID

import shiboken6
from PySide6.QtWidgets import QWidget

import forms
from forms.document import Document
from forms.station import StationInfo
from station_app import wire
from station_app.domain.events import EventType, FormName
from station_app.order_detail import OrderDetail
from station_app.orders_query import OrderFilter, OrderSummary
from ui import msgbox
from ui.context import AppContext
from ui.tasks import log_failure

T = TypeVar("T")


class Operation(Generic[T]):
    """One piece of background work with its GUI-thread callbacks."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, fn: Callable[[], T],
                 lane: str = "serial") -> None:
        self._ctx = ctx
        self._parent = parent
        self._fn = fn
        self._lane = lane
        self._success: Callable[[T], object] | None = None
        self._failure: Callable[[BaseException], object] | None = None

    def success(self, cb: Callable[[T], object]) -> Self:
        self._success = cb
        return self

    def failure(self, cb: Callable[[BaseException], object]) -> Self:
        self._failure = cb
        return self

    def run(self) -> int:
        return self._ctx.runner.run(self._fn, self._deliver_success, self._deliver_failure,
                                    lane=self._lane)

    def _owner_gone(self) -> bool:
        """The widget that asked was deleted while the work ran: nobody is there to show it."""
        return self._parent is not None and not shiboken6.isValid(self._parent)

    def _deliver_success(self, result: T) -> None:
        if self._success is not None and not self._owner_gone():
            self._success(result)

    def _deliver_failure(self, exc: BaseException) -> None:
        if self._owner_gone():
            log_failure(exc)
        else:
            (self._failure or self._show)(exc)

    def _show(self, exc: BaseException) -> None:
        msgbox.error(self._parent, exc)


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdsResult:
    ids: Sequence[UUID]  # the core's lazily converted id list
    summaries: dict[UUID, OrderSummary]  # the first page and any ids asked for
    unchanged: bool  # the same ids, in the same order, as ``previous``


def list_orders(ctx: AppContext, flt: OrderFilter, search: str, first_page: int,
                also: list[UUID] | None = None,
                previous: Sequence[UUID] | None = None) -> Operation[IdsResult]:
    """The ids of a filter and search, summaries of the first rows, and whether the list is
    ``previous`` again — what costs time with 100,000 ids is done here, off the GUI thread
    (and without turning 100,000 stored ids into UUID objects)."""
    station = ctx.station

    def work() -> IdsResult:
        ids = station.order_ids(flt, search)
        head = ids[:first_page]
        wanted = head + [i for i in (also or []) if i not in set(head)]
        unchanged = (previous is not None and type(previous) is type(ids)
                     and len(previous) == len(ids) and ids == previous)
        return IdsResult(ids, station.summaries(wanted), unchanged)
    return Operation(ctx, None, work)


def unread_orders(ctx: AppContext, limit: int = 2000) -> Operation[list[UUID]]:
    """Open orders nobody has opened yet (for the count in the title at start-up)."""
    station = ctx.station

    def work() -> list[UUID]:
        ids = station.order_ids(OrderFilter.OPEN, "")
        return [s.id for s in station.summaries(list(ids[:limit])).values() if s.unread]
    return Operation(ctx, None, work)


def filter_counts(ctx: AppContext, filters: Sequence[OrderFilter]
                  ) -> Operation[dict[OrderFilter, int]]:
    """How many orders each filter holds (for the counts on the inbox's tabs)."""
    station = ctx.station
    return Operation(ctx, None, lambda: {flt: station.count(flt) for flt in filters})


def load_summaries(ctx: AppContext, ids: Sequence[UUID]
                   ) -> Operation[dict[UUID, OrderSummary]]:
    station = ctx.station
    return Operation(ctx, None, lambda: station.summaries(ids))


def load_order(ctx: AppContext, parent: QWidget | None, order_id: UUID) -> Operation[OrderDetail]:
    station = ctx.station
    return Operation(ctx, parent, lambda: station.order(order_id))


def mark_read(ctx: AppContext, order_id: UUID) -> Operation[Any]:
    station = ctx.station
    return Operation(ctx, None, lambda: station.mark_read(order_id))


def sync_status(ctx: AppContext) -> Operation[Any]:
    station = ctx.station
    return Operation(ctx, None, station.sync_status)


def outbox(ctx: AppContext, parent: QWidget | None) -> Operation[list[Any]]:
    station = ctx.station
    return Operation(ctx, parent, station.outbox)


def resend(ctx: AppContext, parent: QWidget | None, event_ids: list[UUID]) -> Operation[int]:
    """Rejected entries go back into the outbox, to be judged again (`Station.resend`)."""
    station = ctx.station
    return Operation(ctx, parent, lambda: station.resend(event_ids))


def settings_snapshot(ctx: AppContext, parent: QWidget | None) -> Operation[dict[str, Any]]:
    station = ctx.station

    def work() -> dict[str, Any]:
        values = station.settings.all()
        values["token"] = station.token() or ""
        return values
    return Operation(ctx, parent, work)


@dataclass(frozen=True)
class Technicians:
    recent: list[str]  # names recorded lately (departures and completions), newest first
    last_team: list[str]  # who went out on the station's last departure


def recent_technicians(ctx: AppContext, scan: int = 200) -> Operation[Technicians]:
    """The names the departure dialog suggests, from this station's latest entries."""
    def work() -> Technicians:
        from station_app.store import EventRow
        rows = (EventRow.select(EventRow.type, EventRow.payload)
                .where((EventRow.origin == "local")
                       & EventRow.type.in_([EventType.DEPARTED.value,
                                            EventType.COMPLETED.value]))
                .order_by(EventRow.seq.desc()).limit(scan))
        recent: list[str] = []
        last_team: list[str] | None = None
        for row in rows:
            names = [str(n) for n in (row.payload or {}).get("technicians") or []]
            if last_team is None and row.type == EventType.DEPARTED.value and names:
                last_team = names
            recent += [n for n in names if n not in recent]
        return Technicians(recent, last_team or [])
    return Operation(ctx, None, work)


# -- writing ---------------------------------------------------------------------------------


def record_event(ctx: AppContext, parent: QWidget | None, order_id: UUID,
                 event_type: EventType, payload: Mapping[str, Any] | None = None, *,
                 occurred_at: datetime | None = None,
                 backdate_reason: str | None = None) -> Operation[wire.Event]:
    station = ctx.station
    return Operation(ctx, parent, lambda: station.record(
        order_id, event_type, payload or {}, occurred_at=occurred_at,
        backdate_reason=backdate_reason))


def enter_phone_order(ctx: AppContext, parent: QWidget | None,
                      fields: Mapping[str, Any]) -> Operation[UUID]:
    station = ctx.station
    return Operation(ctx, parent, lambda: station.enter_order_by_phone(fields))


def save_settings(ctx: AppContext, parent: QWidget | None, values: Mapping[str, Any],
                  token: str | None) -> Operation[dict[str, Any]]:
    """Check and write all settings in one transaction, then the token file (atomically)."""
    station = ctx.station

    def work() -> dict[str, Any]:
        station.set_settings(values)
        if token is not None:
            station.set_token(token or None)
        return station.settings.all()
    return Operation(ctx, parent, work)


@dataclass(frozen=True)
class EnrolledPc:
    device_name: str
    token: str  # this PC's own, now stored
    settings: dict[str, Any]  # all of them, as saved (address, station code, name)


def enrol_pc(ctx: AppContext, parent: QWidget | None, server_url: str, station_code: str,
             code: str, device_name: str) -> Operation[EnrolledPc]:
    """Exchange a one-time enrolment code for this PC's own token (`station_app.enrolment`)."""
    from station_app import enrolment
    station = ctx.station

    def work() -> EnrolledPc:
        done = enrolment.enrol(station, server_url, station_code, code, device_name)
        return EnrolledPc(done.device_name, station.token() or "", station.settings.all())
    # the parallel lane: a call center that does not answer holds no other station work
    return Operation(ctx, parent, work, lane="parallel")


# -- forms and printing ----------------------------------------------------------------------


def station_info(ctx: AppContext) -> StationInfo:
    s = ctx.station.settings
    return StationInfo(name=s.get("station_name") or "", erp_code=s.get("station_code") or "")


def copies_printed(detail: OrderDetail, form: FormName, medium: str = "receipt") -> int:
    return sum(
        1 for entry in detail.timeline
        if entry.event.type is EventType.FORM_PRINTED
        and entry.event.payload.get("form") == form.value
        and entry.event.payload.get("medium", "receipt") == medium
    )


def _document(ctx: AppContext, order_id: UUID, form: FormName, copy_number: int) -> Document:
    station = ctx.station
    detail = station.order(order_id)
    return forms.build(form, detail.order, [e.event for e in detail.timeline], station_info(ctx),
                       printed_at=station.now(), copy_number=copy_number,
                       tz=station.settings.zone())


@dataclass(frozen=True)
class Preview:
    document: Document
    text: str  # what the printer prints, read back from the very bytes it will get
    columns: int
    copy_number: int
    image: bytes = b""  # the paper, one byte a dot (grey 0–255), ``width`` dots a row
    width: int = 0
    height: int = 0


def preview_form(ctx: AppContext, parent: QWidget | None, order_id: UUID, form: FormName,
                 copy_number: int) -> Operation[Preview]:
    """The form encoded for the configured printer and drawn from those bytes (the virtual
    printer's reader and drawing): the preview is the paper, real QR code included."""
    def work() -> Preview:
        from printers import escpos
        from printers.paper import paper_for
        doc = _document(ctx, order_id, form, copy_number)
        profile = _profile(ctx)
        paper = paper_for(escpos.encode(doc, profile, ctx.station.settings.zone()), profile)
        return Preview(doc, paper.text, profile.columns, copy_number, paper.image.tobytes(),
                       paper.image.width, paper.image.height)
    return Operation(ctx, parent, work)


def _profile(ctx: AppContext) -> Any:
    if ctx.print_queue is not None:
        return ctx.print_queue.config.profile
    from printers.config import PrinterConfig
    from printers.profiles import profile_for
    saved = dict(ctx.station.settings.get("printer") or {})
    try:
        return PrinterConfig.from_json({**saved, "port": saved.get("port") or "-"}).profile
    except (ValueError, TypeError):
        return profile_for(80)


@dataclass(frozen=True)
class Printed:
    job_id: int
    copy_number: int


def print_form(ctx: AppContext, parent: QWidget | None, order_id: UUID, form: FormName,
               copy_number: int, document: Document | None = None) -> Operation[Printed]:
    """Queue the form on the receipt printer; `form_printed` is recorded when the printer
    confirms it came out (the queue's ``on_confirmed``). Given the ``document`` that was
    previewed, that very document is printed."""
    queue = ctx.print_queue

    def work() -> Printed:
        if queue is None:
            from common.errors import UserError
            raise UserError("No receipt printer is set up; choose its port in Settings.",
                            "尚未设置小票打印机,请在“设置”中选择端口。")
        doc = document or _document(ctx, order_id, form, copy_number)
        job_id = queue.submit(form.value, order_id, doc, copy_number)
        return Printed(job_id, copy_number)
    return Operation(ctx, parent, work)


def save_pdf(ctx: AppContext, parent: QWidget | None, order_id: UUID, form: FormName,
             copy_number: int, path: Path) -> Operation[Path]:
    def work() -> Path:
        from forms import pdf
        doc = _document(ctx, order_id, form, copy_number)
        written = pdf.write(doc, path, ctx.station.settings.zone())
        ctx.station.record(order_id, EventType.FORM_PRINTED,
                           {"form": form.value, "copy_number": copy_number, "medium": "pdf"})
        return written
    return Operation(ctx, parent, work)


def print_jobs(ctx: AppContext, parent: QWidget | None) -> Operation[list[Any]]:
    queue = ctx.print_queue
    return Operation(ctx, parent, lambda: queue.jobs() if queue else [])


def retry_job(ctx: AppContext, parent: QWidget | None, job_id: int) -> Operation[None]:
    queue = ctx.print_queue
    assert queue is not None
    return Operation(ctx, parent, lambda: queue.retry(job_id))


def cancel_job(ctx: AppContext, parent: QWidget | None, job_id: int) -> Operation[None]:
    queue = ctx.print_queue
    assert queue is not None
    return Operation(ctx, parent, lambda: queue.cancel(job_id))


def answer_job(ctx: AppContext, parent: QWidget | None, job_id: int,
               came_out: bool) -> Operation[None]:
    """The clerk's answer for a form the queue could not confirm."""
    queue = ctx.print_queue
    assert queue is not None
    return Operation(ctx, parent, lambda: queue.answer(job_id, came_out))


def find_printer(ctx: AppContext, parent: QWidget | None,
                 typed: str = "") -> Operation[list[Any]]:
    """Ask `DLE EOT 1` on the ``typed`` port and every serial port of the machine at the
    common baud rates (about a second per silent port)."""
    def work() -> list[Any]:
        from printers.discover import find_printers
        from printers.serial_port import list_ports as ports
        names = [typed] if typed else []
        names += [p.device for p in ports() if p.device != typed]
        return find_printers(names)
    return Operation(ctx, parent, work, lane="parallel")


def list_ports(ctx: AppContext, parent: QWidget | None) -> Operation[list[Any]]:
    def work() -> list[Any]:
        from printers.serial_port import list_ports as ports
        return ports()
    return Operation(ctx, parent, work, lane="parallel")


def test_print(ctx: AppContext, parent: QWidget | None) -> Operation[int]:
    """A short test receipt through the queue (so it waits for paper like any job)."""
    queue = ctx.print_queue

    def work() -> int:
        from common.errors import UserError
        if queue is None:
            raise UserError("No receipt printer is set up; choose its port in Settings.",
                            "尚未设置小票打印机,请在“设置”中选择端口。")
        from forms import document as d
        info = station_info(ctx)
        doc = d.Document(form="test", business_no="TEST", blocks=(
            d.Title("打印测试 Test"),
            d.Paragraph("中文打印正常 Chinese text prints correctly."),
            d.Footer(info.name, info.erp_code, ctx.station.now()),
        ))
        return queue.submit("test", None, doc, 1)
    return Operation(ctx, parent, work)
