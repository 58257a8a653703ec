"""`GET /v1/reports/stations`: per-station SLA, satisfaction, closed and reopened shares."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from callcenter import db as database
from callcenter import derived_store, reports_sql
from callcenter.auth import Principal, Role, require
from callcenter.errors import ApiError
from callcenter.routes.common import config, now
from common.refusal import Code
from station_app import console_wire, wire_fields

router = APIRouter(prefix="/v1/reports", tags=["review"])
MAX_DAYS = 366


@router.get("/stations", response_model=console_wire.StationsReport)
def stations_report(request: Request,
                    date_from: Annotated[wire_fields.Day, Query(alias="from",
                                                     description="first local day")],
                    date_to: Annotated[wire_fields.Day, Query(alias="to",
                                                   description="last local day")],
                    who: Principal = Depends(require(Role.REVIEWER))
                    ) -> console_wire.StationsReport:
    """Per station, the orders *issued* in the period (local days): count; contact-,
    completion- and callback-SLA met % of the deadlines decided (a deadline the order ended
    before is not counted, one it ended after counts as not met); mean satisfaction; closed %,
    reopened %; closes without a callback; urges — each beside the counts it is made of."""
    if date_to < date_from:
        raise ApiError(422, "to", "the period ends before it starts", "结束日期早于开始日期",
                       code=Code.BAD_PERIOD)
    if (date_to - date_from).days > MAX_DAYS:
        raise ApiError(422, "to", f"at most {MAX_DAYS} days at a time",
                       f"每次最多查询{MAX_DAYS}天", code=Code.BAD_PERIOD)
    t = now()
    cfg = config(request)
    if database.read(lambda: reports_sql.other_policy(date_from, date_to, cfg)):
        # written by a process with other time limits: never mix two policies in one report
        derived_store.recompute_deadlines(t, cfg)
    return database.read(lambda: reports_sql.stations_report(date_from, date_to, t, cfg))
