"""Fixtures for the station core: a station in tmp_path with a settable clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from station_app.station import Station
from tests.station.factories import STATION, T0
from tests.support.callcenter_server import CallCenterServer


class FakeClock:
    def __init__(self, start: datetime = T0) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta: float) -> datetime:
        self.at += timedelta(**delta)
        return self.at


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0 + timedelta(minutes=5))


@pytest.fixture
def station(tmp_path: Path, clock: FakeClock) -> Iterator[Station]:
    st = Station.open(tmp_path / "data", now=clock)
    st.set_settings({"station_code": STATION, "station_name": "合肥一站", "user": "张三"})
    try:
        yield st
    finally:
        st.close()


def open_linked(data_dir: Path, server: CallCenterServer) -> Station:
    """A station with the real clock in ``data_dir``, set up and given a token by ``server``."""
    st = Station.open(data_dir)
    st.set_settings({"station_code": STATION, "user": "张三", "server_url": server.base_url})
    st.set_token(server.add_station(STATION, "合肥一站"))
    return st


@pytest.fixture
def live_station(tmp_path: Path, callcenter_server) -> Iterator[Station]:
    """A station with the real clock, linked to the running `callcenter_server`."""
    st = open_linked(tmp_path / "live", callcenter_server)
    try:
        yield st
    finally:
        st.close()
