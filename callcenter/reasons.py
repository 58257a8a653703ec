"""Why the call center refused an event or kept it only as a late fact: each a `Refusal`
with its own code (callcenter/README.md, "Errors"), stored with the event as JSON."""

from __future__ import annotations

from uuid import UUID

from common.refusal import Code, Refusal, Refused
from station_app import wire
from station_app.domain.lifecycle import OrderState, Status


class Rejected(Refused, Exception):
    """An event (or action) the server refuses; ``status`` is used when it answers alone."""

    def __init__(self, en: str, zh: str, status: int = 409, field: str = "", *,
                 code: str = Code.CONFLICT) -> None:
        super().__init__(en)
        self.refusal = Refusal.of(code, en, zh, field)
        self.status = status


def rejected(event_id: UUID, why: Refusal) -> wire.EventResult:
    return wire.EventResult(id=event_id, status=wire.EventResultStatus.REJECTED, why=why)


def stored_why(text: str, status: str) -> Refusal | None:
    """The reason stored with an event (a late one's, or an accepted correction's)."""
    return Refusal.from_stored(text, Code.LATE if status == "late" else Code.CORRECTION)


def original_of(known: tuple[str, str, int, str]) -> wire.OriginalResult:
    return wire.OriginalResult(status=wire.EventResultStatus(known[3]),
                               why=stored_why(known[1], known[3]), seq=known[2])


_LATE_CODES = {Status.CANCELLED: Code.LATE_AFTER_CANCEL, Status.DECLINED: Code.LATE_AFTER_DECLINE,
               Status.COMPLETED: Code.LATE_AFTER_COMPLETION, Status.CLOSED: Code.LATE_AFTER_CLOSE}


def late_reason(state: OrderState) -> Refusal:
    status = state.status
    if status is None:
        return Refusal.of(Code.LATE, "the order has no history yet", "订单尚无记录")
    return Refusal.of(
        _LATE_CODES.get(status, Code.LATE),
        f"the order is {status.value}: the fact is kept but does not change its status",
        f"订单状态为“{status.zh}”:此记录已保存,但不改变订单状态",
    )
