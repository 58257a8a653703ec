"""The longest stall of the GUI thread while the station syncs 1,000 events with a real call
center on loopback and prints forms on a virtual printer, with 100,000 orders in the store and
the inbox on "All" (goal ≤ 50 ms). An event-loop lag probe: a 10 ms timer notes how late each
tick comes.

Two scenarios:
- default: the clerk's 1,000 records are made through the window's operations while the probe
  runs, ``--record-rate`` a second (default 1,000/s: far beyond a person, to load the serial lane
  and the pusher together), and synced as they come;
- ``--backlog``: the 1,000 records were made while the call center was unreachable; the probe
  starts, then the line comes back and the queue drains while the clerk goes on (1 record/s).
In both, 5 outside-service forms print and 20 new orders arrive meanwhile.

    .venv/bin/python benchmarks/bench_ui_stall.py [--events 1000] [--backlog] [--trace]

Each stall over 50 ms (``--report-over``) is printed with the CPU the GUI thread used in it:
near the stall's length, the thread was busy; far below, it was waiting (for the interpreter
lock, or for a core). ``--trace`` also says how many times the GUI thread entered Python in
each and where the time went; it slows every entry, so its stalls are longer than a plain
run's.

The call center, the printer and the dispatcher issuing orders during the probe each run in a
process of their own, as in the field; only the station's window and its threads share a lock.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_ui_common import percentile, station_with_orders

PROBE_MS = 10


class Printer:
    """`python -m printers.emulator` in a child process; counts the receipts it prints."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "printers.emulator"],
                                     stdout=subprocess.PIPE, text=True,
                                     cwd=Path(__file__).resolve().parent.parent)
        assert self.proc.stdout is not None
        self.port_name = self.proc.stdout.readline().strip()
        self._cuts = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if "打印时间" in line:  # every receipt's footer has one
                self._cuts += 1

    @property
    def cut_receipts(self) -> list[int]:
        return list(range(self._cuts))

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


class CallCenter:
    """`callcenter serve` in a child process on a free port, with a dispatcher's client."""

    def __init__(self, folder: Path) -> None:
        import socket

        import httpx

        self.db = str(folder / "callcenter.sqlite3")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        exe = str(Path(sys.executable).with_name("callcenter"))
        self._exe = exe
        self.dispatcher = dispatcher = self._cli("add-user", "--role", "dispatcher", "调度员")
        self.proc = subprocess.Popen([exe, "--db", self.db, "serve", "--host", "127.0.0.1",
                                      "--port", str(self.port), "--log-level", "warning"])
        self.client = httpx.Client(base_url=self.base_url, timeout=30,
                                   headers={"Authorization": f"Bearer {dispatcher}"})
        for _ in range(200):
            try:
                self.client.get("/v1/health")
                break
            except httpx.TransportError:
                time.sleep(0.05)

    def _cli(self, *args: str) -> str:
        out = subprocess.run([self._exe, "--db", self.db, *args], check=True,
                             capture_output=True, text=True).stdout
        return out.split()[0]  # the token is the first word printed

    def add_station(self, code: str, name: str) -> str:
        return self._cli("add-station", code, name)

    def issue_order(self, code: str, **fields: object) -> dict:
        r = self.client.post("/v1/orders", json=order_body(code, **fields))
        r.raise_for_status()
        return r.json()

    def issue_elsewhere(self, code: str, count: int, prefix: str) -> subprocess.Popen:
        """A dispatcher in another process issues ``count`` orders, one after the other (as at
        the call center: its HTTP client's Python must not compete for the station's lock)."""
        return subprocess.Popen([sys.executable, __file__, "--issue", self.base_url,
                                 self.dispatcher, code, prefix, str(count)])

    def close(self) -> None:
        self.client.close()
        self.proc.terminate()
        self.proc.wait(10)


def order_body(code: str, **fields: object) -> dict:
    body: dict = {"station_code": code, "kind": "dispatch",
                  "customer": {"name": "张先生", "phone": "13912345678"},
                  "location": "合肥市蜀山区长江西路100号", "statement": "1. 发动机异响"}
    body.update(fields)
    return body


def issue(base_url: str, token: str, code: str, prefix: str, count: str) -> int:
    """The dispatcher's side of `CallCenter.issue_elsewhere` (run as a child process)."""
    import httpx
    with httpx.Client(base_url=base_url, timeout=30,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        for i in range(int(count)):
            client.post("/v1/orders", json=order_body(code, business_no=f"{prefix}-{i}")
                        ).raise_for_status()
    return 0


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class GuiTrace:
    """What the GUI thread did in Python: each entry from Qt's event loop into Python (a slot,
    a model's data(), a paint override) with its start and length."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.entries: list[tuple[float, float, str]] = []  # ms since start, ms long, name
        self._open: dict[int, tuple[float, str]] = {}

    def __call__(self, frame, event, arg):  # noqa: ANN001, ANN204 - sys.setprofile's hook
        if event == "call":
            back = frame.f_back
            if back is not None and back.f_code.co_name == "run_until":
                code = frame.f_code
                name = f"{Path(code.co_filename).name}:{code.co_name}"
                widget = (frame.f_locals.get("self")
                          if code.co_name in ("paintEvent", "event", "viewportEvent") else None)
                if widget is not None:  # which view painted
                    name += f"[{widget.objectName() or type(widget).__name__}]"
                self._open[id(frame)] = (time.perf_counter(), name)
        elif event == "return":
            got = self._open.pop(id(frame), None)
            if got is not None:
                t0, name = got
                self.entries.append(((t0 - self.started) * 1000,
                                     (time.perf_counter() - t0) * 1000, name))

    def report(self, stalls: list[tuple[float, float]]) -> None:
        from collections import Counter
        for end, lag in stalls:
            begin = end - lag - PROBE_MS
            inside = [e for e in self.entries if begin <= e[0] <= end]
            in_python = sum(e[1] for e in inside)
            common = ", ".join(f"{n} x{c}" for n, c in
                               Counter(e[2] for e in inside).most_common(4))
            longest = max(inside, key=lambda e: e[1], default=None)
            print(f"  stall {lag:.0f} ms ending {end:.0f} ms: {len(inside)} entries into "
                  f"Python, {in_python:.1f} ms in them (most: {common})"
                  + (f"; longest {longest[1]:.1f} ms {longest[2]}" if longest else ""))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--prints", type=int, default=5)
    parser.add_argument("--record-rate", type=float, default=1000.0,
                        help="records a second while the probe runs (default scenario)")
    parser.add_argument("--backlog", action="store_true",
                        help="the records wait offline; the probe covers the queue draining")
    parser.add_argument("--trace", action="store_true",
                        help="say where the GUI thread was during each stall")
    parser.add_argument("--report-over", type=float, default=50,
                        help="with --trace: the stalls (ms) to describe")
    args = parser.parse_args()
    folder = station_with_orders(args.orders)

    from uuid import UUID

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from station_app.domain.events import EventType, FormName
    from station_app.orders_query import OrderFilter
    from station_app.station import Station
    from tests.ui import seed
    from ui import app as qt_app_module
    from ui import msgbox, operations, services
    from ui.alerts import SilentPlayer
    from ui.bridge import PrintBridge, SyncBridge
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner
    shown: list[str] = []
    msgbox.error = lambda parent, exc, title=None: shown.append(msgbox.error_text(exc))

    tmp = Path(tempfile.mkdtemp(prefix="bench-stall-"))
    server = CallCenter(tmp)  # its own process, as in the field: no share of our GIL
    printer = Printer()  # its own process too
    qt = qt_app_module.create_app(["bench"], language="zh_CN")
    station = Station.open(folder)
    station.set_settings({"server_url": server.base_url,
                          "printer": {"port": printer.port_name, "paper": 80}})
    station.set_token(server.add_station(seed.CODE, "合肥北城服务站"))
    ctx = AppContext(station=station, runner=TaskRunner(), sync_bridge=SyncBridge(),
                     print_bridge=PrintBridge(), qt_app=qt)
    services.connect_station(ctx)
    services.apply_printer(ctx, station.settings.all())
    window = MainWindow(ctx, sound=SilentPlayer())
    window.ready.connect(qt_app_module.settle_after_start)  # as ui.launch does
    window.show()

    def run_until(cond, timeout: float) -> None:  # noqa: ANN001
        loop = QEventLoop()
        check = QTimer()
        check.timeout.connect(lambda: loop.quit() if cond() else None)
        check.start(20)
        QTimer.singleShot(int(timeout * 1000), loop.quit)
        loop.exec()
        check.stop()

    run_until(lambda: window.inbox_model.rowCount() > 0, 20)
    window.inbox.tabs.setCurrentIndex(5)  # All: 100,000 rows
    run_until(lambda: window.inbox_model.filter is OrderFilter.ALL
              and window.inbox_model.rowCount() >= args.orders, 20)

    # orders from the call center to record on (issued before the probe starts)
    def start_sync() -> None:
        services.start_sync(ctx, long_poll=5.0, backoff_base=0.1, backoff_cap=1.0)
    start_sync()
    order_ids = [server.issue_order(seed.CODE, kind="rescue", business_no=f"ST-{i:04d}",
                                    location="合肥市蜀山区")["id"] for i in range(20)]
    ids = [UUID(o) for o in order_ids]
    run_until(lambda: all(window.inbox_model.row_of(o) is not None for o in ids), 60)
    window.inbox.select_order(ids[0])
    run_until(lambda: window.orders.detail is not None, 30)

    recorded = [0]

    def record_one() -> None:
        i = recorded[0]
        recorded[0] += 1
        operations.record_event(ctx, window, ids[i % len(ids)], EventType.NOTE,
                                {"text": f"第{i}条备注"}).run()

    if args.backlog:  # the line is down while the clerk works
        assert ctx.sync_worker is not None
        ctx.sync_worker.stop()
        ctx.sync_worker = None
        for _ in range(args.events):
            record_one()
        run_until(lambda: ctx.runner.pending == 0, 120)

    lags: list[float] = []
    clock = QElapsedTimer()
    long_ones: list[tuple[float, float]] = []  # (ms since start at the late tick, lag)
    # CPU the GUI thread used in each late interval: near the lag, it was busy; far below
    # it, it was waiting (for the interpreter lock, or for a core).
    busy: list[tuple[float, float]] = []  # (lag, GUI-thread CPU ms)
    cpu_last = [time.thread_time()]
    last = [0.0]

    def probe() -> None:
        now, cpu = clock.elapsed(), time.thread_time()
        lag = max(0, now - last[0] - PROBE_MS)
        lags.append(lag)
        if lag > args.report_over:
            long_ones.append((now, lag))
            busy.append((lag, (cpu - cpu_last[0]) * 1000))
        last[0], cpu_last[0] = now, cpu
    timer = QTimer()
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(probe)

    others: dict[str, int] = {}
    stop_watch = threading.Event()
    processes = {"station": os.getpid(), "call center": server.proc.pid,
                 "printer": printer.proc.pid}
    cpu_before = {name: cpu_seconds(pid) for name, pid in processes.items()}
    started = time.perf_counter()
    trace = GuiTrace(started) if args.trace else None
    if trace is not None:  # what the other threads run while a tick is late
        import traceback
        gui_id = threading.get_ident()
        beat = [time.perf_counter()]
        timer.timeout.connect(lambda: beat.__setitem__(0, time.perf_counter()))

        def watch() -> None:
            while not stop_watch.wait(0.01):
                if time.perf_counter() - beat[0] > 0.04:
                    names = {t.ident: t.name for t in threading.enumerate()}
                    for tid, other in sys._current_frames().items():
                        if tid in (gui_id, threading.get_ident()):
                            continue
                        top = traceback.extract_stack(other)[-1]
                        key = (f"[{names.get(tid, tid)}] {Path(top.filename).name}:"
                               f"{top.lineno} {top.name}")
                        if "wait" not in top.name and "select" not in top.name:
                            others[key] = others.get(key, 0) + 1
        threading.Thread(target=watch, daemon=True).start()
        sys.setprofile(trace)

    clock.start()
    timer.start()
    clerk = QTimer()
    if args.backlog:
        start_sync()  # the line is back
        clerk.setInterval(1000)
        clerk.timeout.connect(record_one)
    else:
        per_tick = max(1, round(args.record_rate * PROBE_MS / 1000))
        clerk.setInterval(PROBE_MS)

        def record_some() -> None:
            for _ in range(min(per_tick, args.events - recorded[0])):
                record_one()
            if recorded[0] >= args.events:
                clerk.stop()
        clerk.timeout.connect(record_some)
    clerk.start()
    for _ in range(args.prints):
        window.orders.print_form(FormName.OUTSIDE_SERVICE, ask=False)
    more = server.issue_elsewhere(seed.CODE, 20, "SX")

    def done() -> bool:
        status = window.status.sync.status
        return ((args.backlog or not clerk.isActive()) and status is not None
                and status.events_waiting == 0
                and ctx.runner.pending == 0 and len(printer.cut_receipts) >= args.prints)
    run_until(done, 300)
    run_until(lambda: more.poll() is not None, 60)  # not wait(): the GUI thread must not
    run_until(lambda: window.inbox_model.rowCount() >= args.orders + 40, 30)
    clerk.stop()
    elapsed = time.perf_counter() - started
    cpu = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in processes.items()}
    timer.stop()
    sys.setprofile(None)
    stop_watch.set()
    waiting = window.status.sync.status.events_waiting if window.status.sync.status else -1
    scenario = ("a backlog of" if args.backlog
                else f"{args.record_rate:,.0f}/s recorded and synced:")
    print(f"{scenario} {args.events:,} events + {args.prints} prints + 20 new orders with "
          f"{args.orders:,} orders listed: {elapsed:.1f} s; GUI-thread lag over "
          f"{len(lags):,} probes of {PROBE_MS} ms: longest {max(lags):.0f} ms, p99 "
          f"{percentile(lags, 99):.0f} ms, median {statistics.median(lags):.0f} ms "
          f"(goal ≤ 50 ms); {recorded[0]:,} records, events still waiting {waiting}, "
          f"receipts {len(printer.cut_receipts)}")
    print("  CPU used meanwhile (2 cores = " + f"{2 * elapsed:.1f} s): "
          + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in cpu.items()))
    if busy:
        print(f"  stalls over {args.report_over:.0f} ms (length / GUI-thread CPU in it): "
              + ", ".join(f"{lag:.0f}/{cpu:.0f}" for lag, cpu in busy))
    if trace is not None:
        trace.report(long_ones)
    if ctx.print_queue is not None and len(printer.cut_receipts) < args.prints:
        for job in ctx.print_queue.jobs():
            print(f"  print job {job.id}: {job.state} {job.last_error}")
    for where, n in sorted(others.items(), key=lambda kv: -kv[1])[:15]:
        print(f"  meanwhile x{n}: {where}")
    for text in shown:
        print("error shown:", text)
    window.close()
    services.stop_all(ctx)
    station.close()
    printer.close()
    server.close()
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--issue"]:
        sys.exit(issue(*sys.argv[2:]))
    sys.exit(main())
