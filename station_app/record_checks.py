"""What a station write must pass before it touches the store, and `RecordError`, the
refusal it raises when it does not (``field`` names what to correct)."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

import pydantic

from common.errors import UserError
from common.refusal import Code, refusal_of
from station_app import undo, wire
from station_app.domain import lifecycle
from station_app.domain.errors import DomainError
from station_app.domain.events import EventType
from station_app.store import EventRow

BACKDATE_TOLERANCE = timedelta(minutes=1)
"""An event more than this before now is a backdated entry and needs a reason."""
FUTURE_TOLERANCE = timedelta(minutes=2)
"""An event this far after now cannot have happened yet."""


class RecordError(UserError):
    """A write refused before it touched the store; ``field`` names what to correct."""

    def __init__(self, field: str, en: str, zh: str, code: str = Code.INVALID) -> None:
        super().__init__(f"{field}: {en}" if field else en, zh, code=code, field=field)


def from_validation(exc: pydantic.ValidationError, prefix: str = "") -> RecordError:
    err = exc.errors()[0]
    inner = refusal_of((err.get("ctx") or {}).get("error") or exc)
    field = ".".join(str(p) for p in err.get("loc", ())) or (inner.field if inner else "")
    field = f"{prefix}.{field}" if prefix and field else (prefix or field)
    if inner is not None:  # a domain rule inside a validator says it in both languages
        return RecordError(field, inner.message_en, inner.message_zh, inner.code)
    msg = err.get("msg", str(exc)).removeprefix("Value error, ")
    return RecordError(field, msg, f"“{field}”填写有误:{msg}")


def from_domain(exc: DomainError) -> RecordError:
    return RecordError(exc.field, exc.en, exc.zh, exc.code)


def check_time(occurred_at: datetime | None, reason: str | None,
               now: datetime) -> tuple[datetime, str | None]:
    if occurred_at is None:
        return now, None
    if occurred_at.tzinfo is None:
        raise RecordError("occurred_at", "the time has no time zone", "时间缺少时区")
    if occurred_at > now + FUTURE_TOLERANCE:
        raise RecordError("occurred_at", "impossible time: it is in the future",
                          "时间不可能:晚于当前时间")
    if occurred_at < now - BACKDATE_TOLERANCE:
        if not (reason and reason.strip()):
            raise RecordError(
                "backdate_reason", "an entry made after the fact needs a reason",
                "补录须填写原因",
            )
        return occurred_at, reason.strip()
    return occurred_at, (reason.strip() or None) if reason else None


def check_void(order_id: UUID, void: wire.Event, code: str, minutes: int) -> None:
    """A void names an entry of this station (on any of its PCs) on this order, one that may be
    taken back and is not yet, recorded at most ``minutes`` before the void (`undo`)."""
    target_id = str(void.payload["event_id"])
    target = EventRow.get_or_none((EventRow.id == UUID(target_id))
                                  & (EventRow.order == order_id))
    if target is None or target.station_code != code or target.type == EventType.VOIDED.value:
        raise RecordError("event_id", "only an entry this station made on this order can be "
                          "taken back", "只能撤销本服务站在此工单上的记录")
    if EventType(target.type) in undo.NOT_UNDOABLE:
        raise RecordError("event_id", "receiving an order or a printed form cannot be taken "
                          "back; record a note instead", "接单和已打印的单据不能撤销,请改记备注")
    voids = EventRow.select(EventRow.payload).where(
        (EventRow.order == order_id) & (EventRow.type == EventType.VOIDED.value))
    if any(str(v.payload.get("event_id")) == target_id for v in voids):
        raise RecordError("event_id", "this entry was already taken back", "这条记录已撤销")
    now = undo.on_server_clock(void.recorded_at, void.clock_offset_ms)
    if undo.too_late(target.recorded_at, target.clock_offset_ms, now, minutes):
        raise RecordError("event_id", f"it is too late to take that back (more than {minutes} "
                          f"min ago); record a note instead",
                          f"已超过{minutes}分钟,不能撤销,请改记备注")


def not_allowed(etype: EventType, state: lifecycle.OrderState) -> RecordError:
    status = state.status
    en_status = status.value if status else "unknown"
    zh_status = status.zh if status else "未知"
    return RecordError(
        "type",
        f"cannot record {etype.value} on an order that is {en_status}",
        f"工单当前状态为“{zh_status}”,不能记录“{etype.value}”",
    )
