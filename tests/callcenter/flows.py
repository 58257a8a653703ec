"""Small scripted flows the call center tests share: a station working an order to the end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.support.callcenter_server import new_event

COMPLETED = {"work_done": "更换起动机,试车正常", "technicians": ["李师傅"],
             "parts": [{"name": "起动机", "part_no": "QD-100", "quantity": "1", "price": "860"}],
             "outside_distance_km": 12.5}


def work_to_completion(station: httpx.Client, order_id: str, *,
                       start: datetime | None = None, step: timedelta = timedelta(seconds=1),
                       **event_fields: Any) -> list[dict[str, Any]]:
    """Push received → reached → departed → arrived → completed; all must be accepted."""
    at = start or datetime.now(UTC)
    now = datetime.now(UTC)
    events = []
    for i, (etype, payload) in enumerate([
        ("received", {}),
        ("contact_attempt", {"outcome": "reached", "note": "用户在家"}),
        ("departed", {"technicians": ["李师傅"]}),
        ("arrived", {}),
        ("completed", COMPLETED),
    ]):
        when = at + i * step
        fields = {"occurred_at": when.isoformat(), "recorded_at": max(when, now).isoformat()}
        if when < now - timedelta(minutes=5):
            fields["backdate_reason"] = "补录 entered afterwards"
        fields.update(event_fields)
        events.append(new_event(order_id, etype, payload, **fields))
    r = station.post("/v1/events", json={"events": events})
    r.raise_for_status()
    statuses = [x["status"] for x in r.json()["results"]]
    assert statuses == ["accepted"] * 5, r.json()
    return events


def flagged_orders(server: Any, station: httpx.Client, reviewer: httpx.Client, at: datetime
                   ) -> dict[str, str]:
    """Four repairs of the station's (code "12345") completed a few minutes after ``at``, each
    with one of the reviewer's flags the audit list stores: phone-entered, urged, corrected,
    closed without callback. Returns the order id by flag name."""
    code = "12345"
    dispatcher = server.client(server.add_user("调度员", "dispatcher"))
    out = {}
    phoned = server.issue_order(code, kind="repair", issued_at=at.isoformat())
    work_to_completion(station, phoned["id"], start=at + timedelta(minutes=5),
                       phoned_at=(at - timedelta(hours=30)).isoformat())
    out["phone_entered"] = phoned["id"]
    urged = server.issue_order(
        code, kind="repair", issued_at=(at + timedelta(minutes=1)).isoformat())
    r = dispatcher.post(f"/v1/orders/{urged['id']}/urge", json={"reason": "用户催促"})
    assert r.status_code == 200, r.text
    work_to_completion(station, urged["id"], start=at + timedelta(minutes=6))
    out["urged"] = urged["id"]
    fixed = server.issue_order(
        code, kind="repair", issued_at=(at + timedelta(minutes=2)).isoformat())
    events = work_to_completion(station, fixed["id"], start=at + timedelta(minutes=7),
                                step=timedelta(minutes=2))
    late_call = new_event(fixed["id"], "contact_attempt", {"outcome": "reached"},
                          occurred_at=(at + timedelta(minutes=8)).isoformat(),
                          backdate_reason="补录 forgot it")
    r = station.post("/v1/events", json={"events": [late_call]})
    assert r.json()["results"][0]["status"] == "accepted", r.text
    assert events[-1]["type"] == "completed"
    out["corrected"] = fixed["id"]
    closed = server.issue_order(
        code, kind="repair", issued_at=(at + timedelta(minutes=3)).isoformat())
    work_to_completion(station, closed["id"], start=at + timedelta(minutes=8))
    r = reviewer.post(f"/v1/orders/{closed['id']}/close",
                      json={"without_callback_reason": "用户拒绝回访"})
    assert r.status_code == 200, r.text
    out["without_callback"] = closed["id"]
    return out
