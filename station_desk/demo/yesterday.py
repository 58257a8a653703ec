"""Yesterday's finished orders, made at set-up so the reviewer's audit list has work: issued
with yesterday's times, and what each station did replayed through its own core, with its
clock set back to each moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from station_desk.demo import scenario as sc
from station_desk.demo.actors import ACTION_EVENTS, payload_for

if TYPE_CHECKING:
    from station_desk.demo.session import Session


UTC_MIN = datetime.min.replace(tzinfo=UTC)


class DemoClock:
    """The station's clock, which the set-up turns back to replay yesterday's work."""

    def __init__(self) -> None:
        self.shift = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.shift

    def set_to(self, moment: datetime) -> None:
        self.shift = moment - datetime.now(UTC)


def replay_yesterday(session: Session) -> None:
    """Issue yesterday's orders and replay what each station did, each through its own core
    and file with its clock set back to each moment."""
    assert session.dispatcher and session.tokens
    cases = {k: c for k, c in session.scenario.cases.items() if c.yesterday_at is not None}
    for key, case in sorted(cases.items(), key=lambda kv: kv[1].yesterday_at or UTC_MIN):
        code = sc.STATION_1[0] if case.station == 1 else sc.STATION_2[0]
        order = session.dispatcher.issue(case.fields, code, case.yesterday_at)
        session.order_ids[key] = order.id
    for n, folder, token in ((1, session.station_dir, session.tokens.station1),
                             (2, session.station2_dir, session.tokens.station2)):
        steps = [s for s in session.scenario.yesterday if cases[s.case].station == n]
        _replay(session, folder, token, steps)


def _replay(session: Session, folder: Path, token: str, steps: list[sc.YesterdayStep]
            ) -> None:
    from station_app.station import Station
    from station_app.sync import SyncClient
    from station_app.transport import HttpTransport

    clock = DemoClock()
    with Station.open(folder, now=clock) as station:
        client = SyncClient(station, HttpTransport(session.base_url, token, now=clock))
        try:
            client.once()  # the orders come down (with today's clock)
            for step in steps:
                oid = session.order_ids[step.case]
                clock.set_to(step.at)
                if step.action == "receive":
                    station.mark_read(oid)
                else:
                    station.record(oid, ACTION_EVENTS[step.action],
                                   payload_for(step.action, step.data, step.at))
            clock.shift = timedelta(0)
            client.once()  # and what the station did goes up
        finally:
            client.transport.close()
