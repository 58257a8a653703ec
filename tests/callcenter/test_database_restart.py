"""PostgreSQL restarts under a running service: the pooled connections are dead, the next
requests still answer (peewee's pool checks a connection before handing it out), and a waiting
station is still woken through a new LISTEN connection or the fallback poll."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests.support.callcenter_server import CallCenterServer, new_event

pytestmark = [pytest.mark.integration, pytest.mark.postgres]

A = "12345"


def test_the_service_survives_a_postgresql_restart(postgres_cluster, postgres_url):
    with CallCenterServer(postgres_url, fallback_poll=1) as server:
        station = server.client(server.add_station(A), timeout=20)
        order = server.issue_order(A)
        # warm the pool: several connections in it
        for _ in range(5):
            assert station.get(f"/v1/orders/{order['id']}").status_code == 200
        postgres_cluster.restart()

        assert station.get("/v1/changes").status_code == 200
        r = station.post("/v1/events", json={"events": [new_event(order["id"], "received")]})
        assert r.status_code == 200 and r.json()["results"][0]["status"] == "accepted"

        out: dict[str, httpx.Response] = {}
        poll = threading.Thread(target=lambda: out.update(
            # seq 1: the order, 2: the station's own event (every PC of it gets it)
            r=station.get("/v1/changes", params={"after": 2, "wait": 15})))
        poll.start()
        server.wait_for_pollers(A)
        server.cancel_order(order["id"])
        poll.join()
        assert [c["event"]["type"] for c in out["r"].json()["changes"]] == ["cancelled"]
