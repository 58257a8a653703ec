"""The per-station report by SQL aggregation over the orders' derived columns: one grouped
query, whatever the number of orders; every share comes with the counts it is made of."""

from __future__ import annotations

from datetime import date, datetime

import peewee as pw

from callcenter.config import ServiceConfig
from callcenter.models import EventRow, OrderRow, Station
from station_app import console_wire
from station_app.domain.events import EventType
from station_app.domain.lifecycle import Status


def _count(cond: pw.Expression) -> pw.Function:
    return pw.fn.SUM(pw.Case(None, [(cond, 1)], 0))


def _decided(due: pw.Field, done: pw.Field, now: datetime) -> pw.Expression:
    """Done, or open past its due time: the deadline's verdict is in (met, missed, breached)."""
    return due.is_null(False) & (done.is_null(False) | (due <= now))


def _met(due: pw.Field, done: pw.Field) -> pw.Expression:
    return due.is_null(False) & done.is_null(False) & (done <= due)


def _urges(start: datetime, end: datetime) -> dict[str, int]:
    """Per station, the urges on the period's orders: the urge events of the few orders
    flagged urged (`flag_urged`), not every order's events. (A correlated count in the
    grouped query costs more: PostgreSQL's planner prices it high and compiles it, JIT.)"""
    o, e = OrderRow, EventRow
    rows = (e.select(o.station_code, pw.fn.COUNT(e.pos))
            .join(o, on=(e.order == o.id))
            .where((o.issued_at >= start) & (o.issued_at < end)
                   & (o.flag_urged == True)  # noqa: E712 (SQL)
                   & (e.status == "accepted") & (e.type == EventType.URGED.value))
            .group_by(o.station_code).tuples())
    return {station: int(n) for station, n in rows}


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


def other_policy(date_from: date, date_to: date, config: ServiceConfig) -> bool:
    """Whether an order of the period has deadlines computed under another SLA policy or
    calendar than the one in force (another process's settings)."""
    from callcenter import derived
    from callcenter.review import local_day_bounds

    start, _ = local_day_bounds(date_from, config)
    _, end = local_day_bounds(date_to, config)
    return bool(OrderRow.select(OrderRow.id).where(
        (OrderRow.issued_at >= start) & (OrderRow.issued_at < end)
        & (OrderRow.derived_policy != derived.policy_fingerprint(config))).exists())


def stations_report(date_from: date, date_to: date, now: datetime,
                    config: ServiceConfig) -> console_wire.StationsReport:
    """Per station, the orders issued between the two local dates (inclusive)."""
    from callcenter.review import local_day_bounds

    start, _ = local_day_bounds(date_from, config)
    _, end = local_day_bounds(date_to, config)
    o = OrderRow
    contact_decided = (_count(_decided(o.contact_due_at, o.contact_done_at, now))
                       + _count(_decided(o.appointment_due_at, o.appointment_done_at, now)))
    contact_met = (_count(_met(o.contact_due_at, o.contact_done_at))
                   + _count(_met(o.appointment_due_at, o.appointment_done_at)))
    query = (o.select(
        o.station_code,
        pw.fn.COUNT(o.id).alias("orders"),
        contact_decided.alias("contact_decided"),
        contact_met.alias("contact_met"),
        _count(_decided(o.completion_due_at, o.completion_done_at, now)).alias(
            "completion_decided"),
        _count(_met(o.completion_due_at, o.completion_done_at)).alias("completion_met"),
        _count(_decided(o.callback_due_at, o.callback_done_at, now)).alias("callback_decided"),
        _count(_met(o.callback_due_at, o.callback_done_at)).alias("callback_met"),
        _count(o.status == Status.CLOSED.value).alias("closed"),
        _count(o.reopened_count > 0).alias("reopened"),
        # closed, and the (last) close gave a reason for having no callback
        _count((o.status == Status.CLOSED.value) & (o.flag_without_callback == True)  # noqa: E712
               ).alias("without_callback"),
        pw.fn.SUM(o.satisfaction_sum).alias("sat_sum"),
        pw.fn.SUM(o.satisfaction_count).alias("sat_count"),
    ).where((o.issued_at >= start) & (o.issued_at < end))
        .group_by(o.station_code).order_by(o.station_code).dicts())
    names = {s.code: s.name for s in Station.select(Station.code, Station.name)}
    urges = _urges(start, end)
    out = []
    for r in query:
        orders = int(r["orders"])
        sat_count = int(r["sat_count"] or 0)
        counts = {k: int(r[k] or 0) for k in ("contact_decided", "contact_met",
                                               "completion_decided", "completion_met",
                                               "callback_decided", "callback_met",
                                               "closed", "reopened", "without_callback")}
        out.append(console_wire.StationReport(
            station_code=r["station_code"], station_name=names.get(r["station_code"], ""),
            orders=orders,
            contact_sla_met_pct=_pct(counts["contact_met"], counts["contact_decided"]),
            completion_sla_met_pct=_pct(counts["completion_met"], counts["completion_decided"]),
            mean_satisfaction=round(float(r["sat_sum"]) / sat_count, 2) if sat_count else None,
            closed_pct=_pct(counts["closed"], orders) or 0.0,
            reopened_pct=_pct(counts["reopened"], orders) or 0.0,
            contact_sla_met=counts["contact_met"], contact_sla_decided=counts["contact_decided"],
            completion_sla_met=counts["completion_met"],
            completion_sla_decided=counts["completion_decided"],
            satisfaction_callbacks=sat_count, closed=counts["closed"],
            reopened=counts["reopened"],
            callback_sla_met_pct=_pct(counts["callback_met"], counts["callback_decided"]),
            callback_sla_met=counts["callback_met"],
            callback_sla_decided=counts["callback_decided"],
            closed_without_callback=counts["without_callback"],
            urges=urges.get(r["station_code"], 0),
        ))
    return console_wire.StationsReport(date_from=date_from, date_to=date_to,
                                       timezone=str(config.tz), stations=out)
