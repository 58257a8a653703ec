"""The reviewer's actions on an order: callbacks (回访), close (审核关单), send-back (退回重填 /
退回重办) and reopen; the handling log (处理情况) and the urge (催办) of the dispatcher."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Depends, Request

from callcenter import orders
from callcenter.auth import Principal, Role, require
from callcenter.routes.common import config, now, write
from station_app import console_wire, wire
from station_app.domain.events import EventType

router = APIRouter(prefix="/v1/orders", tags=["review"])


@router.post("/{order_id}/callbacks", response_model=wire.OrderWithEvents)
def add_callback(order_id: UUID, body: console_wire.CallbackRequest, request: Request,
                 who: Principal = Depends(require(Role.REVIEWER))) -> wire.OrderWithEvents:
    """Record a callback to the customer, at ``occurred_at`` (the phone log's time) or now.
    The server numbers the attempt; the third failed attempt on a different occasion (at least
    the policy's minimum gap after the one before) within 7 days closes the callback as
    unreachable (its outcome is the reason)."""
    t = now()
    cfg = config(request)

    def run() -> wire.OrderWithEvents:
        orders.visible_order(who, order_id)
        payload, at = orders.callback_payload(order_id, body, t, cfg)
        orders.act(who, order_id, EventType.CALLBACK, payload, t, cfg, note_at=at)
        return orders.with_events(orders.visible_order(who, order_id))

    return write(request, run)


@router.post("/{order_id}/close", response_model=wire.OrderWithEvents)
def close_order(order_id: UUID, body: console_wire.CloseRequest, request: Request,
                who: Principal = Depends(require(Role.REVIEWER))) -> wire.OrderWithEvents:
    """Audit and close the order (审核关单). The close date defaults to today, local time; it
    may be neither in the future nor before the completion. A completed or declined order needs
    a finished callback, or ``without_callback_reason`` (counted in the report)."""
    t = now()
    cfg = config(request)
    close_date = body.close_date or orders.local_today(t, cfg)
    payload = wire.make_payload(EventType.CLOSED, close_date=close_date, note=body.note,
                                without_callback_reason=body.without_callback_reason)

    def run() -> wire.OrderWithEvents:
        orders.visible_order(who, order_id)
        orders.check_close(order_id, body, close_date, t, cfg)
        orders.act(who, order_id, EventType.CLOSED, payload, t, cfg)
        return orders.with_events(orders.visible_order(who, order_id))

    return write(request, run)


@router.post("/{order_id}/reopen", response_model=wire.OrderWithEvents)
def reopen_order(order_id: UUID, body: console_wire.ReopenRequest, request: Request,
                 who: Principal = Depends(require(Role.REVIEWER))) -> wire.OrderWithEvents:
    """Send the order back for a new visit (退回重办) with a reason; its deadlines restart."""
    return _send_back(request, who, order_id, "redo", body.reason)


@router.post("/{order_id}/send-back", response_model=wire.OrderWithEvents)
def send_back(order_id: UUID, body: console_wire.SendBackRequest, request: Request,
              who: Principal = Depends(require(Role.REVIEWER))) -> wire.OrderWithEvents:
    """退回: ``refill`` (退回重填) the station corrects its completion report, no new visit —
    its corrected report is a new event and the audit shows what changed; ``redo`` (退回重办)
    reopens the order for a new visit and restarts its deadlines. The station is told, with
    the reason."""
    return _send_back(request, who, order_id, body.mode, body.reason)


def _send_back(request: Request, who: Principal, order_id: UUID, mode: str,
               reason: str) -> wire.OrderWithEvents:
    t = now()
    etype = EventType.SENT_BACK if mode == "refill" else EventType.REOPENED
    payload = wire.make_payload(etype, reason=reason)

    def run() -> wire.OrderWithEvents:
        orders.act(who, order_id, etype, payload, t, config(request))
        return orders.with_events(orders.visible_order(who, order_id))

    return write(request, run)


@router.post("/{order_id}/log", response_model=wire.OrderWithEvents)
def add_log_line(order_id: UUID, body: console_wire.LogRequest, request: Request,
                 who: Principal = Depends(require(Role.DISPATCHER, Role.REVIEWER))
                 ) -> wire.OrderWithEvents:
    """A handling-log line (处理情况), e.g. “联系服务站王先生,其表示马上联系用户”, at ``at`` or now;
    its author is the token's person. The station sees it as the call center's note."""
    t = now()
    cfg = config(request)
    payload = wire.make_payload(EventType.NOTE, text=body.text)

    def run() -> wire.OrderWithEvents:
        orders.act(who, order_id, EventType.NOTE, payload, t, cfg, note_at=body.at)
        return orders.with_events(orders.visible_order(who, order_id))

    return write(request, run)


@router.post("/{order_id}/urge", response_model=wire.OrderWithEvents)
def urge(order_id: UUID, body: console_wire.UrgeRequest, request: Request,
         who: Principal = Depends(require(Role.DISPATCHER))) -> wire.OrderWithEvents:
    """催办: press the station on an open order, with the reason; the station is alerted like
    for a new rescue, and the urge is on the timeline, in the audit and in the report."""
    t = now()
    payload = wire.make_payload(EventType.URGED, reason=body.reason)

    def run() -> wire.OrderWithEvents:
        orders.act(who, order_id, EventType.URGED, payload, t, config(request))
        return orders.with_events(orders.visible_order(who, order_id))

    return write(request, run)
