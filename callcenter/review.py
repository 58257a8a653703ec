"""What the reviewer reads: the audit list of a local day, each order with its events in time
order (station times corrected by the clock offset, both shown), every deadline with its start,
the callback history, the handling log, the corrections and urges, and the flags.

Day semantics (stated in docs/sla-policy.md): the audit lists the orders *completed or declined*
on the local day; with ``state=all`` it also lists those completed that day and reopened since.
The per-station report (`review_report`) counts the orders *issued* in the period.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from uuid import UUID

from callcenter.config import CLOCK_OFF_MS, ServiceConfig
from callcenter.models import EventRow, OrderRow
from callcenter.working_set import fold_event
from station_app import console_wire, wire, wire_orders
from station_app.domain import lifecycle, sla
from station_app.domain.events import EventType
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_app.domain.lifecycle import OrderState, Status

AuditState = Literal["unaudited", "audited", "all"]


def local_day_bounds(day: date, config: ServiceConfig) -> tuple[datetime, datetime]:
    """The UTC instants where the local ``day`` starts and the next one starts."""
    start = datetime.combine(day, time(0), tzinfo=config.tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=config.tz)
    return start, end


def events_by_order(order_ids: Iterable[str]) -> dict[str, list[EventRow]]:
    ids = list(order_ids)
    out: dict[str, list[EventRow]] = defaultdict(list)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start:chunk_start + 500]
        for r in (EventRow.select().where(EventRow.order.in_(chunk)).order_by(EventRow.pos)):
            out[r.order_id].append(r)
    return out


def _deadlines(order: wire_orders.Order, state: OrderState, now: datetime,
               config: ServiceConfig) -> list[sla.Deadline]:
    level = ComplaintLevel(order.complaint_level) if order.complaint_level else None
    return sla.deadlines(OrderKind(order.kind), level, state, now, config.policy,
                         config.business_calendar)


def limit_text(order: wire_orders.Order, name: sla.DeadlineName, config: ServiceConfig) -> str:
    level = ComplaintLevel(order.complaint_level) if order.complaint_level else None
    limit = config.policy.limits_for(OrderKind(order.kind), level).get(name)
    return "" if limit is None else f"{limit.amount:g} {limit.clock.value}"


def wire_deadlines(order: wire_orders.Order, deadlines: list[sla.Deadline],
                   config: ServiceConfig) -> list[console_wire.AuditDeadline]:
    # the domain's values as they are: no validation (the audit list builds 500 rows a page)
    return [console_wire.AuditDeadline.model_construct(
        name=d.name.value, due_at=d.due_at, done_at=d.done_at, state=d.state.value,
        started_at=d.started_at, limit=limit_text(order, d.name, config)) for d in deadlines]


def board_deadlines(order: wire_orders.Order, deadlines: list[sla.Deadline], config: ServiceConfig
                    ) -> list[console_wire.AuditDeadline]:
    """`wire_deadlines` with the instant each open one turns at risk: the board marks it by
    the clock, without reading the board again."""
    level = ComplaintLevel(order.complaint_level) if order.complaint_level else None
    limits = config.policy.limits_for(OrderKind(order.kind), level)
    return [wired.model_copy(update={"at_risk_at": sla.at_risk_at(
                d, limits[d.name], config.policy, config.business_calendar)})
            for wired, d in zip(wire_deadlines(order, deadlines, config), deadlines,
                                strict=True)]


def board_mark(deadlines: list[sla.Deadline]) -> Literal["", "at_risk", "breached"]:
    """The board's mark of an order: breached if an open deadline has passed, at risk if one
    is close (the dispatcher urges these)."""
    states = {d.state for d in deadlines}
    if sla.SlaState.BREACHED in states:
        return "breached"
    return "at_risk" if sla.SlaState.AT_RISK in states else ""


def is_handling_log(event: wire.Event) -> bool:
    """A handling-log line 处理情况: a note written at the call center (not by a station)."""
    return event.type is EventType.NOTE and event.station_code is None


def _report_changes(events: list[wire.Event]) -> list[console_wire.ReportChange]:
    """What the last completion report changed against the one before it (a re-fill)."""
    reports = [e.payload for e in events if e.type is EventType.COMPLETED]
    if len(reports) < 2:
        return []
    before, after = reports[-2], reports[-1]
    return [console_wire.ReportChange(field=k, before=before.get(k), after=after.get(k))
            for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)]


def audit_order(row: OrderRow, events: list[EventRow], station_name: str, now: datetime,
                config: ServiceConfig) -> console_wire.AuditOrder:
    order = wire_orders.Order.model_validate(row.data)
    folded = [fold_event(r) for r in events]
    state = lifecycle.fold(folded)
    wire_events = [wire.Event.model_validate_json(r.content) for r in events]
    corrections = set(state.correction_ids)
    # Time order on the call center's clock; the server's order breaks ties.
    timed = sorted(zip(folded, wire_events, range(len(events)), strict=True),
                   key=lambda t: (t[0].occurred_at, t[2]))
    deadlines = _deadlines(order, state, now, config)
    late_ids = [UUID(r.id) for r in events if r.status == "late"]
    by_name = {d.name: d for d in deadlines}
    contact = by_name.get(sla.DeadlineName.CONTACT) or by_name.get(sla.DeadlineName.APPOINTMENT)
    completion = by_name.get(sla.DeadlineName.COMPLETION)
    station_events = [e for e in wire_events if e.station_code is not None]
    closes = [e for e in wire_events if e.type is EventType.CLOSED]
    flags = console_wire.AuditFlags(
        contact_late=contact is not None and contact.state.late,
        completion_late=completion is not None and completion.state.late,
        backdated=any(e.backdate_reason for e in station_events),
        clock_off=any(e.clock_offset_ms is not None and abs(e.clock_offset_ms) > CLOCK_OFF_MS
                      for e in station_events),
        late_facts=bool(late_ids),
        reopened_before=state.reopened_count > 0,
        corrected=bool(corrections),
        urged=state.urges > 0,
        without_callback=bool(closes and closes[-1].payload.get("without_callback_reason")),
        phone_entered=any(e.phoned_at is not None for e in station_events),
    )
    return console_wire.AuditOrder(
        order=order,
        station_name=station_name,
        customer_phone=order.customer.phone,
        status=state.status.value if state.status else "new",
        audited=state.status is Status.CLOSED,
        close_date=state.close_date,
        done_at=row.done_at,
        completed_at=state.completed_at,
        events=[e for _, e, _ in timed],
        times=[console_wire.AuditTime(event_id=e.id, station_time=e.occurred_at,
                              corrected_time=f.occurred_at, clock_offset_ms=e.clock_offset_ms,
                              entered_by="station" if e.station_code else "call_center",
                              correction=e.id in corrections) for f, e, _ in timed],
        late_event_ids=late_ids,
        flags=flags,
        deadlines=wire_deadlines(order, deadlines, config),
        callbacks=[e for _, e, _ in timed if e.type is EventType.CALLBACK],
        forms_printed=[e for _, e, _ in timed if e.type is EventType.FORM_PRINTED],
        handling_log=[e for _, e, _ in timed if is_handling_log(e)],
        report_changes=_report_changes(wire_events),
    )


def audit(day: date, state: AuditState, station: str | None, now: datetime,
          config: ServiceConfig, cursor: str | None = None, limit: int = 100
          ) -> console_wire.AuditPage:
    """The orders completed (or declined) on the local ``day``, with timeline and flags, a
    page at a time (`audit_list` has the summaries the console lists). With ``state=all`` the
    orders completed that day and reopened since are listed too, in their place."""
    from callcenter import audit_list

    audit_list.check_limit(limit)
    f = audit_list.AuditFilter(day, state, station)
    rows = audit_list.page_models(f, cursor, limit, now, config)
    more = len(rows) > limit
    rows = rows[:limit]
    names = audit_list.station_names({r.station_code for r in rows})
    events = events_by_order(r.id for r in rows)
    return console_wire.AuditPage(
        date=day, timezone=str(config.tz), state=state,
        orders=[audit_order(r, events[r.id], names.get(r.station_code, ""), now, config)
                for r in rows],
        next_cursor=audit_list.next_cursor(rows, more, f, config),
    )


_events_by_order = events_by_order  # the name the other modules knew


def payload_of(row: EventRow) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(row.content)["payload"]
    return payload
