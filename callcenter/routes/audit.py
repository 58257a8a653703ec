"""`GET /v1/audit/list`: the reviewer's list of a day's completed orders, summary rows a page at
a time; `GET /v1/audit/orders/{id}`: one of them with its timeline; `GET /v1/audit`: whole
timelines, a page at a time."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

import pydantic_core
from fastapi import APIRouter, Depends, Query, Request, Response

from callcenter import audit_list, review
from callcenter import db as database
from callcenter.auth import Principal, Role, require
from callcenter.routes.common import config, now
from station_app import console_wire, wire_fields
from station_app.domain.kinds import OrderKind

router = APIRouter(prefix="/v1", tags=["review"])
DayParam = Annotated[wire_fields.Day, Query(description="the local day (YYYY-MM-DD) the orders "
                                                "were completed")]
STATION = Query(None, pattern=r"^\d{5}$", description="a station code")
CURSOR = Query(None, max_length=200, description="`next_cursor` of the page before")


@router.get("/audit", response_model=console_wire.AuditPage)
def audit(request: Request,
          date: DayParam,
          state: Literal["unaudited", "audited", "all"] = "unaudited",
          station: str | None = STATION,
          cursor: str | None = CURSOR,
          limit: int = Query(100, ge=1, le=console_wire.AUDIT_PAGE_MAX),
          who: Principal = Depends(require(Role.REVIEWER))) -> console_wire.AuditPage:
    """The orders completed that day (local time), each with its timeline, deadlines, flags
    (contact late, completion late, backdated, clock off, late facts, reopened), callbacks and
    printed forms; at most `limit` per page, `next_cursor` for the next."""
    t = now()
    return database.read(
        lambda: review.audit(date, state, station, t, config(request), cursor, limit))


@router.get("/audit/list", response_model=console_wire.AuditRowsPage)
def audit_rows(request: Request,
               date: DayParam,
               state: Literal["unaudited", "audited", "all"] = "unaudited",
               station: str | None = STATION,
               kind: OrderKind | None = Query(None, description="an order kind"),
               flag: console_wire.AuditFlagName | None = Query(None, description="only orders with "
                                                                           "this flag"),
               cursor: str | None = CURSOR,
               limit: int = Query(audit_list.DEFAULT_LIMIT, ge=1, le=console_wire.AUDIT_PAGE_MAX),
               who: Principal = Depends(require(Role.REVIEWER))) -> console_wire.AuditRowsPage:
    """Summary rows of the orders completed that day (number, station, kind, customer,
    completed at, status, flags, callback state, deadline states), in completion order; filters
    apply on the server; `next_cursor` asks for the next page (None on the last)."""
    t = now()
    f = audit_list.AuditFilter(date, state, station, kind.value if kind else None, flag)
    page = database.read(lambda: audit_list.rows_page(f, cursor, limit, t, config(request)))
    # plain dicts straight to JSON: validating or building models for 500 rows cost more
    # than reading them (the rows are made from stored columns in the model's shape)
    return Response(pydantic_core.to_json(page), media_type="application/json")  # type: ignore[return-value]


@router.get("/audit/orders/{order_id}", response_model=console_wire.AuditOrder)
def audit_order(request: Request, order_id: UUID,
                who: Principal = Depends(require(Role.REVIEWER))) -> console_wire.AuditOrder:
    """One order as the reviewer opens it from the list: timeline, deadlines, flags,
    callbacks, printed forms."""
    t = now()
    return database.read(lambda: audit_list.one(str(order_id), t, config(request)))
