"""The typed API client and the console's endpoints against a real call center: who a token
is, the board and its long-poll, the satisfaction trend, and errors in both languages."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from station_app import console_wire, wire
from station_app.console_client import ApiError, CallCenterClient, Unreachable
from station_app.domain.events import CallbackOutcome
from tests.support.callcenter_server import CallCenterServer, new_event
from tests.ui.console import seed


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request, tmp_path):
    """The console's endpoints on both databases the service runs on."""
    if request.param == "sqlite":
        url = str(tmp_path / "callcenter.sqlite3")
    else:
        url = request.getfixturevalue("postgres_url")
    with CallCenterServer(url, fallback_poll=0.2) as s:
        yield s


@pytest.fixture
def clients(server, seeded):
    made = {role: CallCenterClient(server.base_url, seeded.tokens[role])
            for role in ("dispatcher", "reviewer", seed.NORTH)}
    yield made
    for c in made.values():
        c.close()


def test_me_names_the_role_and_the_zone(clients):
    assert clients["reviewer"].me() == console_wire.Me(role="reviewer", name="审核员 王芳",
                                               timezone="Asia/Shanghai")
    station = clients[seed.NORTH].me()
    assert (station.role, station.station_code) == ("station", seed.NORTH)


def test_board_lists_todays_and_open_orders_with_deadlines(clients, seeded):
    page = clients["dispatcher"].board()
    ids = {str(o.order.id) for o in page.orders}
    assert ids == {o["id"] for o in seeded.today}  # yesterday's are completed: not on it
    rescue = next(o for o in page.orders if str(o.order.id) == seeded.today[0]["id"])
    contact = next(d for d in rescue.deadlines if d.name == "contact")
    assert contact.state == "breached" and rescue.station_name == "合肥北城服务站"


def test_board_changes_waits_for_a_change_and_answers_at_once(clients, seeded, server):
    dispatcher = clients["dispatcher"]
    version = dispatcher.board().version
    quiet = dispatcher.board_changes(version, wait=0.3)
    assert (quiet.changed, quiet.version) == (False, version)
    answered = threading.Event()
    result: list[console_wire.BoardChanges] = []

    def wait() -> None:
        result.append(dispatcher.board_changes(version, wait=20))
        answered.set()

    waiter = threading.Thread(target=wait)
    waiter.start()
    station = server.client(seeded.tokens[seed.LUAN])
    station.post("/v1/events", json={"events": [new_event(seeded.today[1]["id"],
                                                          "received")]}).raise_for_status()
    assert answered.wait(10)
    waiter.join()
    assert result[0].changed and result[0].version > version


def test_satisfaction_trend_per_day(clients, seeded):
    reviewer = clients["reviewer"]
    reviewer.callback(seeded.yesterday[0]["id"], CallbackOutcome.REACHED, "",
                      wire.Scores(skill=5, attitude=5, timeliness=4, parts=4, overall=5))
    reviewer.callback(seeded.yesterday[1]["id"], CallbackOutcome.REACHED, "",
                      wire.Scores(skill=3, attitude=3, timeliness=3, parts=3, overall=3))
    reviewer.callback(seeded.yesterday[2]["id"], CallbackOutcome.NO_ANSWER, "")
    today = seed.local_day(0).date()
    trend = reviewer.satisfaction_trend(today - timedelta(days=2), today)
    assert [(d.callbacks, d.mean) for d in trend.days] == [(0, None), (0, None), (2, 3.8)]


def test_errors_come_in_both_languages(clients, server, seeded):
    with pytest.raises(ApiError) as refused:
        clients["dispatcher"].audit(seed.local_day(1).date())
    assert refused.value.status == 403 and "reviewer" in refused.value.en
    assert "无权" in refused.value.zh
    with pytest.raises(ApiError) as bad:
        clients["dispatcher"].reassign(seeded.today[0]["id"], seed.NORTH, "同一站")
    assert bad.value.status == 409
    logged = clients["dispatcher"].add_note(seeded.today[0]["id"], "已电话催促服务站")
    line = logged.events[-1]
    assert line.type == "note" and line.payload["text"] == "已电话催促服务站"
    assert line.station_code is None  # the call center's handling log, not the station's
    with CallCenterClient("http://127.0.0.1:9", "x.y") as nowhere, pytest.raises(Unreachable):
        nowhere.me()
