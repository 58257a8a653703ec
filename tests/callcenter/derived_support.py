"""An in-process call center database for the derived-column tests: stations, principals, and
events of every type recorded through the real `ingest.record_batch`."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from callcenter import db as database
from callcenter import derived, derived_store, ingest, orders, working_set
from callcenter.auth import Principal, Role
from callcenter.config import ServiceConfig
from callcenter.models import OrderRow, Station, create_schema
from station_app.domain.kinds import OrderKind

BASE = datetime(2026, 11, 20, 1, 0, tzinfo=UTC)
NOW = BASE + timedelta(days=3)
STATIONS = ("12345", "54321")
STATION = {code: Principal(f"t{code}", Role.STATION, code, code) for code in STATIONS}
ADMIN = Principal("tadmin", Role.ADMIN, "王审核")
SCORES = {"skill": 5, "attitude": 4, "timeliness": 3, "parts": 5, "overall": 4}
COMPLETED = {"work_done": "更换起动机", "technicians": ["李师傅"]}

PAYLOADS: dict[str, list[dict[str, Any]]] = {
    "received": [{}],
    "contact_attempt": [{"outcome": "reached"}, {"outcome": "no_answer"}],
    "appointment_booked": [{"appointment_at": (BASE + timedelta(days=1)).isoformat()}],
    "departed": [{"technicians": ["李师傅"]}],
    "arrived": [{}],
    "completed": [COMPLETED],
    "declined": [{"reason": "没有配件"}],
    "note": [{"text": "用户来电"}],
    "form_printed": [{"form": "job_sheet"}],
    "updated": [{"changes": {"location": "合肥北"}},
                {"changes": {"customer": {"name": "李女士", "phone": "13800000000"}}}],
    "cancelled": [{"reason": "用户取消"}],
    "reassigned": [{"from_station": a, "to_station": b, "reason": "改派"}
                   for a in STATIONS for b in STATIONS if a != b],
    "callback": [{"outcome": "reached", "scores": SCORES},
                 {"outcome": "no_answer"}, {"outcome": "no_answer", "unreachable": True},
                 {"outcome": "refused", "unreachable": True}],
    "closed": [{"close_date": "2026-11-22"},
               {"close_date": "2026-11-22", "without_callback_reason": "用户拒绝回访"}],
    "reopened": [{"reason": "用户不满意"}],
    "sent_back": [{"reason": "工时未填"}],
    "urged": [{"reason": "用户催促"}],
    "voided": [{}],  # names an earlier entry of the batch: `event_id` filled in by the test
}
STATION_TYPES = ("received", "contact_attempt", "appointment_booked", "departed", "arrived",
                 "completed", "declined", "note", "form_printed", "voided")


def open_db(folder: Path) -> None:
    open_url(str(folder / "derived.sqlite3"))


def open_url(db_url: str) -> None:
    """The database at ``db_url`` (a SQLite file or PostgreSQL) with the schema and stations."""
    database.db.initialize(database.make_database(db_url))
    database.read(create_schema)

    def stations() -> None:
        for code in STATIONS:
            Station.get_or_create(code=code, defaults={"name": f"站{code}", "created_at": BASE})

    database.write(stations)


def issue(kind: OrderKind = OrderKind.RESCUE, config: ServiceConfig | None = None,
          at: datetime = BASE) -> str:
    req = orders.IssueRequest(station_code=STATIONS[0], kind=kind,
                              customer={"name": "张先生", "phone": "13912345678"},
                              location="合肥北二环",
                              issued_at=at)
    order, _ = database.write(lambda: orders.issue(ADMIN, req, NOW, config or ServiceConfig()))
    return str(order.id)


def event(order_id: str, etype: str, payload: dict[str, Any], minutes: float, *,
          station: str | None = None, backdated: bool = False,
          clock_offset_ms: int | None = None, phoned: bool = False
          ) -> tuple[Principal, dict[str, Any]]:
    at = BASE + timedelta(minutes=minutes)
    raw: dict[str, Any] = {
        "id": str(uuid.uuid4()), "order_id": order_id, "type": etype,
        "occurred_at": at.isoformat(), "recorded_at": NOW.isoformat(), "author": "李师傅",
        "payload": payload,
    }
    if backdated:
        raw["backdate_reason"] = "补录"
    if station is not None:
        raw["clock_offset_ms"] = clock_offset_ms
        if phoned:  # on an order the station entered from a phone call, before issue
            raw["phoned_at"] = (BASE - timedelta(hours=30)).isoformat()
        return STATION[station], raw
    return ADMIN, raw


def record(batch: list[tuple[Principal, dict[str, Any]]], config: ServiceConfig) -> None:
    """Record the events, consecutive ones of the same principal in one batch."""
    groups: list[tuple[Principal, list[dict[str, Any]]]] = []
    for who, raw in batch:
        if groups and groups[-1][0] == who:
            groups[-1][1].append(raw)
        else:
            groups.append((who, [raw]))
    for who, raws in groups:
        database.write(lambda who=who, raws=raws: ingest.record_batch(who, raws, NOW, config))


def stored_and_full(order_id: str, config: ServiceConfig
                    ) -> tuple[dict[str, Any], dict[str, Any], Any, Any]:
    """(stored columns, columns of a full fold, stored state, state of the domain's fold)."""
    def read() -> tuple[dict[str, Any], dict[str, Any], Any, Any]:
        row = OrderRow.get_by_id(order_id)
        rows = working_set.order_events(order_id)
        full = derived_store.fold_rows(rows)
        want = derived.columns(full, row.data, NOW, config)
        have = {k: getattr(row, k) for k in want}
        # the state as values: its text may spell a moment either way ("Z" or "+00:00")
        have["derived"], want["derived"] = (derived.from_json(have["derived"]),
                                            derived.from_json(want["derived"]))
        stored = derived.from_json(row.derived)
        return have, want, stored.state if stored else None, working_set.fold_rows(rows)

    return database.read(read)


def list_row_and_detail(order_id: str, config: ServiceConfig, now: datetime = NOW
                        ) -> tuple[Any, Any, dict[str, Any]]:
    """The audit list's summary row (from the stored columns), the order opened on its own
    (folded from its events) and what a full fold of the events says each of the row's
    fields holds; both judged at ``now``."""
    from callcenter import audit_list, review
    from station_app import console_wire

    def read() -> tuple[Any, Any, dict[str, Any]]:
        row = OrderRow.get_by_id(order_id)
        [listed] = audit_list.list_rows(audit_list.list_query().where(OrderRow.id == order_id),
                                        now, config)
        events = working_set.order_events(order_id)
        opened = review.audit_order(row, events, "", now, config)
        full = derived_store.fold_rows(events)
        order = opened.order
        want = {
            "id": order.id, "business_no": order.business_no,
            "station_code": order.station_code,
            "station_name": Station.get_by_id(order.station_code).name,
            "kind": order.kind.value,
            "complaint_level": order.complaint_level.value if order.complaint_level else None,
            "customer_name": order.customer.name, "customer_phone": order.customer.phone,
            "done_at": full.state.completed_at or full.state.declined_at,
            "status": opened.status, "audited": opened.audited,
            "close_date": opened.close_date, "flags": opened.flags,
            "callback_state": derived.callback_state(full),
            "callback_unreached": derived.callback_unreached(full),
            "callback_outcome": full.callback_outcome, "callback_mean": full.callback_mean,
            "deadlines": opened.deadlines,
        }
        return console_wire.AuditRow.model_validate(listed), opened, want

    return database.read(read)


def board_entry_and_fold(order_id: str, config: ServiceConfig) -> tuple[Any, dict[str, Any]]:
    """The order's entry on the dispatch board (read off its stored state) and what a full
    fold of its events says the entry holds."""
    from callcenter import review
    from callcenter.routes.board import _board
    from station_app import wire, wire_orders

    def read() -> tuple[Any, dict[str, Any]]:
        row = OrderRow.get_by_id(order_id)
        page = _board(row.issued_at.astimezone(config.tz).date(), NOW, config)
        [entry] = [o for o in page.orders if str(o.order.id) == order_id]
        events = working_set.order_events(order_id)
        state = working_set.fold_rows(events)
        order = wire_orders.Order.model_validate(row.data)
        deadlines = review._deadlines(order, state, NOW, config)
        wire_events = [wire.Event.model_validate_json(e.content) for e in events]
        return entry, {
            "status": state.status.value if state.status else "new",
            "deadlines": review.board_deadlines(order, deadlines, config),
            "last_event_at": max((e.occurred_at for e in events), default=None),
            "contact_attempts": state.contact_attempts, "urges": state.urges,
            "mark": review.board_mark(deadlines),
            "handling_log": [e for e in wire_events if review.is_handling_log(e)],
        }

    return database.read(read)
