"""Issued → visible in the station store: p50/p99 over 200 orders, alone and with 1,000 other
stations long-polling the same server.

The call center runs as its own process (`callcenter serve`, SQLite); the station runs its real
SyncWorker; a third process holds the 1,000 other stations' long-polls (asyncio + httpx). The
time is from just before the dispatcher's POST /v1/orders to the moment the station's
`orders_changed` callback reports the order as new (after the commit).

    .venv/bin/python benchmarks/bench_sync_latency.py [--orders 200] [--pollers 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from uuid import UUID

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STATION = "12345"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _register(db_path: Path, pollers: int) -> tuple[str, str, list[str]]:
    from callcenter import admin
    from callcenter.commands.common import open_database

    open_database(str(db_path))
    station = admin.add_station(STATION, "基准站").token
    dispatcher = admin.add_user("调度员", "dispatcher").token
    others = [admin.add_station(f"{20000 + i:05d}", f"站{i}").token for i in range(pollers)]
    return station, dispatcher, others


def _start_server(db_path: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [str(ROOT / ".venv/bin/callcenter"), "--db", str(db_path), "serve", "--port", str(port),
         "--log-level", "warning"], cwd=ROOT, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the call center did not start")


async def _poll_forever(base_url: str, tokens: list[str]) -> None:
    limits = httpx.Limits(max_connections=len(tokens) + 10, max_keepalive_connections=len(tokens))
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as client:

        async def poll(token: str) -> None:
            after = 0
            headers = {"Authorization": f"Bearer {token}"}
            while True:
                try:
                    r = await client.get("/v1/changes", params={"after": after, "wait": 25},
                                         headers=headers)
                    after = r.json().get("last_seq", after)
                except (httpx.HTTPError, ValueError):
                    await asyncio.sleep(1)

        async def announce() -> None:
            await asyncio.sleep(3)
            print("ready", flush=True)

        await asyncio.gather(announce(), *(poll(t) for t in tokens))


def pollers_child(base_url: str, token_file: Path) -> None:
    tokens = token_file.read_text().split()
    asyncio.run(_poll_forever(base_url, tokens))


def _measure(base_url: str, station_token: str, dispatcher: str, data_dir: Path,
             orders: int) -> list[float]:
    from station_app.station import Station
    from station_app.sync_worker import SyncWorker

    seen: dict[UUID, float] = {}
    arrived = threading.Condition()

    def on_changed(ids: list[UUID], new_ids: list[UUID]) -> None:
        t = time.perf_counter()
        with arrived:
            for i in new_ids:
                seen.setdefault(i, t)
            arrived.notify_all()

    latencies: list[float] = []
    with Station.open(data_dir) as station:
        station.set_settings({"station_code": STATION, "user": "基准", "server_url": base_url})
        station.set_token(station_token)
        station.callbacks.orders_changed.append(on_changed)
        worker = SyncWorker(station)
        worker.start()
        with httpx.Client(base_url=base_url, timeout=30,
                          headers={"Authorization": f"Bearer {dispatcher}"}) as cc:
            time.sleep(1)  # let the puller park its first long-poll
            for i in range(orders):
                body = {"station_code": STATION, "kind": "dispatch",
                        "customer": {"name": "张先生", "phone": "13912345678"},
                        "location": "合肥", "statement": f"基准 {i}"}
                t0 = time.perf_counter()
                r = cc.post("/v1/orders", json=body)
                r.raise_for_status()
                oid = UUID(r.json()["id"])
                with arrived:
                    if not arrived.wait_for(lambda oid=oid: oid in seen, timeout=30):
                        raise RuntimeError(f"order {i} never arrived")
                latencies.append(seen[oid] - t0)
        worker.stop()
    return latencies


def _report(label: str, values: list[float]) -> None:
    ms = sorted(v * 1000 for v in values)
    p = statistics.quantiles(ms, n=100, method="inclusive")
    print(f"{label}: n={len(ms)} p50={p[49]:.1f} ms p99={p[98]:.1f} ms max={ms[-1]:.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=200)
    parser.add_argument("--pollers", type=int, default=1000)
    parser.add_argument("--pollers-child", nargs=2, metavar=("URL", "TOKENS"))
    args = parser.parse_args()
    if args.pollers_child:
        pollers_child(args.pollers_child[0], Path(args.pollers_child[1]))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db_path = folder / "callcenter.sqlite3"
        station_token, dispatcher, others = _register(db_path, args.pollers)
        port = _free_port()
        base_url = f"http://127.0.0.1:{port}"
        server = _start_server(db_path, port)
        try:
            alone = _measure(base_url, station_token, dispatcher, folder / "s1", args.orders)
            _report("issued→visible, alone", alone)
            token_file = folder / "tokens"
            token_file.write_text("\n".join(others))
            crowd = subprocess.Popen(
                [sys.executable, __file__, "--pollers-child", base_url, str(token_file)],
                stdout=subprocess.PIPE, text=True, cwd=ROOT)
            try:
                assert crowd.stdout is not None
                if crowd.stdout.readline().strip() != "ready":
                    raise RuntimeError("the pollers did not start")
                busy = _measure(base_url, station_token, dispatcher, folder / "s2",
                                args.orders)
                _report(f"issued→visible, {args.pollers} other stations long-polling", busy)
            finally:
                crowd.kill()
                crowd.wait()
                crowd.stdout.close() if crowd.stdout else None
        finally:
            server.terminate()
            server.wait(timeout=20)
    print(f"(2 cores: {os.cpu_count()} CPUs seen; server, station and pollers share them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
