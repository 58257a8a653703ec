"""docs/deploy.md's deployment, run as an IT person would: its nginx configuration, as written,
ending TLS in front of `callcenter serve --workers 2` on PostgreSQL. Stations long-poll through
it and are woken by orders issued through it, a full batch of events goes through it, and
plain HTTP is sent to HTTPS."""

from __future__ import annotations

import re
import ssl
import threading
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from callcenter.commands import serve
from callcenter.routes import board, sync
from tests.callcenter.test_cli import (
    _free_port,
    _serve,
    _stop,
    _wait_until_polling,
    _wait_until_up,
)
from tests.support.callcenter_server import CallCenterServer, issue_order
from tests.support.nginx import Nginx, documented_config

STATIONS = [f"{21000 + n}" for n in range(6)]


def _batch(order_id: str, count: int) -> list[dict[str, object]]:
    """The station's reception of the order, then notes: one batch as large as a station sends."""
    at = datetime.now(UTC).isoformat()
    kinds = [("received", {})] + [("note", {"text": f"第{n}次联系用户,约定明早上门检修"})
                                  for n in range(1, count)]
    return [{"id": str(uuid.uuid4()), "order_id": order_id, "type": kind, "occurred_at": at,
             "recorded_at": at, "author": "柜台", "payload": payload} for kind, payload in kinds]


@pytest.mark.integration
@pytest.mark.postgres
def test_the_documented_proxy_in_front_of_two_workers(postgres_url, tmp_path):
    with CallCenterServer(postgres_url, fallback_poll=120) as setup:
        tokens = {code: setup.add_station(code) for code in STATIONS}
        dispatcher = setup.add_user("调度", "dispatcher")
    port = _free_port()
    # each worker reads the database for changes only every 120 s: NOTIFY must do the waking
    service = _serve(postgres_url, port, "--workers", "2", "--fallback-poll", "120")
    try:
        _wait_until_up(f"http://127.0.0.1:{port}", service)
        with Nginx(tmp_path, port, _free_port(), _free_port()) as proxy:
            url = f"https://127.0.0.1:{proxy.https_port}"
            trust = ssl.create_default_context(cafile=str(proxy.cert))

            health = httpx.get(f"{url}/v1/health", verify=trust, timeout=10)
            assert health.status_code == 200 and health.json()["database"] == "postgresql"
            plain = httpx.get(f"http://127.0.0.1:{proxy.http_port}/v1/health", timeout=10)
            assert plain.status_code == 301
            assert plain.headers["location"] == "https://127.0.0.1/v1/health"

            answers: dict[str, httpx.Response] = {}

            def poll(code: str) -> None:
                with httpx.Client(base_url=url, verify=trust, timeout=40, headers={
                        "Authorization": f"Bearer {tokens[code]}"}) as c:
                    answers[code] = c.get("/v1/changes", params={"wait": 25})

            threads = [threading.Thread(target=poll, args=(code,)) for code in STATIONS]
            for t in threads:
                t.start()
            # watched at the service itself: through the proxy, its pooled connections would
            # keep asking the same worker, which lists only the polls parked in it
            _wait_until_polling(f"http://127.0.0.1:{port}", dispatcher, *STATIONS, timeout=20)
            with httpx.Client(base_url=url, verify=trust, timeout=10, headers={
                    "Authorization": f"Bearer {dispatcher}"}) as d:
                issued = {code: issue_order(d, code)["id"] for code in STATIONS}
            for t in threads:
                t.join(40)
            # woken through the proxy, long before the 25 s the polls would have waited
            for code in STATIONS:
                assert answers[code].status_code == 200, answers[code].text
                [change] = answers[code].json()["changes"]
                assert change["order"]["id"] == issued[code]

            events = _batch(issued[STATIONS[0]], 500)  # ~150 kB
            with httpx.Client(base_url=url, verify=trust, timeout=60, headers={
                    "Authorization": f"Bearer {tokens[STATIONS[0]]}"}) as station:
                pushed = station.post("/v1/events", json={"events": events})
            assert pushed.status_code == 200, pushed.text
            results = pushed.json()["results"]
            assert [r["id"] for r in results] == [e["id"] for e in events]
            assert {r["status"] for r in results} == {"accepted"}
            assert proxy.errors() == []
            assert not proxy.logged("buffered to a temporary file")  # held in memory
    finally:
        _stop(service)


def _seconds(config: str, directive: str) -> float:
    [value] = re.findall(rf"^\s*{directive} (\d+)s;", config, re.M)
    return float(value)


def test_the_documented_timeouts_fit_the_service():
    """A long-poll waits up to its route's limit and must not be cut by the proxy (504);
    an idle upstream connection must be closed by nginx before the service closes it, or a
    request meets a connection being closed (ReadError under load)."""
    config = documented_config()
    longest = max(sync.MAX_WAIT, board.MAX_WAIT)
    assert _seconds(config, "proxy_read_timeout") > longest
    assert _seconds(config, "proxy_send_timeout") > longest
    assert _seconds(config, "keepalive_timeout") < serve.KEEP_ALIVE_S
