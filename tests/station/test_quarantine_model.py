"""A quarantined change keeps what the server sent under `payload` (column "raw"), and the
model keeps peewee's `Model.raw()` for raw SQL."""

from __future__ import annotations

from station_app import changes
from station_app.clock import system_now
from station_app.station import Station
from station_app.store import QuarantinedChange


def test_quarantined_change_keeps_peewee_raw(tmp_path):
    with Station.open(tmp_path):
        changes._quarantine({"kind": "mystery"}, 7, ValueError("unknown kind"), system_now())
        rows = list(QuarantinedChange.raw("SELECT * FROM quarantined_changes"))
        assert [r.seq for r in rows] == [7]
        assert '"mystery"' in rows[0].payload
