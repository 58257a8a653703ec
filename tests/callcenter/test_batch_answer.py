"""The answer to a batch is what the older code answered, byte for byte, to a v1 and to a v2
client: the route reads the body its guard already decoded and writes a stored event's plain
result without a model. Every body check still holds on that route."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from callcenter.routes.sync import batch_answer
from callcenter.working_set import Stored
from common.refusal import Refusal
from station_app import wire
from tests.support.callcenter_server import new_event

pytestmark = pytest.mark.integration
A = "12345"


def _batch(server: Any) -> tuple[Any, list[Any]]:
    station = server.client(server.add_station(A))
    order = server.issue_order(A)["id"]
    cancelled = server.issue_order(A)["id"]
    server.cancel_order(cancelled)
    sent_before = new_event(order, "received")
    assert station.post("/v1/events", json={"events": [sent_before]}).status_code == 200
    return station, [
        new_event(order, "note", {"text": "到店 ✓"}),
        sent_before,
        {**new_event(order, "note", {"text": "x"}), "colour": "red"},
        "not an event",
        new_event(cancelled, "departed", {"technicians": ["李师傅"]}),
        new_event(order, "note", {"text": "路上"}),
    ]


def _shape(results: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Each result without its id and position, which differ from run to run."""
    return [(r["status"], sorted(r), r.get("reason"), (r.get("why") or {}).get("code"),
             (r.get("original") or {}).get("status")) for r in results]


def _as_pydantic_writes_it(text: str) -> str:
    return wire.BatchResult.model_validate_json(text).model_dump_json(exclude_none=True)


def test_a_v1_client_gets_the_v1_answer(server):
    station, events = _batch(server)
    r = station.post("/v1/events", json={"events": events})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    assert r.text == _as_pydantic_writes_it(r.text)
    results = r.json()["results"]
    assert _shape(results) == [
        ("accepted", ["id", "reason", "seq", "status"], "", None, None),
        ("duplicate", ["id", "reason", "seq", "status"], "", None, None),
        ("rejected", ["id", "reason", "status"], "colour: unknown field / 未知字段", None, None),
        ("rejected", ["id", "reason", "status"],
         "event: payload invalid: an event is a JSON object / 内容无效:每条记录须为JSON对象",
         None, None),
        ("late", ["id", "reason", "seq", "status"],
         "the order is cancelled: the fact is kept but does not change its status / "
         "订单状态为“已取消”:此记录已保存,但不改变订单状态", None, None),
        ("accepted", ["id", "reason", "seq", "status"], "", None, None),
    ]
    assert [x["id"] for x in results] == [
        e["id"] if isinstance(e, dict) else "00000000-0000-0000-0000-000000000000"
        for e in events]


def test_a_v2_client_gets_reasons_as_data(server):
    station, events = _batch(server)
    r = station.post("/v1/events", json={"events": events}, headers={"X-Wire-Version": "2"})
    assert r.status_code == 200, r.text
    assert r.text == _as_pydantic_writes_it(r.text)
    assert _shape(r.json()["results"]) == [
        ("accepted", ["id", "reason", "seq", "status"], "", None, None),
        ("duplicate", ["id", "original", "reason", "seq", "status", "why"], "", "duplicate",
         "accepted"),
        ("rejected", ["id", "reason", "status", "why"], "", "unknown_field", None),
        ("rejected", ["id", "reason", "status", "why"], "", "invalid", None),
        ("late", ["id", "reason", "seq", "status", "why"], "", "late_after_cancel", None),
        ("accepted", ["id", "reason", "seq", "status"], "", None, None),
    ]


def _stored(status: wire.EventResultStatus, why: Refusal | None, pos: int) -> Stored:
    return Stored(uuid.uuid4(), status, why, (), pos)


@pytest.mark.parametrize("v1", [True, False])
def test_the_answer_is_byte_for_byte_what_the_models_write(v1):
    """`batch_answer` writes a stored event's plain result itself; every byte is what
    `wire.BatchResult` with `EventResult`s would have written (the older route's answer)."""
    late = Refusal.of("late_after_cancel", "the order is cancelled", "订单已取消")
    results: list[Any] = [
        _stored(wire.EventResultStatus.ACCEPTED, None, 1),
        _stored(wire.EventResultStatus.LATE, late, 2),
        _stored(wire.EventResultStatus.ACCEPTED, Refusal.of("correction", "补录", "完工后补录"),
                3),
        wire.EventResult(id=uuid.uuid4(), status=wire.EventResultStatus.REJECTED,
                         why=Refusal.of("invalid", "x \"q\" \u2028", "无效", "payload.text")),
        wire.EventResult(id=uuid.uuid4(), status=wire.EventResultStatus.DUPLICATE, seq=9,
                         why=Refusal.of("duplicate", "already received", "已收到"),
                         original=wire.OriginalResult(status=wire.EventResultStatus.LATE,
                                                      why=late, seq=9)),
        _stored(wire.EventResultStatus.ACCEPTED, None, 2**40),
    ]
    at = datetime(2026, 12, 2, 6, 30, 1, 250_000, tzinfo=UTC)
    models = [r.result() if isinstance(r, Stored) else r for r in results]
    older = wire.BatchResult(results=[m.for_v1() if v1 else m for m in models],
                             server_time=at).model_dump_json(exclude_none=True)
    assert batch_answer(results, v1, at) == older.encode()
    assert batch_answer([], v1, at) == wire.BatchResult(
        results=[], server_time=at).model_dump_json(exclude_none=True).encode()


@pytest.mark.parametrize(("body", "code", "field"), [
    (b'{"events": [], "events": []}', "duplicate_key", "events"),
    (b'{"events": [{"id": "a", "id": "b"}]}', "duplicate_key", "id"),
    (b'{"events": [' + b"1" * 41 + b"]}", "bad_json", "body"),
    (b'{"events": [NaN]}', "bad_json", "body"),
    (b'{"events": [' * 100_000 + b"]" * 100_000 + b"}", "bad_json", "body"),
    (b'{"events": ["\xff"]}', "bad_json", "body"),
    (b'{"events": [}', "bad_json", "body"),
])
def test_every_body_check_still_holds_on_the_batch_route(server, body, code, field):
    station = server.client(server.add_station(A))
    r = station.post("/v1/events", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    [error] = r.json()["errors"]
    assert (error["code"], error["field"]) == (code, field)


def test_the_envelope_is_still_checked_by_the_route(server):
    station = server.client(server.add_station(A))
    for body, field in (({"events": [], "more": 1}, "more"), ({}, "events"),
                        ({"events": [{}] * 501}, "events")):
        r = station.post("/v1/events", json=body)
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["field"] == field, r.text
