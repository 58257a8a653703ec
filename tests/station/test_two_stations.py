"""Two stations open side by side in one process: each file holds only its own records,
whether they are used in turns on one thread or at once on two."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from station_app import paths
from station_app.station import Station
from tests.station import factories as f
from tests.station.factories import OTHER_STATION, STATION


def _open(folder: Path, code: str, clock) -> Station:
    st = Station.open(folder, now=clock)
    st.set_settings({"station_code": code, "user": f"职员{code}"})
    return st


def _rows(folder: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(folder / paths.DB_FILENAME)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_two_stations_in_one_process_each_keep_only_their_own(tmp_path, clock):
    a = _open(tmp_path / "a", STATION, clock)
    b = _open(tmp_path / "b", OTHER_STATION, clock)  # opened last
    try:
        oa, ob = f.order(STATION, business_no="A-1"), f.order(OTHER_STATION, business_no="B-1")
        a.apply_changes(f.page(f.order_change(1, oa)))
        b.apply_changes(f.page(f.order_change(1, ob)))
        for i in range(5):  # in turns, on one thread
            a.record_note(oa.id, f"甲{i}")
            b.record_note(ob.id, f"乙{i}")
        errors: list[BaseException] = []

        def work(st: Station, oid, label: str) -> None:
            try:
                for i in range(20):
                    st.record_note(oid, f"{label}{i}")
                    assert st.order_ids() == [oid]
            except BaseException as exc:  # noqa: BLE001 - the test reads it
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(a, oa.id, "甲线")),
                   threading.Thread(target=work, args=(b, ob.id, "乙线"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert list(a.order_ids()) == [oa.id] and list(b.order_ids()) == [ob.id]
        assert a.sync_status().events_waiting == 25 == b.sync_status().events_waiting
        assert a.code == STATION and b.code == OTHER_STATION
    finally:
        a.close()
        b.close()
    assert _rows(tmp_path / "a", "SELECT business_no FROM orders") == [("A-1",)]
    assert _rows(tmp_path / "b", "SELECT business_no FROM orders") == [("B-1",)]
    notes_a = _rows(tmp_path / "a", "SELECT json_extract(payload, '$.text') FROM events "
                                   "WHERE type = 'note'")
    notes_b = _rows(tmp_path / "b", "SELECT json_extract(payload, '$.text') FROM events "
                                   "WHERE type = 'note'")
    assert len(notes_a) == 25 and all(n[0].startswith("甲") for n in notes_a)
    assert len(notes_b) == 25 and all(n[0].startswith("乙") for n in notes_b)
