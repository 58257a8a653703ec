"""What the reviewer reads: the audit list of a local day with computed flags, and the
per-station report (SLA met, satisfaction, closed and reopened shares)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal
from uuid import UUID

from callcenter.config import CLOCK_OFF_MS, ServiceConfig
from callcenter.ingest import fold_event
from callcenter.models import EventRow, OrderRow, Station
from station_app import wire
from station_app.domain import lifecycle, sla
from station_app.domain.events import CallbackOutcome, EventType
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_app.domain.lifecycle import OrderState, Status

AuditState = Literal["unaudited", "audited", "all"]
_LATE_STATES = (sla.SlaState.MISSED, sla.SlaState.BREACHED)


def local_day_bounds(day: date, config: ServiceConfig) -> tuple[datetime, datetime]:
    """The UTC instants where the local ``day`` starts and the next one starts."""
    start = datetime.combine(day, time(0), tzinfo=config.tz)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=config.tz)
    return start, end


def _events_by_order(order_ids: Iterable[str]) -> dict[str, list[EventRow]]:
    ids = list(order_ids)
    out: dict[str, list[EventRow]] = defaultdict(list)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start:chunk_start + 500]
        for r in (EventRow.select().where(EventRow.order.in_(chunk)).order_by(EventRow.pos)):
            out[r.order_id].append(r)
    return out


def _deadlines(order: wire.Order, state: OrderState, now: datetime,
               config: ServiceConfig) -> list[sla.Deadline]:
    level = ComplaintLevel(order.complaint_level) if order.complaint_level else None
    return sla.deadlines(OrderKind(order.kind), level, state, now, config.policy,
                         config.business_calendar)


def audit_order(row: OrderRow, events: list[EventRow], station_name: str, now: datetime,
                config: ServiceConfig) -> wire.AuditOrder:
    order = wire.Order.model_validate(row.data)
    state = lifecycle.fold(fold_event(r) for r in events)
    wire_events = [wire.Event.model_validate_json(r.content) for r in events]
    deadlines = _deadlines(order, state, now, config)
    late_ids = [UUID(r.id) for r in events if r.status == "late"]
    by_name = {d.name: d for d in deadlines}
    contact = by_name.get(sla.DeadlineName.CONTACT) or by_name.get(sla.DeadlineName.APPOINTMENT)
    completion = by_name.get(sla.DeadlineName.COMPLETION)
    flags = wire.AuditFlags(
        contact_late=contact is not None and contact.state in _LATE_STATES,
        completion_late=completion is not None and completion.state in _LATE_STATES,
        backdated=any(e.backdate_reason for e in wire_events),
        clock_off=any(e.station_code is not None and e.clock_offset_ms is not None
                      and abs(e.clock_offset_ms) > CLOCK_OFF_MS for e in wire_events),
        late_facts=bool(late_ids),
        reopened_before=state.reopened_count > 0,
    )
    return wire.AuditOrder(
        order=order,
        station_name=station_name,
        customer_phone=order.customer.phone,
        status=state.status.value if state.status else "new",
        audited=state.status is Status.CLOSED,
        close_date=state.close_date,
        done_at=row.done_at,
        events=wire_events,
        late_event_ids=late_ids,
        flags=flags,
        deadlines=[wire.AuditDeadline(name=d.name.value, due_at=d.due_at, done_at=d.done_at,
                                      state=d.state.value) for d in deadlines],
        callbacks=[e for e in wire_events if e.type is EventType.CALLBACK],
        forms_printed=[e for e in wire_events if e.type is EventType.FORM_PRINTED],
    )


def audit(day: date, state: AuditState, station: str | None, now: datetime,
          config: ServiceConfig, cursor: str | None = None, limit: int = 100
          ) -> wire.AuditPage:
    """The orders completed (or declined) on the local ``day``, with timeline and flags, a
    page at a time (`audit_list` has the summaries the console lists)."""
    from callcenter import audit_list

    audit_list.check_limit(limit)
    rows = list(audit_list.page_query(audit_list.AuditFilter(day, state, station), cursor,
                                      limit, now, config))
    more = len(rows) > limit
    rows = rows[:limit]
    names = audit_list.station_names()
    events = _events_by_order(r.id for r in rows)
    return wire.AuditPage(
        date=day, timezone=str(config.tz), state=state,
        orders=[audit_order(r, events[r.id], names.get(r.station_code, ""), now, config)
                for r in rows],
        next_cursor=audit_list.encode_cursor(rows[-1].done_at, rows[-1].business_no)
        if more else None,
    )


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


@dataclass
class _Tally:
    orders: int = 0
    contact_met: int = 0
    contact_due: int = 0
    completion_met: int = 0
    completion_due: int = 0
    closed: int = 0
    reopened: int = 0
    scores: list[float] = field(default_factory=list)

    def add(self, state: OrderState, deadlines: list[sla.Deadline], events: list[EventRow]
            ) -> None:
        self.orders += 1
        for d in deadlines:
            if d.state in (sla.SlaState.ON_TRACK, sla.SlaState.AT_RISK):
                continue  # not yet decided
            met = d.state is sla.SlaState.MET
            if d.name in (sla.DeadlineName.CONTACT, sla.DeadlineName.APPOINTMENT):
                self.contact_due += 1
                self.contact_met += met
            elif d.name is sla.DeadlineName.COMPLETION:
                self.completion_due += 1
                self.completion_met += met
        self.closed += state.status is Status.CLOSED
        self.reopened += state.reopened_count > 0
        for r in events:
            if r.type == EventType.CALLBACK.value and r.status == "accepted":
                payload = json.loads(r.content)["payload"]
                if payload.get("outcome") == CallbackOutcome.REACHED and payload.get("scores"):
                    self.scores.append(wire.Scores.model_validate(payload["scores"]).mean)

    def report(self, code: str, name: str) -> wire.StationReport:
        return wire.StationReport(
            station_code=code,
            station_name=name,
            orders=self.orders,
            contact_sla_met_pct=_pct(self.contact_met, self.contact_due),
            completion_sla_met_pct=_pct(self.completion_met, self.completion_due),
            mean_satisfaction=round(sum(self.scores) / len(self.scores), 2) if self.scores
            else None,
            closed_pct=_pct(self.closed, self.orders) or 0.0,
            reopened_pct=_pct(self.reopened, self.orders) or 0.0,
        )


def stations_report(date_from: date, date_to: date, now: datetime,
                    config: ServiceConfig) -> wire.StationsReport:
    """Per station, the orders issued between the two local dates (inclusive), folded from
    their events: the reference `reports_sql.stations_report` (what the API answers) is tested
    against."""
    start, _ = local_day_bounds(date_from, config)
    _, end = local_day_bounds(date_to, config)
    rows = list(OrderRow.select().where((OrderRow.issued_at >= start)
                                        & (OrderRow.issued_at < end)))
    events = _events_by_order(r.id for r in rows)
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for row in rows:
        evs = events[row.id]
        state = lifecycle.fold(fold_event(r) for r in evs)
        order = wire.Order.model_validate(row.data)
        tallies[row.station_code].add(state, _deadlines(order, state, now, config), evs)
    names = {s.code: s.name for s in Station.select(Station.code, Station.name)}
    return wire.StationsReport(
        date_from=date_from, date_to=date_to, timezone=str(config.tz),
        stations=[tallies[c].report(c, names.get(c, "")) for c in sorted(tallies)],
    )
