"""What the demo run did, read back from where it really is: the call center's orders and
events (over its API), the station's file, the print queue and what the virtual printer printed.
Nothing here is a counter the scenario bumped; each figure is checked against another source."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from station_app import wire
from station_app.domain import lifecycle, sla
from station_app.domain.events import EventType
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_desk.demo import scenario as sc


@dataclass
class Summary:
    orders_issued: int = 0          # today's orders the call center holds
    orders_reached: int = 0         # ... that reached their station
    contacts_recorded: int = 0      # contact attempts the call center holds (this run's orders)
    events_recorded: int = 0        # events the two stations recorded in their files
    events_synced: int = 0          # ... that the call center holds, exactly once each
    events_waiting: int = 0         # ... still in its outbox
    forms_printed: int = 0          # form_printed events on receipts at the real station
    receipts_read_back: int = 0     # receipts the virtual printer cut, matched to their order
    sla_met: int = 0                # deadlines met among those decided (met or missed/breached)
    sla_decided: int = 0
    sla_open: int = 0               # deadlines still running
    reviewed: int = 0               # yesterday's orders closed by the reviewer
    offline_seconds: float = 0      # how long the network was cut
    recorded_offline: int = 0       # events the station recorded meanwhile (delivered later)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        pct = f" ({100 * self.sla_met / self.sla_decided:.0f} %)" if self.sla_decided else ""
        out = [
            f"orders issued:      {self.orders_issued} (reached their station: "
            f"{self.orders_reached})   派单",
            f"contacts recorded:  {self.contacts_recorded}   联系记录",
            f"events synced:      {self.events_synced} of {self.events_recorded} recorded at "
            f"stations {sc.STATION_1[0]} and {sc.STATION_2[0]} ({self.events_waiting} waiting)"
            "   已同步",
            f"forms printed:      {self.forms_printed} (read back from the printer: "
            f"{self.receipts_read_back})   打印",
            f"SLA met:            {self.sla_met} of {self.sla_decided} deadlines due{pct}, "
            f"{self.sla_open} still running   时限达成",
            f"reviewed & closed:  {self.reviewed} of yesterday's orders   审核关单",
        ]
        if self.offline_seconds:
            after = "all delivered after" if not self.events_waiting else "NOT all delivered"
            out.append(f"network cut:        {self.offline_seconds:.1f} s; {self.recorded_offline} "
                       f"event(s) recorded meanwhile, {after}   断网期间照常记录")
        out += [f"PROBLEM: {p}" for p in self.problems]
        return out

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


def _fold(events: list[wire.Event]) -> lifecycle.OrderState:
    return lifecycle.fold(events)


def _local_events(station: Any) -> list[Any]:
    """The events ``station`` recorded itself, from its file."""
    from station_app.order_fold import ORIGIN_LOCAL
    from station_app.store import EventRow

    with station.store.active():
        return list(EventRow.select().where(EventRow.origin == ORIGIN_LOCAL))


def _has_order(station: Any, order_id: UUID) -> bool:
    from station_app.store import OrderRow

    with station.store.active():
        return bool(OrderRow.select().where(OrderRow.id == order_id).exists())


def _check_events(s: Summary, code: str, local: list[Any],
                  server_events: dict[UUID, wire.Event]) -> None:
    """Every event station ``code`` recorded is at the call center once; none it never did."""
    s.events_recorded += len(local)
    for row in local:
        if row.acked_at is None:
            s.events_waiting += 1
        held_event = server_events.get(row.id)
        if held_event is not None and held_event.type.value == row.type:
            s.events_synced += 1
        elif row.acked_at is not None:
            s.problems.append(f"event {row.id} ({row.type}) acknowledged but not at the "
                              "call center")
    ours = {e.id for e in server_events.values() if e.station_code == code}
    extra = ours - {r.id for r in local}
    if extra:
        s.problems.append(f"{len(extra)} event(s) of station {code} at the call "
                          "center that the station never recorded")


def summarise(session: Any, station: Any, print_queue: Any) -> Summary:
    """The summary of ``session`` (its server must be up); ``station`` is the open Station 1
    (station 2 is the session's)."""
    with station.store.active():
        return _summarise(session, station, print_queue)


def _summarise(session: Any, station: Any, print_queue: Any) -> Summary:
    from printers.queue import DONE
    from station_app.store import OrderRow, PrintJob

    s = Summary()
    now = datetime.now(UTC)
    today_keys = [c.key for c in session.scenario.today_cases() if c.key in session.order_ids]
    server_orders: dict[str, wire.OrderWithEvents] = {}
    for key, oid in session.order_ids.items():
        server_orders[key] = session.dispatcher.order(oid)
    known = {held.order.id for held in server_orders.values()}
    for (oid,) in OrderRow.select(OrderRow.id).tuples():  # a kept folder's earlier runs too
        if oid not in known:
            server_orders[str(oid)] = session.dispatcher.order(oid)

    # Orders: issued (the call center holds them) and reached (the station has them).
    calendar = station.settings.calendar()
    policy = station.settings.sla_policy()
    for key in today_keys:
        held = server_orders[key]
        s.orders_issued += 1
        oid = held.order.id
        case = session.scenario.cases[key]
        reached = _has_order(station if case.station == 1 else session.station2, oid)
        s.orders_reached += reached
        if not reached:
            s.problems.append(f"order {held.order.business_no} never reached its station")
        state = _fold(held.events)
        level = ComplaintLevel(held.order.complaint_level) if held.order.complaint_level else None
        for d in sla.deadlines(OrderKind(held.order.kind), level, state, now, policy, calendar):
            if d.state is sla.SlaState.MET:
                s.sla_met += 1
                s.sla_decided += 1
            elif d.state in (sla.SlaState.MISSED, sla.SlaState.BREACHED):
                s.sla_decided += 1
            else:
                s.sla_open += 1

    # Contacts, and every event the real station recorded: held by the server exactly once.
    server_events: dict[UUID, wire.Event] = {}
    for key, held in server_orders.items():
        for e in held.events:
            if e.id in server_events:
                s.problems.append(f"event {e.id} is twice at the call center")
            server_events[e.id] = e
            if e.type is EventType.CONTACT_ATTEMPT and key in session.order_ids:
                s.contacts_recorded += 1
    local = _local_events(station)
    local2 = _local_events(session.station2)
    _check_events(s, sc.STATION_1[0], local, server_events)
    _check_events(s, sc.STATION_2[0], local2, server_events)
    for cut, back in session.offline:
        end = back or now
        s.offline_seconds += (end - cut).total_seconds()
        s.recorded_offline += sum(1 for r in local + local2 if cut <= r.recorded_at <= end)
    if s.events_waiting:
        s.problems.append(f"{s.events_waiting} event(s) still waiting in the stations' outboxes")

    # Printing: form_printed events, jobs done, receipts the printer cut with that order on.
    # (this run's only: a kept folder's earlier runs printed on an earlier virtual printer)
    printed = [r for r in local if r.type == EventType.FORM_PRINTED.value
               and (r.payload or {}).get("medium", "receipt") == "receipt"
               and r.recorded_at >= session.started_at]
    s.forms_printed = len(printed)
    jobs = list(PrintJob.select().where((PrintJob.state == DONE)
                                        & (PrintJob.created_at >= session.started_at))
                .order_by(PrintJob.id))
    receipts = session.printer.cut_receipts
    business = {r.id: r.business_no for r in OrderRow.select(OrderRow.id, OrderRow.business_no)}
    unmatched = list(receipts)
    for job in jobs:
        number = business.get(job.order_id, "")
        hit = next((t for t in unmatched if number and number in t), None)
        if hit is not None:
            unmatched.remove(hit)
            s.receipts_read_back += 1
        else:
            s.problems.append(f"printed {job.form} for {number} but the printer has no such "
                              "receipt")
    if len(jobs) != s.forms_printed:
        s.problems.append(f"{s.forms_printed} form(s) recorded as printed, {len(jobs)} print "
                          "job(s) done")
    if print_queue is not None:
        waiting = print_queue.jobs({"queued", "printing"})
        if waiting:
            s.problems.append(f"{len(waiting)} print job(s) not printed")

    # The reviewer's work on yesterday's orders.
    for key, held in server_orders.items():
        case = session.scenario.cases.get(key)
        if case is not None and case.yesterday_at is not None:
            s.reviewed += _fold(held.events).status is lifecycle.Status.CLOSED
    return s
