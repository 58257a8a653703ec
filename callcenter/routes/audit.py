"""`GET /v1/audit`: the reviewer's list of a day's completed orders with flags."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request

from callcenter import db as database
from callcenter import review
from callcenter.auth import Principal, Role, require
from callcenter.routes.common import config, now
from station_app import wire

router = APIRouter(prefix="/v1", tags=["review"])


@router.get("/audit", response_model=wire.AuditPage)
def audit(request: Request,
          date: Annotated[wire.Day, Query(description="the local day (YYYY-MM-DD) the orders "
                                                      "were completed")],
          state: Literal["unaudited", "audited", "all"] = "unaudited",
          station: str | None = Query(None, pattern=r"^\d{5}$", description="a station code"),
          who: Principal = Depends(require(Role.REVIEWER))) -> wire.AuditPage:
    """The orders completed that day (local time), each with its timeline, deadlines, flags
    (contact late, completion late, backdated, clock off, late facts, reopened), callbacks and
    printed forms."""
    t = now()
    return database.read(lambda: review.audit(date, state, station, t, config(request)))
