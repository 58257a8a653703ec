"""A station's PCs: enrolment with a one-time code, and the history a new PC starts from."""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response

from callcenter import db as database
from callcenter import devices, rebuild
from callcenter.auth import Principal, require_station
from callcenter.enrol_limit import EnrolmentAttempts
from callcenter.errors import ApiError
from callcenter.limits import RebuildPages
from callcenter.routes.common import now
from station_app import wire_devices

router = APIRouter(prefix="/v1", tags=["devices"])


@router.post("/enrol", response_model=wire_devices.Enrolled, status_code=201)
def enrol(body: wire_devices.Enrolment, request: Request) -> Any:
    """Exchange a station's one-time enrolment code for this PC's own device token (shown
    once). Refused: unknown code 404, used 409, expired 410, another station's 403; too many
    failed attempts from this address or for this station 429 with Retry-After."""
    attempts: EnrolmentAttempts = request.app.state.enrol_attempts
    address = request.client.host if request.client else ""
    attempts.check(address, body.station_code)
    try:
        done = devices.enrol(body.code, body.station_code, body.device_name,
                             devices.version_of(request.headers.get("user-agent", "")))
    except devices.EnrolmentRefused as exc:
        attempts.failed(address, body.station_code)
        raise ApiError.of(exc.status, exc.refusal.model_copy(update={"field": "code"})) from None
    reply = wire_devices.Enrolled(device_id=done.device_id, device_name=done.device_name,
                                  station_code=done.station_code, token=done.token)
    return JSONResponse(reply.model_dump(mode="json"), status_code=201)


@router.get("/rebuild", response_model=wire_devices.RebuildPage)
async def rebuild_page(request: Request,
                       after: str = Query("", max_length=40,
                                          description="the `next` of the previous page"),
                       days: int = Query(rebuild.DEFAULT_DAYS, ge=0, le=rebuild.MAX_DAYS,
                                         description="orders touched within this many days, "
                                                     "besides every open one"),
                       who: Principal = Depends(require_station)) -> Response:
    """The station's open orders and those of the recent window, each with its whole
    history, for a PC starting from nothing. Pages are built a few at a time
    (`limits.RebuildPages`); past its queue 503 with Retry-After."""
    pages: RebuildPages = request.app.state.rebuild_pages
    async with pages.turn(first=not after):
        t = now()
        text = await to_thread.run_sync(
            lambda: database.read(lambda: rebuild.page(who.station_code or "", days, after, t)))
    return Response(text.encode(), media_type="application/json")
