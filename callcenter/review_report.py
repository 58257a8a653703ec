"""The per-station report folded from every order's events — the reference the SQL report
(`reports_sql`, what the endpoint answers) is tested against. The orders *issued* in a period:
each deadline kind's met share (contact, completion, callback) over the deadlines decided,
mean satisfaction, closed and reopened shares, closes without a callback and urges.

A deadline is decided when it was met, missed, is open past its time, or the order ended
(cancelled, declined, closed) after it had passed without it (`not_met`); a deadline the order
ended before (`void`) and one still running are not counted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from callcenter.config import ServiceConfig
from callcenter.models import EventRow, OrderRow, Station
from callcenter.review import _deadlines, events_by_order, local_day_bounds, payload_of
from callcenter.working_set import fold_event
from station_app import console_wire, wire, wire_orders
from station_app.domain import lifecycle, sla
from station_app.domain.events import CallbackOutcome, EventType
from station_app.domain.lifecycle import OrderState, Status

_GROUP = {sla.DeadlineName.CONTACT: "contact", sla.DeadlineName.APPOINTMENT: "contact",
          sla.DeadlineName.COMPLETION: "completion", sla.DeadlineName.CALLBACK: "callback"}


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


@dataclass
class _Tally:
    orders: int = 0
    due: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    met: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    closed: int = 0
    reopened: int = 0
    without_callback: int = 0
    urges: int = 0
    scores: list[float] = field(default_factory=list)

    def add(self, state: OrderState, deadlines: list[sla.Deadline], events: list[EventRow]
            ) -> None:
        self.orders += 1
        for d in deadlines:
            if not d.state.decided:
                continue
            group = _GROUP[d.name]
            self.due[group] += 1
            self.met[group] += d.state is sla.SlaState.MET
        self.closed += state.status is Status.CLOSED
        self.reopened += state.reopened_count > 0
        self.urges += state.urges
        last_close = None
        for r in events:
            if r.status != "accepted":
                continue
            if r.type == EventType.CLOSED.value:
                last_close = payload_of(r)
            elif r.type == EventType.CALLBACK.value:
                payload = payload_of(r)
                if payload.get("outcome") == CallbackOutcome.REACHED and payload.get("scores"):
                    self.scores.append(wire.Scores.model_validate(payload["scores"]).mean)
        if state.status is Status.CLOSED and last_close is not None \
                and last_close.get("without_callback_reason"):
            self.without_callback += 1

    def report(self, code: str, name: str) -> console_wire.StationReport:
        due, met = self.due, self.met
        return console_wire.StationReport(
            station_code=code,
            station_name=name,
            orders=self.orders,
            contact_sla_met_pct=_pct(met["contact"], due["contact"]),
            completion_sla_met_pct=_pct(met["completion"], due["completion"]),
            callback_sla_met_pct=_pct(met["callback"], due["callback"]),
            contact_sla_met=met["contact"], contact_sla_decided=due["contact"],
            completion_sla_met=met["completion"], completion_sla_decided=due["completion"],
            callback_sla_met=met["callback"], callback_sla_decided=due["callback"],
            mean_satisfaction=round(sum(self.scores) / len(self.scores), 2) if self.scores
            else None,
            satisfaction_callbacks=len(self.scores),
            closed_pct=_pct(self.closed, self.orders) or 0.0,
            reopened_pct=_pct(self.reopened, self.orders) or 0.0,
            closed=self.closed, reopened=self.reopened,
            closed_without_callback=self.without_callback,
            urges=self.urges,
        )


def stations_report(date_from: date, date_to: date, now: datetime,
                    config: ServiceConfig) -> console_wire.StationsReport:
    """Per station, the orders issued between the two local dates (inclusive)."""
    start, _ = local_day_bounds(date_from, config)
    _, end = local_day_bounds(date_to, config)
    rows = list(OrderRow.select().where((OrderRow.issued_at >= start)
                                        & (OrderRow.issued_at < end)))
    events = events_by_order(r.id for r in rows)
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for row in rows:
        evs = events[row.id]
        state = lifecycle.fold(fold_event(r) for r in evs)
        order = wire_orders.Order.model_validate(row.data)
        tallies[row.station_code].add(state, _deadlines(order, state, now, config), evs)
    names = {s.code: s.name for s in Station.select(Station.code, Station.name)}
    return console_wire.StationsReport(
        date_from=date_from, date_to=date_to, timezone=str(config.tz),
        stations=[tallies[c].report(c, names.get(c, "")) for c in sorted(tallies)],
    )
