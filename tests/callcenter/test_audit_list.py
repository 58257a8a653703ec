"""The paged audit list on a real server: summary rows in (completed at, number) order walked
with a keyset cursor, server-side filters, rows that agree with the order opened on its own."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.callcenter.flows import flagged_orders, work_to_completion

pytestmark = pytest.mark.integration

A, B = "12345", "23456"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _yesterday_at(hour: int) -> datetime:
    day = datetime.now(SHANGHAI).date() - timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI).astimezone(UTC)


@pytest.fixture
def seeded(server):
    """17 orders completed yesterday at two stations: rescues reached late (contact late) with
    a clock 3 min off every third one, repairs on time."""
    stations = {A: server.client(server.add_station(A, "合肥北站")),
                B: server.client(server.add_station(B, "芜湖站"))}
    reviewer = server.client(server.add_user("审核员", "reviewer"))
    morning = _yesterday_at(8)
    ids = []
    for n in range(17):
        code = A if n % 2 else B
        kind = "rescue" if n % 3 == 0 else "repair"
        at = morning + timedelta(minutes=10 * n)
        extra = {"location": "G3高速"} if kind == "rescue" else {}
        order = server.issue_order(code, kind=kind, issued_at=at.isoformat(), **extra)
        offset = {"clock_offset_ms": 180_000} if n % 6 == 0 else {}
        # the same start for two orders: equal completion times, ordered by number
        start = at + timedelta(minutes=40 if kind == "rescue" else 2)
        work_to_completion(stations[code], order["id"], start=start, **offset)
        ids.append(order["id"])
    return reviewer, morning.astimezone(SHANGHAI).date().isoformat(), ids


def _walk(reviewer, day, limit, **params):
    rows, cursor, pages, total = [], None, 0, None
    while True:
        query = {"date": day, "state": "all", "limit": limit, **params}
        if cursor:
            query["cursor"] = cursor
        r = reviewer.get("/v1/audit/list", params=query)
        assert r.status_code == 200, r.text
        page = r.json()
        if pages == 0:
            total = page["total"]
        assert len(page["rows"]) <= limit
        rows += page["rows"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return rows, pages, total


def test_walking_the_pages_gives_every_order_once_in_order(seeded):
    reviewer, day, ids = seeded
    rows, pages, total = _walk(reviewer, day, limit=5)
    assert sorted(r["id"] for r in rows) == sorted(ids)
    assert pages == 4 and total == 17
    keys = [(r["done_at"], r["business_no"]) for r in rows]
    assert keys == sorted(keys)
    first = rows[0]
    assert "events" not in first  # a summary; the timeline is its own request
    assert first["station_name"] in ("合肥北站", "芜湖站")
    assert first["customer_name"] == "张先生" and first["customer_phone"] == "13912345678"
    assert first["callback_state"] == "pending" and first["status"] == "completed"


def test_rows_agree_with_the_order_opened_on_its_own(seeded):
    reviewer, day, _ = seeded
    rows, _, _ = _walk(reviewer, day, limit=500)
    for row in rows:
        r = reviewer.get(f"/v1/audit/orders/{row['id']}")
        assert r.status_code == 200, r.text
        full = r.json()
        assert full["events"][-1]["type"] == "completed"
        assert row["flags"] == full["flags"]
        assert row["deadlines"] == full["deadlines"]
        assert (row["status"], row["audited"]) == (full["status"], full["audited"])
    assert any(r["flags"]["contact_late"] for r in rows)
    assert any(not r["flags"]["contact_late"] for r in rows)


def test_filters_apply_on_the_server(seeded):
    reviewer, day, _ = seeded
    everything, _, _ = _walk(reviewer, day, limit=500)
    for params, keep in [
        ({"station": A}, lambda r: r["station_code"] == A),
        ({"kind": "rescue"}, lambda r: r["kind"] == "rescue"),
        ({"flag": "contact_late"}, lambda r: r["flags"]["contact_late"]),
        ({"flag": "clock_off"}, lambda r: r["flags"]["clock_off"]),
        ({"flag": "backdated"}, lambda r: r["flags"]["backdated"]),
        ({"flag": "completion_late"}, lambda r: r["flags"]["completion_late"]),
        ({"station": B, "kind": "repair"}, lambda r: r["station_code"] == B
         and r["kind"] == "repair"),
    ]:
        rows, _, total = _walk(reviewer, day, limit=3, **params)
        want = [r["id"] for r in everything if keep(r)]
        assert [r["id"] for r in rows] == want, params
        assert total == len(want)
    assert len(_walk(reviewer, day, limit=500, flag="clock_off")[0]) == 3


def test_audited_orders_leave_the_unaudited_list(seeded):
    reviewer, day, ids = seeded
    r = reviewer.post(f"/v1/orders/{ids[0]}/close",
                      json={"without_callback_reason": "用户拒绝回访"})
    assert r.status_code == 200, r.text
    audited, _, _ = _walk(reviewer, day, limit=10, state="audited")
    assert [x["id"] for x in audited] == [ids[0]]
    assert audited[0]["audited"] is True and audited[0]["close_date"]
    unaudited, _, total = _walk(reviewer, day, limit=10, state="unaudited")
    assert ids[0] not in [x["id"] for x in unaudited] and total == 16


def test_bad_page_requests_are_refused_in_words(seeded):
    reviewer, day, _ = seeded
    r = reviewer.get("/v1/audit/list", params={"date": day, "limit": 501})
    assert r.status_code == 422
    r = reviewer.get("/v1/audit/list", params={"date": day, "cursor": "not-a-cursor"})
    assert r.status_code == 422
    body = r.json()
    assert "cursor" in body["detail"] and "分页" in str(body)
    r = reviewer.get("/v1/audit/list", params={"date": day, "flag": "nonsense"})
    assert r.status_code == 422
    r = reviewer.get("/v1/audit/orders/00000000-0000-0000-0000-000000000001")
    assert r.status_code == 404


def _walk_timelines(reviewer, day, limit):
    """The order ids of every page of `GET /v1/audit?state=all`, in page order."""
    got, cursor = [], None
    while True:
        params = {"date": day, "state": "all", "limit": limit}
        if cursor:
            params["cursor"] = cursor
        r = reviewer.get("/v1/audit", params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        assert len(page["orders"]) <= limit
        got += [o["order"]["id"] for o in page["orders"]]
        cursor = page["next_cursor"]
        if not cursor:
            return got


def test_the_timeline_list_is_paged_too(seeded):
    reviewer, day, ids = seeded
    got = _walk_timelines(reviewer, day, 6)
    assert sorted(got) == sorted(ids) and len(got) == len(set(got))


def test_the_timeline_list_pages_on_past_a_reopened_order(seeded):
    reviewer, day, ids = seeded
    r = reviewer.post(f"/v1/orders/{ids[3]}/reopen", json={"reason": "未修好"})
    assert r.status_code == 200, r.text
    got = _walk_timelines(reviewer, day, 6)
    assert sorted(got) == sorted(ids) and len(got) == len(set(got))


@pytest.fixture
def flagged(server):
    stations = {A: server.client(server.add_station(A, "合肥北站"))}
    reviewer = server.client(server.add_user("审核员", "reviewer"))
    day = _yesterday_at(14)
    ids = flagged_orders(server, stations[A], reviewer, day)
    return reviewer, day.astimezone(SHANGHAI).date().isoformat(), ids


def test_the_reviewers_flags_are_listed_and_filtered_on_the_server(flagged):
    reviewer, day, ids = flagged
    everything, _, _ = _walk(reviewer, day, limit=500)
    assert sorted(r["id"] for r in everything) == sorted(ids.values())
    for flag, order_id in ids.items():
        rows, _, total = _walk(reviewer, day, limit=2, flag=flag)
        assert [r["id"] for r in rows] == [order_id], flag
        assert total == 1 and rows[0]["flags"][flag] is True
        opened = reviewer.get(f"/v1/audit/orders/{order_id}").json()
        assert opened["flags"][flag] is True
        assert rows[0]["flags"] == opened["flags"]
    row = next(r for r in everything if r["id"] == ids["urged"])
    assert row["flags"]["phone_entered"] is False


def test_reopened_orders_are_on_their_place_in_every_page(seeded):
    reviewer, day, ids = seeded
    for n in (3, 8, 14):  # early, middle and late in the day's completion order
        r = reviewer.post(f"/v1/orders/{ids[n]}/reopen", json={"reason": "未修好"})
        assert r.status_code == 200, r.text
    rows, pages, total = _walk(reviewer, day, limit=4)
    assert sorted(r["id"] for r in rows) == sorted(ids)  # each once
    assert total == 17 and pages == 5
    reopened = [r for r in rows if r["id"] in (ids[3], ids[8], ids[14])]
    assert all(r["flags"]["reopened_before"] and r["status"] != "completed" for r in reopened)
    # not only on the first page: each where its (undone) completion falls in the day
    assert {rows.index(r) // 4 for r in reopened} != {0}
    keys = [(r["audit_at"], r["business_no"]) for r in rows]
    assert keys == sorted(keys)
    # the timeline list walks the same keyset
    assert _walk_timelines(reviewer, day, 4) == [r["id"] for r in rows]
    unaudited, _, _ = _walk(reviewer, day, limit=4, state="unaudited")
    assert ids[3] not in [r["id"] for r in unaudited]  # reopened: no longer done that day
