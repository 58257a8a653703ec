"""The scenario: deterministic, every order valid on the wire, steps in a possible order."""

from __future__ import annotations

from datetime import UTC, date, datetime

from station_app import wire_orders
from station_app.domain.events import STATION_EVENTS
from station_desk.demo import scenario as sc
from station_desk.demo.actors import ACTION_EVENTS, appointment_time

DAY = date(2026, 11, 25)


def test_the_scenario_is_the_same_for_a_seed_and_a_day() -> None:
    assert sc.build(7, DAY) == sc.build(7, DAY)
    assert sc.build(7, DAY) != sc.build(8, DAY)


def test_every_order_is_valid_on_the_wire() -> None:
    s = sc.build(7, DAY)
    for case in s.cases.values():
        code = sc.STATION_1[0] if case.station == 1 else sc.STATION_2[0]
        wire_orders.OrderFields.model_validate({**case.fields, "station_code": code})


def test_the_day_holds_the_seeds_cases_and_yesterday_is_finished() -> None:
    s = sc.build(7, DAY)
    kinds = {(c.fields["kind"], c.fields["complaint_level"]) for c in s.today_cases()}
    assert {("rescue", None), ("complaint", "strong"), ("complaint", "medium"),
            ("fault_mode", None), ("repair", None)} <= kinds
    assert "安全气囊" in s.cases["airbag"].fields["statement"]
    assert "发动机总成" in s.cases["parts"].fields["statement"]
    assert s.cases["rescue"].fields["location"]
    yesterday = [c for c in s.cases.values() if c.yesterday_at is not None]
    assert len(yesterday) >= 4
    completed = {y.case for y in s.yesterday if y.action == "complete"}
    assert completed == {c.key for c in yesterday}
    assert all(y.at.date() == date(2026, 11, 24) for y in s.yesterday)


def test_steps_are_in_time_order_and_each_order_is_issued_before_it_is_worked() -> None:
    s = sc.build(7, DAY)
    assert [st.at for st in s.steps] == sorted(st.at for st in s.steps)
    issued: set[str] = {c.key for c in s.cases.values() if c.yesterday_at is not None}
    for step in s.steps:
        if step.actor is sc.Actor.DISPATCHER:
            issued.add(step.case)
        else:
            assert step.case in issued, step
        if step.actor is sc.Actor.STATION and step.action != "print":
            assert ACTION_EVENTS[step.action] in STATION_EVENTS


def test_appointments_fall_in_working_hours() -> None:
    late_evening = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # 20:00 in Shanghai
    booked = appointment_time(late_evening, 3).astimezone(sc.ZoneInfo("Asia/Shanghai"))
    assert (booked.date(), booked.hour) == (date(2026, 11, 26), 9)
    morning = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai
    assert appointment_time(morning, 2) == datetime(2026, 11, 25, 3, 0, tzinfo=UTC)
