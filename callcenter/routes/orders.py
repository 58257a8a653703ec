"""Issuing orders and the dispatcher's actions: issue, read, cancel, reassign."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from callcenter import db as database
from callcenter import orders
from callcenter.auth import Principal, Role, current_principal, require
from callcenter.routes.common import config, now, write
from station_app import console_wire, wire, wire_orders
from station_app.domain.events import EventType

router = APIRouter(prefix="/v1/orders", tags=["orders"])


@router.post("", status_code=201, response_model=wire_orders.Order)
def issue_order(body: orders.IssueRequest, request: Request, response: Response,
                who: Principal = Depends(require(Role.DISPATCHER))) -> wire_orders.Order:
    """Issue an order to a station (派单). A retried request with the same `id` answers 200."""
    t = now()
    order, created = write(request, lambda: orders.issue(who, body, t, config(request)))
    if not created:
        response.status_code = 200
    return order


@router.get("/{order_id}", response_model=wire.OrderWithEvents)
def get_order(order_id: UUID, who: Principal = Depends(current_principal)
              ) -> wire.OrderWithEvents:
    """The order with all its events, in the server's order."""
    return database.read(lambda: orders.with_events(orders.visible_order(who, order_id)))


def _act_and_show(request: Request, who: Principal, order_id: UUID, etype: EventType,
                  payload: dict[str, object]) -> wire.OrderWithEvents:
    t = now()

    def run() -> wire.OrderWithEvents:
        orders.act(who, order_id, etype, payload, t, config(request))
        return orders.with_events(orders.visible_order(who, order_id))

    return write(request, run)


@router.post("/{order_id}/cancel", response_model=wire.OrderWithEvents)
def cancel_order(order_id: UUID, body: console_wire.CancelRequest, request: Request,
                 who: Principal = Depends(require(Role.DISPATCHER))) -> wire.OrderWithEvents:
    """Withdraw the order (取消); the station is told."""
    payload = wire.make_payload(EventType.CANCELLED, reason=body.reason)
    return _act_and_show(request, who, order_id, EventType.CANCELLED, payload)


@router.post("/{order_id}/reassign", response_model=wire.OrderWithEvents)
def reassign_order(order_id: UUID, body: console_wire.ReassignRequest, request: Request,
                   who: Principal = Depends(require(Role.DISPATCHER))) -> wire.OrderWithEvents:
    """Move the order to another station (改派): the old one is told it left, the new one gets
    it with its history."""
    t = now()

    def run() -> wire.OrderWithEvents:
        row = orders.visible_order(who, order_id)
        payload = wire.make_payload(EventType.REASSIGNED, from_station=row.station_code,
                                    to_station=body.to_station, reason=body.reason)
        orders.act(who, order_id, EventType.REASSIGNED, payload, t, config(request))
        return orders.with_events(orders.visible_order(who, order_id))

    return write(request, run)
