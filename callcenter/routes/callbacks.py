"""The reviewer's actions on an order: callbacks (回访), close (审核关单), reopen (退回)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Request

from callcenter import orders
from callcenter.auth import Principal, Role, require
from callcenter.routes.common import config, now, write
from station_app import wire
from station_app.domain.events import EventType

router = APIRouter(prefix="/v1/orders", tags=["review"])


@router.post("/{order_id}/callbacks", response_model=wire.OrderWithEvents)
def add_callback(order_id: UUID, body: wire.CallbackRequest, request: Request,
                 who: Principal = Depends(require(Role.REVIEWER))) -> wire.OrderWithEvents:
    """Record a callback to the customer. The server numbers the attempt; the third
    unreachable attempt within 7 days closes the callback as unreachable (its outcome is the
    reason)."""
    t = now()

    def run() -> wire.OrderWithEvents:
        orders.visible_order(who, order_id)
        payload = orders.callback_payload(order_id, body.outcome, body.note, body.scores, t)
        orders.act(who, order_id, EventType.CALLBACK, payload, t, config(request))
        return orders.with_events(orders.visible_order(who, order_id))

    return write(request, run)


@router.post("/{order_id}/close", response_model=wire.OrderWithEvents)
def close_order(order_id: UUID, body: wire.CloseRequest, request: Request,
                who: Principal = Depends(require(Role.REVIEWER))) -> wire.OrderWithEvents:
    """Audit and close the order (审核关单); the close date defaults to today, local time."""
    t = now()
    close_date = body.close_date or orders.local_today(t, config(request))
    payload = wire.make_payload(EventType.CLOSED, close_date=close_date, note=body.note)

    def run() -> wire.OrderWithEvents:
        orders.act(who, order_id, EventType.CLOSED, payload, t, config(request))
        return orders.with_events(orders.visible_order(who, order_id))

    return write(request, run)


@router.post("/{order_id}/reopen", response_model=wire.OrderWithEvents)
def reopen_order(order_id: UUID, body: wire.ReopenRequest, request: Request,
                 who: Principal = Depends(require(Role.REVIEWER))) -> wire.OrderWithEvents:
    """Send the order back to the station (退回重办) with a reason; the station is told."""
    t = now()
    payload = wire.make_payload(EventType.REOPENED, reason=body.reason)

    def run() -> wire.OrderWithEvents:
        orders.act(who, order_id, EventType.REOPENED, payload, t, config(request))
        return orders.with_events(orders.visible_order(who, order_id))

    return write(request, run)
