"""One demo run: the embedded call center, its stations, people and tokens, the stations' data
folders set up for them, the virtual printer, yesterday's finished orders, the second station
(a real `Station` with its own file and sync worker, worked by a scripted clerk, no window), and
the threads that play the scenario and cut the network. Shared by the headless demo and the
windowed one."""

from __future__ import annotations

import json
import logging
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from common.errors import UserError
from station_desk.demo import scenario as sc
from station_desk.demo.actors import (
    Clerk,
    Dispatcher,
    Reviewer,
    Stopped,
)
from station_desk.demo.yesterday import replay_yesterday

log = logging.getLogger("station_desk.demo")

PRINTER_BAUD = 115200
STATE_FILE = "demo.json"


@dataclass
class Options:
    data_dir: Path | None = None
    speed: float = 1.0
    duration: float | None = None
    offline_at: float | None = None
    offline_for: float = 60.0  # seconds of the scenario (divided by the speed)
    seed: int = 7
    autopilot: bool = True  # the scripted clerk works station 1 (off: you do, in the window)
    say: Callable[[str], None] = print


@dataclass
class Tokens:
    station1: str
    station2: str
    dispatcher: str
    reviewer: str
    console: str  # an administrator's: the console shows the board, the audit and reports


@dataclass
class Session:
    """Everything a demo run owns; `stop()` ends it all, in order, whatever was started."""

    options: Options
    folder: Path
    scenario: sc.Scenario
    server: Any = None         # callcenter.embedded.EmbeddedServer
    printer: Any = None        # printers.emulator.VirtualPrinter
    tokens: Tokens | None = None
    stop_event: threading.Event = field(default_factory=threading.Event)
    order_ids: dict[str, UUID] = field(default_factory=dict)  # case key -> order id
    issued: dict[str, threading.Event] = field(default_factory=dict)  # case key -> issued
    clients: list[Any] = field(default_factory=list)  # station_app.console_client.CallCenterClient
    threads: list[threading.Thread] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    offline: list[tuple[datetime, datetime | None]] = field(default_factory=list)  # cut, back
    story_done: threading.Event = field(default_factory=threading.Event)
    _tmp: tempfile.TemporaryDirectory[str] | None = None
    dispatcher: Dispatcher | None = None
    reviewer: Reviewer | None = None
    station2: Any = None       # station_app.station.Station: the second station, no window
    worker2: Any = None        # station_app.sync_worker.SyncWorker of the second station
    clerk2: Clerk | None = None

    @property
    def station_dir(self) -> Path:
        return self.folder / "station1"

    @property
    def station2_dir(self) -> Path:
        return self.folder / "station2"

    @property
    def base_url(self) -> str:
        return str(self.server.base_url)

    # -- start ----------------------------------------------------------------------------

    @classmethod
    def create(cls, options: Options) -> Session:
        tmp = None
        if options.data_dir is None:
            tmp = tempfile.TemporaryDirectory(prefix="station-desk-demo-")
            folder = Path(tmp.name)
        else:
            folder = Path(options.data_dir).expanduser().resolve()
            folder.mkdir(parents=True, exist_ok=True)
        session = cls(options, folder, sc.build(options.seed))
        session._tmp = tmp
        return session

    def start_services(self) -> None:
        """The call center on a free loopback port, the people and stations, the printer."""
        from callcenter import admin
        from callcenter.embedded import EmbeddedServer
        from printers.emulator import VirtualPrinter

        self.server = EmbeddedServer(str(self.folder / "callcenter.sqlite3"),
                                     fallback_poll=1.0).start()
        state_path = self.folder / STATE_FILE
        fresh = not state_path.exists()
        if fresh:
            tokens = Tokens(
                station1=admin.add_station(sc.STATION_1[0], sc.STATION_1[1], sc.STATION_1[2],
                                           sc.STATION_1[3]).token,
                station2=admin.add_station(sc.STATION_2[0], sc.STATION_2[1], sc.STATION_2[2],
                                           sc.STATION_2[3]).token,
                dispatcher=admin.add_user(sc.DISPATCHER, "dispatcher").token,
                reviewer=admin.add_user(sc.REVIEWER, "reviewer").token,
                console=admin.add_user(sc.CONSOLE_USER, "admin").token,
            )
        else:
            tokens = Tokens(**json.loads(state_path.read_text(encoding="utf-8"))["tokens"])
        self.tokens = tokens
        self.dispatcher = Dispatcher(self._client(tokens.dispatcher), self.stop_event)
        self.reviewer = Reviewer(self._client(tokens.reviewer), self.stop_event)
        self.printer = VirtualPrinter(paper=80, baud=PRINTER_BAUD).start()
        self._configure_station()
        if fresh:
            replay_yesterday(self)
            state = {"tokens": tokens.__dict__, "seeded": sorted(
                k for k, c in self.scenario.cases.items() if c.yesterday_at)}
            state_path.write_text(json.dumps(state, ensure_ascii=False, indent=1),
                                  encoding="utf-8")
            state_path.chmod(0o600)
        self._start_station2()

    def _client(self, token: str) -> Any:
        from station_app.console_client import CallCenterClient

        client = CallCenterClient(self.base_url, token, timeout=30)
        self.clients.append(client)
        return client

    def printer_settings(self) -> dict[str, Any]:
        return {"port": self.printer.port_name, "name": "demo", "baud": PRINTER_BAUD,
                "paper": 80, "flow": "none", "mode": "text"}

    def _configure_station(self) -> None:
        from station_app.station import Station

        assert self.tokens is not None
        for folder, (code, name, *_), clerk, token, printer in (
                (self.station_dir, sc.STATION_1, sc.CLERK_1, self.tokens.station1,
                 self.printer_settings()),
                (self.station2_dir, sc.STATION_2, sc.CLERK_2, self.tokens.station2, None)):
            with Station.open(folder) as station:
                settings: dict[str, Any] = {"station_code": code, "station_name": name,
                                            "server_url": self.base_url, "user": clerk}
                if printer is not None:
                    settings["printer"] = printer
                station.set_settings(settings)
                station.set_token(token)

    def _start_station2(self) -> None:
        """The second station for the run, opened before the first (the window's, or the
        headless clerk's): code that reaches the models without a station active then lands in
        station 1's file, as in a process with one station."""
        from station_app.station import Station
        from station_app.sync_worker import SyncWorker

        self.station2 = Station.open(self.station2_dir)
        self.worker2 = SyncWorker(self.station2, long_poll=10, backoff_cap=2.0)
        self.worker2.start()
        self.clerk2 = Clerk(self.station2, lambda: None, self.station_info(2))

    def station_info(self, n: int = 1) -> Any:
        from forms.station import StationInfo

        code, name, address, phone = sc.STATION_1 if n == 1 else sc.STATION_2
        return StationInfo(name=name, erp_code=code, address=address, phone=phone)

    # -- the story ------------------------------------------------------------------------

    def start_story(self, clerk: Clerk | None) -> None:
        """Play the scenario on a thread (and cut the network if asked); ``clerk`` None leaves
        station 1's steps to the person at the window."""
        runner = threading.Thread(target=self._play, args=(clerk,), name="demo-scenario",
                                  daemon=True)
        self.threads.append(runner)
        runner.start()
        if self.options.offline_at is not None:
            cut = threading.Thread(target=self._cut_network, name="demo-network-cut",
                                   daemon=True)
            self.threads.append(cut)
            cut.start()

    def _lane(self, step: sc.Step) -> str:
        if step.actor is not sc.Actor.STATION:
            return step.actor.value
        return f"station{self.scenario.cases[step.case].station}-{step.case}"

    def _play(self, clerk: Clerk | None) -> None:
        """A thread per actor (per order at the stations), so a dispatcher waiting out the
        network cut does not hold up the station, which keeps working offline."""
        import time

        start = time.monotonic()
        lanes: dict[str, list[sc.Step]] = {}
        for step in self.scenario.steps:
            lanes.setdefault(self._lane(step), []).append(step)
        threads = [threading.Thread(target=self._play_lane, args=(steps, clerk, start),
                                    name=f"demo-{name}", daemon=True)
                   for name, steps in lanes.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.story_done.set()

    def _play_lane(self, steps: list[sc.Step], clerk: Clerk | None, start: float) -> None:
        import time

        speed = self.options.speed
        try:
            for step in steps:
                wait = start + step.at / speed - time.monotonic()
                if self.stop_event.wait(max(wait, 0)):
                    return
                try:
                    self._perform(step, clerk)
                except Stopped:
                    return
                except (UserError, TimeoutError) as exc:
                    self.failures.append(f"{step.case} {step.action}: {exc}")
                    log.warning("demo step %s %s failed: %s", step.case, step.action, exc)
        except Exception as exc:  # a bug must not hang the demo: say it and stop this lane
            log.exception("the demo scenario stopped")
            self.failures.append(f"scenario stopped: {exc!r}")

    def _order_id(self, key: str) -> UUID | None:
        """The case's order, once the dispatcher has issued it (None if the demo stops)."""
        event = self.issued.setdefault(key, threading.Event())
        while not event.wait(0.5):
            if self.stop_event.is_set():
                raise Stopped
        return self.order_ids.get(key)

    def _perform(self, step: sc.Step, clerk: Clerk | None) -> None:
        assert self.dispatcher and self.reviewer and self.clerk2
        case = self.scenario.cases[step.case]
        say = self.options.say
        if step.actor is sc.Actor.DISPATCHER:
            code = sc.STATION_1[0] if case.station == 1 else sc.STATION_2[0]
            try:
                order = self.dispatcher.issue(case.fields, code)
                self.order_ids[step.case] = order.id
            finally:
                self.issued.setdefault(step.case, threading.Event()).set()
            say(f"[call center] issued {order.business_no} ({order.kind.zh}) to {code}: "
                f"{order.customer.name} {order.vehicle.plate or ''}")
            return
        oid = self.order_ids.get(step.case) if case.yesterday_at else self._order_id(step.case)
        if oid is None:
            return  # its order was never issued (a failure said so already)
        if step.actor is sc.Actor.REVIEWER:
            if step.action == "callback":
                self.reviewer.callback(oid, step.data)
            else:
                self.reviewer.close(oid, str(step.data.get("note", "")))
            say(f"[reviewer] {step.action} on yesterday's {step.case}")
            return
        worker = self.clerk2 if case.station == 2 else clerk
        if worker is None:
            return  # station 1's steps are the person's at the window
        worker.wait_for(oid, self.stop_event)
        worker.act(oid, step.action, step.data)
        code = sc.STATION_2[0] if case.station == 2 else sc.STATION_1[0]
        say(f"[station {code}] {step.action} {step.case}")

    def _cut_network(self) -> None:
        assert self.options.offline_at is not None
        if self.stop_event.wait(self.options.offline_at):
            return
        self.options.say("[network] the call center goes away (network cut) / 网络中断")
        self.offline.append((datetime.now(UTC), None))
        self.server.stop()
        try:
            self.stop_event.wait(self.options.offline_for / self.options.speed)
        finally:
            if not self.stop_event.is_set():
                self.server.start()
                self.offline[-1] = (self.offline[-1][0], datetime.now(UTC))
                self.options.say("[network] the call center is back / 网络恢复")

    # -- stop -----------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop the story threads, the server and the printer; remove a temporary folder."""
        self.stop_event.set()
        for t in self.threads:
            t.join(10)
        if self.clerk2 is not None:
            self.clerk2.detach()
        if self.worker2 is not None:
            self.worker2.stop()
        if self.station2 is not None:
            self.station2.close()
            self.station2 = None
        for client in self.clients:
            client.close()
        if self.server is not None:
            self.server.stop()
        if self.printer is not None:
            self.printer.stop()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
