"""How long the demo takes to come up and to go down: the embedded call center, tokens, virtual
printer, station file and yesterday's orders (set-up), the first order of the scenario reaching
the station (issue → in the station's file), and the clean stop. Prints one line per round."""

from __future__ import annotations

import statistics
import time

from station_desk.demo.actors import Clerk
from station_desk.demo.session import Options, Session


def one_round() -> tuple[float, float, float]:
    from station_app.station import Station
    from station_app.sync_worker import SyncWorker

    t0 = time.perf_counter()
    session = Session.create(Options(speed=1000, say=lambda _t: None))
    session.start_services()
    setup = time.perf_counter() - t0
    station = Station.open(session.station_dir)
    worker = SyncWorker(station)
    worker.start()
    clerk = Clerk(station, lambda: None, session.station_info())
    first = session.scenario.steps[0]
    t1 = time.perf_counter()
    order = session.dispatcher.issue(session.scenario.cases[first.case].fields, "34101")  # type: ignore[union-attr]
    clerk.wait_for(order.id, session.stop_event, timeout=30)
    reach = time.perf_counter() - t1
    t2 = time.perf_counter()
    clerk.detach()
    worker.stop()
    session.stop()
    station.close()
    stop = time.perf_counter() - t2
    return setup, reach, stop


def main() -> None:
    rounds = [one_round() for _ in range(5)]
    for i, (setup, reach, stop) in enumerate(rounds, 1):
        print(f"round {i}: set-up {setup * 1000:.0f} ms, issue→station {reach * 1000:.0f} ms, "
              f"stop {stop * 1000:.0f} ms")
    for name, idx in (("set-up", 0), ("issue→station", 1), ("stop", 2)):
        values = [r[idx] * 1000 for r in rounds]
        print(f"{name}: median {statistics.median(values):.0f} ms, max {max(values):.0f} ms")


if __name__ == "__main__":
    main()
