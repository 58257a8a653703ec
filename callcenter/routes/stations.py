"""`GET /v1/stations`: the stations orders can be issued to, and which are listening now."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from callcenter import admin
from callcenter.auth import Principal, Role, require
from callcenter.routes.common import notifier
from station_app import wire

router = APIRouter(prefix="/v1", tags=["stations"])


@router.get("/stations", response_model=list[wire.StationInfo])
def list_stations(request: Request,
                  who: Principal = Depends(require(Role.DISPATCHER, Role.REVIEWER))
                  ) -> list[wire.StationInfo]:
    """Every station, with `polling` true while one of its long-polls waits on this server
    process (a hint for the dispatch board; other server processes are not asked)."""
    wake = notifier(request)
    return [wire.StationInfo(code=s.code, name=s.name, address=s.address, phone=s.phone,
                             polling=wake.waiting(s.code) > 0)
            for s in admin.stations()]
