"""One order as the detail pane shows it: the order, its timeline with each event's sync state,
the folded state, the deadlines now, what the station may do, and any notice."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from common.refusal import Code, Refusal
from station_app import wire, wire_orders
from station_app.domain import lifecycle, sla
from station_app.domain.events import EventType
from station_app.order_fold import ORIGIN_LOCAL
from station_app.store import WITHDRAWN, EventRow, OrderRow


class SyncMark(StrEnum):
    WAITING = "waiting"          # recorded here, not yet acknowledged
    HELD = "held"                # recorded on an order typed in here; sent once it is matched
    DELIVERED = "delivered"      # the call center holds it
    LATE = "late"                # the call center holds it, but it came after the order moved on
    REJECTED = "rejected"        # the call center refused it (see reason); kept here
    FROM_SERVER = "from_server"  # made at the call center
    WITHDRAWN = "withdrawn"      # made at the call center, which lost it (restored from a backup)

    @property
    def zh(self) -> str:
        return {"waiting": "待同步", "held": "待匹配", "delivered": "已送达",
                "late": "迟到(已记录)", "rejected": "被拒绝", "from_server": "呼叫中心",
                "withdrawn": "中心已丢失"}[self.value]


GONE_EN = ("The call center no longer has this order: its database was restored from an older "
           "backup, and what this station sent for it is lost there. Phone the call center "
           "with the order number")

RESTORED_EN = ("The call center's database was restored from an older backup: what it did to "
               "this order since (marked lost in the history) no longer counts, and the order "
               "stands as the call center has it now. Phone the call center if in doubt")
RESTORED_ZH = ("呼叫中心数据库已从较早的备份恢复:其后呼叫中心对此单的操作"
               "(处理记录中标为“中心已丢失”)不再生效,此单按呼叫中心现有记录显示。如有疑问请致电呼叫中心")


class Notice(StrEnum):
    CANCELLED = "cancelled"
    REASSIGNED_AWAY = "reassigned_away"
    REOPENED = "reopened"
    SENT_BACK = "sent_back"
    URGED = "urged"
    GONE_FROM_CALL_CENTER = "gone_from_call_center"  # its database restored from a backup
    RESTORED_AT_CALL_CENTER = "restored_at_call_center"  # ... which lost what it did to it

    @property
    def zh(self) -> str:
        return {"cancelled": "呼叫中心已取消此单", "reassigned_away": "此单已改派其他服务站",
                "reopened": "此单已退回重办,请重新上门服务",
                "sent_back": "此单已退回重填,请更正完工报告",
                "urged": "呼叫中心催办此单",
                "gone_from_call_center": "呼叫中心已无此单(其数据库已从较早的备份恢复),"
                                         "本站为此单上传的记录在呼叫中心已丢失。"
                                         "请致电呼叫中心并告知单号",
                "restored_at_call_center": RESTORED_ZH}[self.value]

    @property
    def en(self) -> str:
        return {"cancelled": "The call center cancelled this order",
                "reassigned_away": "This order was reassigned to another station",
                "reopened": "This order was sent back for a new visit",
                "sent_back": "Sent back: correct the completion report",
                "urged": "The call center urges this order",
                "gone_from_call_center": GONE_EN,
                "restored_at_call_center": RESTORED_EN}[self.value]


@dataclass(frozen=True)
class TimelineEntry:
    event: wire.Event
    sync: SyncMark
    why: Refusal | None  # the server's reason for a rejected or late event
    origin: str  # local | server
    late_in_fold: bool  # the fold kept it as a fact without moving the status


@dataclass(frozen=True)
class OrderDetail:
    order: wire_orders.Order
    timeline: list[TimelineEntry]  # by occurred_at; times are UTC — show them in local time
    state: lifecycle.OrderState
    deadlines: list[sla.Deadline]
    allowed_actions: frozenset[EventType]
    notice: Notice | None
    notice_reason: str
    unread: bool
    entered_locally: bool


def sync_mark(row: EventRow, order: OrderRow) -> SyncMark:
    if row.origin != ORIGIN_LOCAL:
        return SyncMark.WITHDRAWN if row.result == WITHDRAWN else SyncMark.FROM_SERVER
    if row.acked_at is None:
        return SyncMark.HELD if order.entered_locally else SyncMark.WAITING
    match row.result:
        case wire.EventResultStatus.REJECTED.value:
            return SyncMark.REJECTED
        case wire.EventResultStatus.LATE.value:
            return SyncMark.LATE
        case _:
            return SyncMark.DELIVERED


def wire_event(row: EventRow) -> wire.Event:
    return wire.Event(
        id=row.id, order_id=row.order_id, type=EventType(row.type),
        occurred_at=row.occurred_at, recorded_at=row.recorded_at, author=row.author,
        station_code=row.station_code, backdate_reason=row.backdate_reason,
        clock_offset_ms=row.clock_offset_ms, payload=row.payload, phoned_at=row.phoned_at,
        device_id=row.device_id, device_name=row.device_name,
    )


_LEGACY_CODES = {"rejected": Code.CONFLICT, "late": Code.LATE, "accepted": Code.CORRECTION}


def result_why(row: EventRow) -> Refusal | None:
    """The call center's reason stored with a sent event (its `Refusal`)."""
    return Refusal.from_stored(row.result_reason, _LEGACY_CODES.get(row.result or "", Code.LATE))


def timeline(order: OrderRow, events: list[EventRow],
             state: lifecycle.OrderState) -> list[TimelineEntry]:
    late = set(state.late_event_ids)
    rows = sorted(events, key=lambda r: (r.occurred_at, r.seq))
    return [
        TimelineEntry(event=wire_event(r), sync=sync_mark(r, order),
                      why=result_why(r) if r.acked_at else None,  # else: a try failed
                      origin=r.origin, late_in_fold=r.id in late)
        for r in rows
    ]

