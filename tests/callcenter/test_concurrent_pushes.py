"""The same events pushed twice at the same time (a station retrying while its first request
is still running): each is stored once, one copy is accepted, the other is a duplicate."""

from __future__ import annotations

import threading

import pytest

from tests.support.callcenter_server import new_event

pytestmark = pytest.mark.integration

A = "12345"


def test_simultaneous_copies_of_a_batch_are_stored_once(server):
    token = server.add_station(A)
    clients = [server.client(token) for _ in range(2)]
    orders = [server.issue_order(A)["id"] for _ in range(5)]
    reviewer = server.reviewer
    for round_ in range(4):
        batch = [new_event(oid, "note", {"text": f"第{round_}轮 {i}"})
                 for i, oid in enumerate(orders * 10)]
        results: list[list[dict]] = [[], []]
        start = threading.Barrier(3)

        def push(n: int, batch=batch, results=results, start=start) -> None:
            start.wait()
            r = clients[n].post("/v1/events", json={"events": batch})
            r.raise_for_status()
            results[n] = r.json()["results"]

        def review(start=start, round_=round_) -> None:
            start.wait()
            notes = [new_event(oid, "note", {"text": f"审核备注{round_}"}, author="审核")
                     for oid in reversed(orders)]
            r = reviewer.post("/v1/events", json={"events": notes})
            assert [x["status"] for x in r.json()["results"]] == ["accepted"] * len(orders)

        threads = [threading.Thread(target=push, args=(n,)) for n in (0, 1)]
        threads.append(threading.Thread(target=review))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for a, b in zip(results[0], results[1], strict=True):
            assert {a["status"], b["status"]} == {"accepted", "duplicate"}, (a, b)
            assert a["seq"] == b["seq"]
    for oid in orders:
        events = server.reviewer.get(f"/v1/orders/{oid}").json()["events"]
        assert len(events) == 1 + 4 * 10 + 4  # issued, the station's notes, the reviewer's
        assert len({e["id"] for e in events}) == len(events)
