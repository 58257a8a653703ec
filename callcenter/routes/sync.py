"""What stations sync through: pushing events, long-polling their change feed."""

from __future__ import annotations

import logging
import time
from datetime import datetime
from typing import Any

from anyio import to_thread
from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from callcenter import auth, feed, ingest
from callcenter import db as database
from callcenter.auth import Principal, current_principal
from callcenter.body_guard import DecodedBodyRoute
from callcenter.errors import ApiError
from callcenter.notifier import Revoked
from callcenter.routes.common import config, long_polls, notifier, now, write
from callcenter.working_set import Stored
from common.refusal import Code
from station_app import wire

log = logging.getLogger("callcenter.sync")
router = APIRouter(prefix="/v1", tags=["sync"], route_class=DecodedBodyRoute)
MAX_WAIT = 30.0
_STATION_OF: dict[str, str] = {}  # token id -> its station, in this process


class RawBatch(BaseModel):
    """The batch envelope; each event is validated on its own so one bad event is one
    rejected result, not a failed batch."""

    model_config = ConfigDict(extra="forbid")
    events: list[Any] = Field(max_length=wire.MAX_BATCH)


# The document says what the server does: the envelope is checked as a whole, each event on
# its own (an item that is no `Event` is that item's rejected result, not a refused batch).
_BATCH_SCHEMA = {
    "type": "object", "required": ["events"], "additionalProperties": False,
    "properties": {"events": {
        "type": "array", "maxItems": wire.MAX_BATCH,
        "items": {"anyOf": [{"$ref": "#/components/schemas/Event"},
                            {"description": "anything else: answered as that event's "
                                            "rejected result"}]}}},
    "description": "an `EventBatch`: up to 500 events; each is judged on its own",
}


@router.post("/events", response_model=wire.BatchResult, response_model_exclude_none=True,
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                 "schema": _BATCH_SCHEMA}}}})
def push_events(body: RawBatch, request: Request,
                who: Principal = Depends(current_principal),
                version: int = Header(1, alias=wire.WIRE_VERSION_HEADER, ge=1, le=99,
                                      description="2: reasons as data (`why`, `original`); "
                                                  "absent or 1: the v1 one-line `reason`")
                ) -> Response:
    """Store a batch of up to 500 events; one result per event, in the same order."""
    t = now()
    results = write(request, lambda: ingest.judge_batch(
        who, body.events, t, config(request), ingest.ENDPOINT_ONLY))
    return Response(batch_answer(results, version < wire.WIRE_VERSION, now()),
                    media_type="application/json")


_HEAD = '{"results":['


def batch_answer(results: list[wire.EventResult | Stored], v1: bool, server_time: datetime
                 ) -> bytes:
    """The JSON of `wire.BatchResult` (as `response_model_exclude_none` writes it; for a v1
    client, which refuses keys it does not know, each result `for_v1`), the result of a
    stored event without a reason written straight from its `Stored`."""
    parts = []
    for r in results:
        if isinstance(r, Stored) and r.why is None:
            parts.append(f'{{"id":"{r.id}","status":"{r.status.value}","reason":"",'
                         f'"seq":{r.pos}}}')
            continue
        result = r.result() if isinstance(r, Stored) else r
        parts.append((result.for_v1() if v1 else result).model_dump_json(exclude_none=True))
    rest = wire.BatchResult(results=[], server_time=server_time).model_dump_json(
        exclude_none=True)
    return f"{_HEAD}{','.join(parts)}{rest.removeprefix(_HEAD)}".encode()


@router.get("/changes", response_model=wire.ChangesPage)
async def changes(request: Request,
                  after: int = Query(0, ge=0, le=wire.MAX_SEQ,
                                    description="the last seq the station has"),
                  wait: float = Query(0, ge=0, le=MAX_WAIT,
                                      description="seconds to wait for a change (long-poll)"),
                  mark: str = Query("", max_length=wire.MARK_LENGTH,
                                    pattern=wire.MARK_PATTERN,
                                    description="the identity of change `after` as the "
                                                "station received it (`last_mark`)"),
                  token: auth.StationToken = Depends(auth.station_token)) -> wire.ChangesPage:
    """The station's changes after `after`, in order; waits up to `wait` s for the first one.
    A token revoked while it waits gets 401 within a second, and never a page read after.
    With `mark`, a feed that does not hold that change (a database restored from an older
    backup) answers 409 `feed_rewound`: the station rebuilds from `/v1/rebuild`."""
    wake = notifier(request)
    deadline = time.monotonic() + wait
    who: Principal | None = None
    hint = _STATION_OF.get(token.token_id)  # a token's station never changes

    def read() -> tuple[Principal, feed.Page | None, bool]:
        # The token's check and the page in one thread hop and connection (each long-poll
        # answer is followed by the next long-poll: this is the hottest path of the server).
        principal = who or auth.station_principal(token)
        try:
            page: feed.Page | None = feed.read_page(principal.station_code or "", after,
                                                    mark=mark)
        except feed.Rewound:
            page = None
        return principal, page, auth.still_valid(principal.token_id)  # after the page read

    while True:
        station = who.station_code or "" if who else hint
        # taken before reading, so no change slips between
        ev = wake.event_for(station) if station is not None else None
        principal, read_page, valid = await to_thread.run_sync(lambda: database.read(read))
        if not valid:
            raise auth.revoked_error()
        if read_page is None:
            raise _rewound(principal, after)
        page = read_page.changes
        if who is None:
            who = principal
            auth.note_contact(request, who)
            if len(_STATION_OF) > 100_000:
                _STATION_OF.clear()
            _STATION_OF[who.token_id] = who.station_code or ""
            if station != who.station_code and not page:
                continue  # the event taken was not this station's: take its own, read again
        remaining = deadline - time.monotonic()
        if page or remaining <= 0 or wake.closing:
            break
        assert ev is not None
        try:
            with long_polls(request).slot(who.token_id):  # 503 past the cap
                await wake.wait(who.station_code or "", after, ev, remaining, who.token_id)
        except Revoked:
            raise auth.revoked_error() from None
    last = page[-1]["seq"] if page else after
    return wire.ChangesPage(changes=[wire.Change.model_validate(c) for c in page],
                            last_seq=last, last_mark=read_page.last_mark or None,
                            server_time=now())


def _rewound(who: Principal, after: int) -> ApiError:
    log.warning("station %s (token %s) holds change %s, which its feed does not: the database "
                "was restored from an older backup; the station's PC rebuilds",
                who.station_code, who.token_id, after)
    return ApiError(
        409, "after", "the call center's records are older than this PC's (its database was "
        "restored from a backup): this PC fetches its orders again and sends what the call "
        "center lacks", "呼叫中心的数据比本机旧(其数据库已从备份恢复):本机将重新获取工单,"
        "并补发呼叫中心缺少的记录", code=Code.FEED_REWOUND)
