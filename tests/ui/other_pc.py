"""The station's other PC, as a test against a real call center has it: this window's station
set up with the station's token, and a second device (经理室) enrolled with a one-time code,
pushing as that PC does."""

from __future__ import annotations

from typing import Any

from callcenter import devices
from tests.ui import seed


def enrol_other_pc(server: Any, station: Any) -> dict[str, Any]:
    """Set ``station`` up against ``server``; returns the other PC's enrolment (its
    ``device_id`` and ``token``)."""
    station.set_settings({"server_url": server.base_url})
    station.set_token(server.add_station(seed.CODE, "合肥北城服务站"))
    return server.client().post("/v1/enrol", json={  # type: ignore[no-any-return]
        "code": devices.issue_code(seed.CODE).code, "station_code": seed.CODE,
        "device_name": "经理室"}).json()
