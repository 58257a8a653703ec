"""The demo with no windows: the station core, its sync worker and print queue play station 1
as a clerk would (station 2 is the session's, a station core as well), the scenario runs for
a set time, and a summary read back from the call center, the stations' files and the virtual
printer is printed (CI runs this as a smoke test)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from typing import Any

from station_desk.demo.actors import Clerk
from station_desk.demo.session import Options, Session
from station_desk.demo.summary import Summary, summarise

SETTLE_SECONDS = 30.0


def run(options: Options, *, json_path: str | None = None) -> int:
    """Play the demo headless; returns 0 when every check of the summary holds."""
    from printers.config import PrinterConfig
    from printers.queue import PrintQueue
    from printers.recording import form_printed_recorder
    from station_app.station import Station
    from station_app.sync_worker import SyncWorker

    say = options.say
    started = time.monotonic()
    session = Session.create(options)
    station: Any = None
    worker: Any = None
    queue: Any = None
    clerk: Clerk | None = None
    try:
        session.start_services()
        say(f"call center: {session.base_url}   data: {session.folder}")
        say(f"virtual printer: {session.printer.port_name}")
        station = Station.open(session.station_dir)
        queue = PrintQueue(station.store, PrinterConfig.from_json(session.printer_settings()),
                           on_confirmed=form_printed_recorder(station),
                           tz=station.settings.zone(), poll_interval=0.5).start()
        worker = SyncWorker(station, long_poll=10, backoff_cap=2.0)
        worker.start()
        clerk = Clerk(station, lambda: queue, session.station_info())
        session.start_story(clerk)
        limit = options.duration
        session.story_done.wait(None if limit is None else max(limit - _since(started), 0))
        session.stop_event.set()  # no new steps; what was done settles below
        for t in session.threads:
            t.join(10)
        if session.server.running is False:
            session.server.start()  # the run ended inside the network cut
            session.offline[-1] = (session.offline[-1][0], datetime.now(UTC))
        settled = _settle(session, station, queue, worker)
        summary = summarise(session, station, queue)
        if not settled:
            summary.problems.append(f"not settled within {SETTLE_SECONDS:.0f} s")
        summary.problems += [f"step failed: {f}" for f in session.failures]
        _report(summary, say, _since(started), json_path)
        return 0 if summary.ok else 1
    finally:
        if clerk is not None:
            clerk.detach()
        if worker is not None:
            worker.stop()
        if queue is not None:
            queue.stop()
        session.stop()
        if station is not None:
            station.close()


def _since(t0: float) -> float:
    return time.monotonic() - t0


def _settle(session: Session, station: Any, queue: Any, worker: Any) -> bool:
    """Wait until the outbox is empty, no job waits, and every done job was cut on paper."""
    from printers.queue import DONE

    worker.trigger()
    deadline = time.monotonic() + SETTLE_SECONDS

    def settled() -> bool:
        if station.sync_status().events_waiting or session.station2.sync_status().events_waiting:
            return False
        if queue.jobs({"queued", "printing"}):
            return False
        done = [j for j in queue.jobs({DONE}) if j.created_at >= session.started_at]
        return len(session.printer.cut_receipts) >= len(done)

    while not settled():
        if time.monotonic() > deadline:
            return False
        worker.trigger()
        session.worker2.trigger()
        time.sleep(0.2)
    return True


def _report(summary: Summary, say: Any, seconds: float, json_path: str | None) -> None:
    say("")
    say(f"Station Desk demo summary ({seconds:.1f} s) / 演示小结")
    for line in summary.lines():
        say("  " + line)
    say("  all checks passed / 全部核对通过" if summary.ok else "  CHECKS FAILED / 核对未通过")
    if json_path:
        with open(json_path, "w", encoding="utf-8") as f:
            json.dump(summary.as_json(), f, ensure_ascii=False, indent=1)
