"""The sync endpoints against a real uvicorn: issue → long-poll wakes, pushes with duplicates and
conflicts, late facts after cancel, reassignment between stations, restart on the same port."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from station_app import wire, wire_orders
from tests.support.callcenter_server import new_event

pytestmark = pytest.mark.integration

A, B = "12345", "23456"


def _poll_in_thread(client: httpx.Client, after: int, wait: float) -> tuple[threading.Thread,
                                                                            dict[str, Any]]:
    out: dict[str, Any] = {}

    def run() -> None:
        out["response"] = client.get("/v1/changes", params={"after": after, "wait": wait})

    t = threading.Thread(target=run)
    t.start()
    return t, out


def test_issue_wakes_a_waiting_station_with_the_order(server):
    station = server.client(server.add_station(A, "合肥北站"), timeout=10)
    thread, out = _poll_in_thread(station, after=0, wait=30)
    server.wait_for_pollers(A)
    order = server.issue_order(A, kind="rescue", location="G3高速 1024公里")
    thread.join()
    response = out["response"]
    assert response.status_code == 200
    page = wire.ChangesPage.model_validate(response.json())
    assert [c.kind for c in page.changes] == ["order"]
    change = page.changes[0]
    assert change.seq == 1 and page.last_seq == 1
    assert change.order is not None
    Order = wire_orders.Order
    assert Order.model_validate(change.order).id == Order.model_validate(order).id
    assert [e["type"] for e in change.events or []] == ["issued"]
    assert order["business_no"].startswith("QY")


def test_changes_answer_at_once_without_wait_and_carry_the_server_time(server):
    station = server.client(server.add_station(A))
    r = station.get("/v1/changes")
    assert r.status_code == 200
    assert r.json()["changes"] == [] and r.json()["last_seq"] == 0
    sent = datetime.fromisoformat(r.headers[wire.SERVER_TIME_HEADER])
    assert abs(sent - datetime.now(UTC)) < timedelta(minutes=1)
    # errors too
    r = server.client("nope.nope").get("/v1/changes")
    assert r.status_code == 401 and wire.SERVER_TIME_HEADER in r.headers


def test_duplicate_and_conflicting_pushes(server):
    station = server.client(server.add_station(A))
    order = server.issue_order(A)
    received = new_event(order["id"], "received")
    contact = new_event(order["id"], "contact_attempt", {"outcome": "reached", "note": "明早上门"})
    r = station.post("/v1/events", json={"events": [received, contact]})
    assert [x["status"] for x in r.json()["results"]] == ["accepted", "accepted"]

    conflicting = {**contact, "payload": {"outcome": "no_answer", "note": ""}}
    r = station.post("/v1/events", json={"events": [contact, received, conflicting]})
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["duplicate", "duplicate", "rejected"]
    assert [x["id"] for x in results] == [contact["id"], received["id"], contact["id"]]
    assert "different content" in results[2]["reason"]

    full = station.get(f"/v1/orders/{order['id']}").json()
    assert full["status"] == "contacted"
    assert [e["type"] for e in full["events"]] == ["issued", "received", "contact_attempt"]
    assert full["events"][2]["station_code"] == A  # filled in from the token


def test_late_facts_after_cancel_are_kept_and_flagged(server):
    station = server.client(server.add_station(A))
    order = server.issue_order(A)
    r = station.post("/v1/events", json={"events": [new_event(order["id"], "received")]})
    assert r.json()["results"][0]["status"] == "accepted"
    server.cancel_order(order["id"], "用户自行修好")

    departed = new_event(order["id"], "departed", {"technicians": ["李师傅"]})
    r = station.post("/v1/events", json={"events": [departed]})
    result = r.json()["results"][0]
    assert result["status"] == "late" and "cancelled" in result["reason"]
    again = station.post("/v1/events", json={"events": [departed]}).json()["results"][0]
    assert again["status"] == "duplicate" and again["reason"] == result["reason"]

    full = station.get(f"/v1/orders/{order['id']}").json()
    assert full["status"] == "cancelled"
    assert full["late_event_ids"] == [departed["id"]]
    # the station was told of the cancel; its own facts are in its feed too (for its other
    # PCs), the late one once
    kinds = [(c["kind"], c["event"]["type"] if c["event"] else None)
             for c in station.get("/v1/changes").json()["changes"]]
    assert kinds == [("order", None), ("event", "received"), ("event", "cancelled"),
                     ("event", "departed")]


def test_reassign_moves_the_order_between_stations(server):
    old = server.client(server.add_station(A))
    new = server.client(server.add_station(B))
    order = server.issue_order(A)
    old.post("/v1/events", json={"events": [new_event(order["id"], "received")]})
    cursor_old = old.get("/v1/changes").json()["last_seq"]

    thread, out = _poll_in_thread(new, after=0, wait=30)
    server.wait_for_pollers(B)
    moved = server.reassign_order(order["id"], B, "原站无配件")
    thread.join()
    assert moved["order"]["station_code"] == B and moved["status"] == "new"

    page = out["response"].json()
    assert [c["kind"] for c in page["changes"]] == ["order"]
    assert page["changes"][0]["order"]["station_code"] == B
    assert [e["type"] for e in page["changes"][0]["events"]] == ["issued", "received",
                                                                 "reassigned"]

    removed = old.get("/v1/changes", params={"after": cursor_old}).json()["changes"]
    assert [c["kind"] for c in removed] == ["order_removed"]
    assert removed[0]["event"]["payload"]["to_station"] == B

    assert old.get(f"/v1/orders/{order['id']}").status_code == 404
    late = old.post("/v1/events", json={"events": [new_event(order["id"], "departed")]})
    assert late.json()["results"][0]["status"] == "late"
    # the old station's late fact reaches the new station as an event change
    after = page["last_seq"]
    changes = new.get("/v1/changes", params={"after": after}).json()["changes"]
    assert [(c["kind"], c["event"]["type"]) for c in changes] == [("event", "departed")]


def test_events_for_unknown_or_foreign_orders_are_rejected(server):
    a = server.client(server.add_station(A))
    server.add_station(B)
    theirs = server.issue_order(B)
    unknown = new_event("7d0f1f55-2b8c-4d3c-9a51-0e8a5f0f0f0f", "received")
    foreign = new_event(theirs["id"], "received")
    wrong_station = new_event(theirs["id"], "received", station_code=B)
    results = a.post("/v1/events",
                     json={"events": [unknown, foreign, wrong_station]}).json()["results"]
    assert [x["status"] for x in results] == ["rejected"] * 3
    assert "unknown order" in results[0]["reason"]
    assert results[1]["reason"] == results[0]["reason"]  # nothing said about their order
    assert a.get(f"/v1/orders/{theirs['id']}").status_code == 404


def test_a_station_cannot_record_call_center_events(server):
    a = server.client(server.add_station(A))
    order = server.issue_order(A)
    cancel = new_event(order["id"], "cancelled", {"reason": "不想做了"})
    result = a.post("/v1/events", json={"events": [cancel]}).json()["results"][0]
    assert result["status"] == "rejected" and "not allowed for your role" in result["reason"]


def test_impossible_times_are_rejected_per_event(server):
    a = server.client(server.add_station(A))
    order = server.issue_order(A)
    future = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    past = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    ok = new_event(order["id"], "received")
    results = a.post("/v1/events", json={"events": [
        new_event(order["id"], "arrived", occurred_at=future, recorded_at=future),
        new_event(order["id"], "completed", {"work_done": "换火花塞", "technicians": ["李"]},
                  occurred_at=past, recorded_at=past),
        ok,
    ]}).json()["results"]
    assert [x["status"] for x in results] == ["rejected", "rejected", "accepted"]
    assert "future" in results[0]["reason"]
    assert "before the order was issued" in results[1]["reason"]


def test_server_goes_down_and_comes_back_on_the_same_port_and_database(server):
    station = server.client(server.add_station(A), timeout=5)
    server.issue_order(A)
    port = server.port
    thread, out = _poll_in_thread(station, after=1, wait=30)
    server.wait_for_pollers(A)
    server.stop()
    thread.join()
    assert out["response"].json()["changes"] == []  # parked long-polls are answered on the way
    with pytest.raises(httpx.ConnectError):
        station.get("/v1/health")
    server.start()
    assert server.port == port
    r = station.get("/v1/changes")
    assert r.status_code == 200 and r.json()["last_seq"] == 1


def test_facts_from_before_the_order_was_issued_phone_first(server):
    """The call center phones the station first and issues the order afterwards: the station's
    earlier facts are kept; only a completion before the issue is impossible."""
    station = server.client(server.add_station(A))
    order = server.issue_order(A, kind="rescue", location="G3高速 1024公里")
    issued = datetime.fromisoformat(order["issued_at"])
    before = (issued - timedelta(minutes=40)).isoformat()
    now = datetime.now(UTC).isoformat()
    early = [new_event(order["id"], etype, payload, occurred_at=before, recorded_at=now,
                       backdate_reason="电话先通知,后补派工单")
             for etype, payload in [("received", {}),
                                    ("contact_attempt", {"outcome": "reached"}),
                                    ("completed", {"work_done": "修好", "technicians": ["李"]})]]
    results = station.post("/v1/events", json={"events": early}).json()["results"]
    assert [x["status"] for x in results] == ["accepted", "accepted", "rejected"]
    assert "before the order was issued" in results[2]["reason"]


def test_a_page_names_its_last_change_and_a_cursor_the_feed_does_not_hold_is_refused(server):
    """`last_mark` is the identity of change `last_seq`; sent back as `mark`, it proves the
    station's cursor is this feed's. A feed restored from an older backup numbers its next
    changes as the lost ones were: the station asking after one of those is told so (409
    `feed_rewound`), not answered with a page that skips what it never received."""
    station = server.client(server.add_station(A))
    server.issue_order(A)
    server.issue_order(A)
    page = station.get("/v1/changes").json()
    assert page["last_seq"] == 2 and len(page["last_mark"]) == wire.MARK_LENGTH
    first = station.get("/v1/changes", params={"after": 0, "wait": 0}).json()
    assert first["last_mark"] == page["last_mark"]  # the same change, the same identity

    at_one = station.get("/v1/changes", params={"after": 1}).json()
    assert at_one["last_mark"] == page["last_mark"]

    # the station's own cursor, as it holds it: the page goes on from there
    mine = station.get("/v1/changes", params={"after": 2, "mark": page["last_mark"]})
    assert mine.status_code == 200
    assert mine.json()["changes"] == [] and mine.json()["last_mark"] == page["last_mark"]
    third = server.issue_order(A)
    after = station.get("/v1/changes", params={"after": 2, "mark": page["last_mark"]}).json()
    assert [c["order_id"] for c in after["changes"]] == [third["id"]]
    assert after["last_mark"] not in ("", None, page["last_mark"])

    # change 2 under another identity (what a restored feed gives its next order) ...
    other = station.get("/v1/changes", params={"after": 2, "mark": "0123456789abcdef"})
    assert other.status_code == 409
    why = other.json()["errors"][0]
    assert why["code"] == "feed_rewound" and why["field"] == "after"
    assert "backup" in why["message_en"] and "备份" in why["message_zh"]
    # ... or a change the feed has not numbered yet
    ahead = station.get("/v1/changes", params={"after": 9, "mark": page["last_mark"]})
    assert ahead.status_code == 409 and ahead.json()["errors"][0]["code"] == "feed_rewound"
    # a station from before marks asks without one, and is answered as before
    assert station.get("/v1/changes", params={"after": 9}).status_code == 200
    assert station.get("/v1/changes", params={"after": 2, "mark": "not hex!"}).status_code == 422
