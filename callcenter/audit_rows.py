"""Audit list rows made of the order row's stored columns alone: no JSON is decoded and no
calendar arithmetic done per row. Each deadline's due, done and at-risk instants are stored
(`derived.deadline_columns`); only where it stands at the request's instant is worked out here,
by comparing those instants (`sla.judged_by_instants`). Rows are plain dicts in
`console_wire.AuditRow`'s shape, for `pydantic_core.to_json`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import peewee as pw

from callcenter import derived
from callcenter.config import ServiceConfig
from callcenter.models import OrderRow, Station
from common.dbfields import UtcDateTimeField
from station_app.domain import sla
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_app.domain.lifecycle import Status

_DEADLINES = list(sla.DeadlineName)
_ORDER_COLUMNS: tuple[pw.Field, ...] = (  # unpacked in this order by `Rows.row`
    OrderRow.id, OrderRow.business_no, OrderRow.station_code, OrderRow.kind,
    OrderRow.complaint_level, OrderRow.customer_name, OrderRow.customer_phone,
    OrderRow.status, OrderRow.done_at, OrderRow.reopened_done_at, OrderRow.reopened_count,
    OrderRow.close_date,
    OrderRow.flag_backdated, OrderRow.flag_clock_off, OrderRow.flag_late_facts,
    OrderRow.flag_phoned, OrderRow.flag_corrected, OrderRow.flag_urged,
    OrderRow.flag_without_callback,
    OrderRow.callback_state, OrderRow.callback_unreached, OrderRow.callback_outcome,
    OrderRow.callback_mean,
    OrderRow.assigned_at, OrderRow.cancelled_at, OrderRow.closed_at, OrderRow.declined_at,
)
COLUMNS: tuple[pw.Node, ...] = (
    *_ORDER_COLUMNS,
    *(getattr(OrderRow, c) for n in _DEADLINES
      for c in (*derived.DEADLINE_COLUMNS[n], derived.RISK_COLUMNS[n])),
    Station.name,
)
# indexes in a row of `COLUMNS`: the two keys of the list's order, the first deadline's due time
DONE_AT = next(i for i, c in enumerate(_ORDER_COLUMNS) if c is OrderRow.done_at)
UNDONE_AT = next(i for i, c in enumerate(_ORDER_COLUMNS) if c is OrderRow.reopened_done_at)
_FIRST_DEADLINE = len(_ORDER_COLUMNS)
_INDEX = {n: _FIRST_DEADLINE + 3 * i for i, n in enumerate(_DEADLINES)}

_CANCELLED, _CLOSED, _DECLINED = (Status.CANCELLED.value, Status.CLOSED.value,
                                  Status.DECLINED.value)
_CALLBACK = sla.DeadlineName.CALLBACK
_CONTACT, _APPOINTMENT, _COMPLETION = (sla.DeadlineName.CONTACT, sla.DeadlineName.APPOINTMENT,
                                       sla.DeadlineName.COMPLETION)
_FIELD = UtcDateTimeField()
_at = datetime.fromisoformat


def as_text(at: datetime) -> str:
    """An instant as the columns store it (such texts compare as the instants do)."""
    text = _FIELD.db_value(at)
    assert text is not None
    return text


def query() -> pw.Select:
    """The columns a list row is made of (the station's name joined)."""
    return OrderRow.select(*COLUMNS).join(
        Station, pw.JOIN.LEFT_OUTER, on=(OrderRow.station_code == Station.code))


def _dt(text: str | None) -> datetime | None:
    return None if text is None else _at(text)


class Rows:
    """Builds the list rows of one request, judged at ``now``. ``bounds``: the listed day's
    UTC start and end as stored text (for `audit_at`), None for a row outside a list."""

    def __init__(self, now: datetime, config: ServiceConfig,
                 bounds: tuple[str, str] | None, undone_too: bool) -> None:
        self.now, self.config = as_text(now), config
        self.bounds, self.undone_too = bounds, undone_too
        self._limits: dict[tuple[str, str | None],
                           list[tuple[sla.DeadlineName, str, sla.Limit, str, int]]] = {}
        self._due = derived.due_of(config)

    def limits(self, kind: str, level: str | None
               ) -> list[tuple[sla.DeadlineName, str, sla.Limit, str, int]]:
        """(name, its text, limit, the limit's text, index of its columns) of the order's
        deadlines, once per kind and level."""
        key = (kind, level)
        known = self._limits.get(key)
        if known is None:
            items = self.config.policy.limits_for(
                OrderKind(kind), ComplaintLevel(level) if level else None).items()
            known = self._limits[key] = [
                (n, n.value, lim, f"{lim.amount:g} {lim.clock.value}", _INDEX[n])
                for n, lim in items]
        return known

    def audit_at(self, done: str | None, undone: str | None) -> str | None:
        """`audit_list.audit_at` of a row (its place in the list), as stored text."""
        if self.bounds is None:
            return done
        if done is not None and self.bounds[0] <= done < self.bounds[1]:
            return done
        return undone if self.undone_too else done

    def row(self, r: tuple[Any, ...]) -> dict[str, Any]:
        (oid, number, code, kind, level, customer_name, customer_phone, status, done,
         undone, reopened, close_date, backdated, clock_off, late_facts, phoned, corrected,
         urged, without_callback, cb_state, cb_unreached, cb_outcome, cb_mean, assigned,
         cancelled, closed, declined) = r[:_FIRST_DEADLINE]
        now = self.now
        # `sla.ended_at`: since when the order owes a deadline no more
        if status == _CANCELLED:
            ended = ended_callback = cancelled or now
        elif status == _CLOSED:
            ended = ended_callback = closed or now
        elif status == _DECLINED:
            ended, ended_callback = declined or now, None
        else:
            ended = ended_callback = None
        deadlines = []
        contact_late = completion_late = appointment_late = False
        has_contact = False
        for name, name_text, limit, limit_text, i in self.limits(kind, level):
            is_callback = name is _CALLBACK
            start = done if is_callback else assigned
            if start is None:
                continue
            due, done_at, risk = r[i], r[i + 1], r[i + 2]
            end = ended_callback if is_callback else ended
            if due is None:  # void (not stored: the reports count none): due as it would be
                due = as_text(self._due(limit, _at(start)))
            state = sla.judged_by_instants(due, done_at, end, risk, now)
            if name is _CONTACT:
                has_contact, contact_late = True, state.late
            elif name is _APPOINTMENT:
                appointment_late = state.late
            elif name is _COMPLETION:
                completion_late = state.late
            deadlines.append((due, {"name": name_text, "due_at": _at(due),
                                    "done_at": _dt(done_at), "state": state.value,
                                    "started_at": _at(start), "limit": limit_text,
                                    "at_risk_at": None}))  # the board's only
        if len(deadlines) > 1:
            deadlines.sort(key=_due_first)
        return {
            "id": oid, "business_no": number, "station_code": code,
            "station_name": r[-1] or "", "kind": kind, "complaint_level": level,
            "customer_name": customer_name, "customer_phone": customer_phone,
            "done_at": _dt(done), "audit_at": _dt(self.audit_at(done, undone)),
            "status": status, "audited": status == _CLOSED, "close_date": close_date,
            "flags": {
                "contact_late": contact_late if has_contact else appointment_late,
                "completion_late": completion_late,
                "backdated": bool(backdated), "clock_off": bool(clock_off),
                "late_facts": bool(late_facts), "reopened_before": reopened > 0,
                "corrected": bool(corrected), "urged": bool(urged),
                "without_callback": bool(without_callback), "phone_entered": bool(phoned),
            },
            "callback_state": cb_state, "callback_unreached": cb_unreached,
            "callback_outcome": cb_outcome, "callback_mean": cb_mean,
            "deadlines": [d for _due, d in deadlines],
        }


def _due_first(item: tuple[str, dict[str, Any]]) -> str:
    return item[0]
