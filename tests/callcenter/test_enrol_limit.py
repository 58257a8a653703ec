"""Enrolment codes are short, so guessing them is bounded: past 10 failed attempts from one
address, or 30 for one station, within 15 minutes `POST /v1/enrol` answers 429 with
Retry-After and a message in both languages — before it looks at the code, so a right guess
then is refused too; once the window has passed, the right code enrols."""

from __future__ import annotations

from pathlib import Path

from callcenter import devices
from callcenter.enrol_limit import PER_ADDRESS, WINDOW_S, EnrolmentAttempts
from common.errors import UserError
from station_app import enrolment
from station_app.station import Station
from tests.support.refusals import refusal

STATION, OTHER = "34001", "34002"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _enrol(server, code: str, station: str = STATION):
    return server.client().post("/v1/enrol", json={"code": code, "station_code": station,
                                                   "device_name": "前台"})


def test_guessing_from_one_computer_is_stopped_until_the_window_passes(server):
    server.add_station(STATION, "合肥一站")
    clock = Clock()
    server.app.state.enrol_attempts = EnrolmentAttempts(clock=clock)
    right = devices.issue_code(STATION, minutes=60).code
    for k in range(PER_ADDRESS):
        assert _enrol(server, f"AAAA-AAA{'23456789ABC'[k]}").status_code == 404
    r = _enrol(server, right)
    assert r.status_code == 429, r.text
    assert int(r.headers["Retry-After"]) == WINDOW_S
    why = refusal(r)
    assert why["code"] == "too_many_requests"
    assert "too many wrong enrolment codes" in why["message_en"]
    assert "错误注册码过多" in why["message_zh"] and "15分钟" in why["message_zh"]
    clock.now += 5 * 60  # the oldest failure leaves the window only after 15 minutes
    assert int(_enrol(server, right).headers["Retry-After"]) == 10 * 60
    clock.now += 10 * 60
    assert _enrol(server, right).status_code == 201
    assert len(devices.devices(STATION)) == 2  # the station's first PC and this one


def test_guessing_one_stations_codes_is_stopped_for_that_station_only(server):
    server.add_station(STATION, "合肥一站")
    server.add_station(OTHER, "合肥二站")
    server.app.state.enrol_attempts = EnrolmentAttempts(per_address=1000, per_station=3,
                                                        clock=Clock())
    for _ in range(3):
        assert _enrol(server, "ZZZZ-ZZZZ").status_code == 404
    r = _enrol(server, devices.issue_code(STATION).code)
    assert r.status_code == 429 and f"for station {STATION}" in refusal(r)["message_en"]
    assert f"服务站{STATION}的错误注册码尝试过多" in refusal(r)["message_zh"]
    assert int(r.headers["Retry-After"]) > 0
    assert _enrol(server, devices.issue_code(OTHER).code, OTHER).status_code == 201
    assert r.json()["errors"][0]["code"] == "too_many_requests"


def test_the_station_says_why_when_the_call_center_says_wait(server, tmp_path: Path):
    server.add_station(STATION, "合肥一站")
    server.app.state.enrol_attempts = EnrolmentAttempts(per_address=1, clock=Clock())
    with Station.open(tmp_path / "pc") as st:
        try:
            enrolment.enrol(st, server.base_url, STATION, "WRON-GCOD")
        except UserError as exc:
            assert "unknown" in str(exc)
        else:
            raise AssertionError("a wrong code enrolled")
        try:
            enrolment.enrol(st, server.base_url, STATION, devices.issue_code(STATION).code)
        except UserError as exc:
            assert exc.en.startswith("too many wrong enrolment codes"), exc.en
            assert "错误注册码过多" in exc.zh
        else:
            raise AssertionError("enrolled past the limit")
        assert st.token() is None
