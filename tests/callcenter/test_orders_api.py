"""Issuing orders: business numbers, retried requests, updates reaching the station, health and
the OpenAPI document."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from station_app import wire
from tests.support.callcenter_server import new_event

pytestmark = pytest.mark.integration

A = "12345"


def test_business_numbers_count_per_kind_and_local_day(server):
    server.add_station(A)
    today = datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y%m%d")
    numbers = [server.issue_order(A)["business_no"] for _ in range(3)]
    assert numbers == [f"PG{today}{n:04d}" for n in (1, 2, 3)]
    rescue = server.issue_order(A, kind="rescue", location="G3")["business_no"]
    assert rescue == f"QY{today}0001"
    given = server.issue_order(A, business_no="CRM-778899")
    assert given["business_no"] == "CRM-778899"
    assert given["issued_by"] == "调度员 Dispatcher"


def test_a_retried_issue_with_the_same_id_is_answered_with_the_same_order(server):
    station = server.client(server.add_station(A))
    oid = str(uuid.uuid4())
    body = {"id": oid, "station_code": A, "kind": "repair",
            "customer": {"name": "赵先生", "phone": "13512345678"},
            "vehicle": {"plate": "皖A·12345", "vin": "LFV2A21K5A3012345"}}
    first = server.dispatcher.post("/v1/orders", json=body)
    again = server.dispatcher.post("/v1/orders", json=body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["vehicle"]["plate"] == "皖A12345"  # normalised by the domain
    other = server.dispatcher.post("/v1/orders", json={**body, "statement": "别的"})
    assert other.status_code == 409 and "id" in other.json()["detail"]
    assert len(station.get("/v1/changes").json()["changes"]) == 1


def test_an_update_reaches_the_station_and_changes_the_order(server):
    station = server.client(server.add_station(A))
    order = server.issue_order(A)
    update = new_event(order["id"], "updated",
                       {"changes": {"location": "合肥市政务区天鹅湖路1号"}, "reason": "用户改地址"},
                       author="调度")
    r = server.dispatcher.post("/v1/events", json={"events": [update]})
    assert r.json()["results"][0]["status"] == "accepted"
    bad = new_event(order["id"], "updated", {"changes": {"customer": {"name": "x", "phone": "1"}}},
                    author="调度")
    [result] = server.dispatcher.post("/v1/events", json={"events": [bad]}).json()["results"]
    assert result["status"] == "rejected" and "customer.phone" in result["reason"]
    taken = server.issue_order(A)["business_no"]
    clash = new_event(order["id"], "updated", {"changes": {"business_no": taken}}, author="调度")
    [result] = server.dispatcher.post("/v1/events", json={"events": [clash]}).json()["results"]
    assert result["status"] == "rejected" and "business_no" in result["reason"]
    full = station.get(f"/v1/orders/{order['id']}").json()
    assert full["order"]["location"] == "合肥市政务区天鹅湖路1号"
    assert full["order"]["business_no"] == order["business_no"]
    changes = station.get("/v1/changes", params={"after": 1}).json()["changes"]
    assert [c["kind"] for c in changes] == ["event", "order"]
    assert changes[0]["event"]["type"] == "updated"


def test_health_and_openapi(server):
    client = server.client()
    health = wire.Health.model_validate(client.get("/v1/health").json())
    assert health.database in ("sqlite", "postgresql")
    spec = client.get("/openapi.json").json()
    for path in ("/v1/orders", "/v1/events", "/v1/changes", "/v1/audit",
                 "/v1/orders/{order_id}/callbacks", "/v1/reports/stations"):
        assert path in spec["paths"]
    assert re.match(r"\d+", spec["info"]["version"])
