"""Everything that crosses the network between a station and the call center, as pydantic models.

The station and the call center service both import these, so one definition decides what a
valid order, event or sync reply is. Every model forbids unknown fields and caps text lengths:
a malformed message is refused with an error that names the field, never half-stored.
Here: the event payloads, `Event` and the sync messages; the field types they are built from
are in `wire_fields`, the order in `wire_orders`.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails

from common.refusal import Refusal
from station_app.domain.errors import DomainError
from station_app.domain.events import (
    CallbackOutcome,
    ContactOutcome,
    EventType,
    FormName,
)
from station_app.wire_fields import (
    Day,
    ErpCode,
    LongText,
    Money,
    ShortText,
    Text,
    UtcDatetime,
    WireModel,
)
from station_app.wire_orders import Order, OrderFields

API_VERSION = "v1"
MAX_BATCH = 500
MAX_SEQ = 2**63 - 1  # a cursor beyond what a 64-bit database integer holds is refused
MARK_LENGTH = 16  # a change's identity beside its seq (`ChangesPage.last_mark`): hex digits
MARK_PATTERN = r"^[0-9a-f]{0,16}$"
SERVER_TIME_HEADER = "X-Server-Time"
# A client that reads reasons as data (`EventResult.why`) sends this header with "2"; without
# it `POST /v1/events` answers the v1 shape (callcenter/README.md, "Errors").
WIRE_VERSION_HEADER = "X-Wire-Version"
WIRE_VERSION = 2


# ---------------------------------------------------------------------------------------------
# Event payloads


class Payload(WireModel):
    pass


class ReceivedPayload(Payload):
    pass


class ContactAttemptPayload(Payload):
    outcome: ContactOutcome
    note: Text = ""


class AppointmentBookedPayload(Payload):
    appointment_at: UtcDatetime
    place: Text = ""
    booked_by: ShortText = ""
    note: Text = ""


class DepartedPayload(Payload):
    technicians: list[ShortText] = Field(default_factory=list, max_length=10)
    note: Text = ""


class ArrivedPayload(Payload):
    note: Text = ""


class PartLine(WireModel):
    name: ShortText = Field(min_length=1)
    part_no: ShortText = ""
    quantity: Annotated[Decimal, Field(gt=0, le=10_000, max_digits=8, decimal_places=2)] = (
        Decimal(1)
    )
    in_warranty: bool = True
    price: Money = Decimal(0)


class Fees(WireModel):
    outside_service: Money = Decimal(0)
    parts: Money = Decimal(0)
    labour: Money = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.outside_service + self.parts + self.labour


class CompletedPayload(Payload):
    work_done: LongText = Field(min_length=1)
    parts: list[PartLine] = Field(default_factory=list, max_length=100)
    fees_in_warranty: Fees = Fees()
    fees_out_of_warranty: Fees = Fees()
    technicians: list[ShortText] = Field(min_length=1, max_length=10)
    outside_distance_km: Annotated[float, Field(ge=0, le=5000)] = 0
    mileage_km: Annotated[float, Field(ge=0, le=10_000_000)] | None = None
    machine_hours: Annotated[float, Field(ge=0, le=1_000_000)] | None = None
    resolved: bool = True
    result: Text = ""
    # Where the service was done (seed 003: the reviewer checks it against the site).
    service_place: Literal["station", "on_site"] | None = None
    service_address: Text = ""


class DeclinedPayload(Payload):
    reason: Text = Field(min_length=1)


class NotePayload(Payload):
    text: LongText = Field(min_length=1)


class FormPrintedPayload(Payload):
    form: FormName
    copy_number: Annotated[int, Field(ge=1, le=1000)] = 1
    medium: Literal["receipt", "pdf"] = "receipt"


class VoidedPayload(Payload):
    """Takes back an earlier entry of the same station, which stays on record."""

    event_id: UUID
    reason: Text = ""


class IssuedPayload(Payload):
    order: Order


class UpdatedPayload(Payload):
    """Fields of the order that changed; the rest stand."""

    changes: dict[str, Any]
    reason: Text = ""

    @model_validator(mode="after")
    def _only_known_fields(self) -> UpdatedPayload:
        allowed = set(OrderFields.model_fields) - {"station_code", "kind"}
        unknown = set(self.changes) - allowed
        if unknown:
            raise DomainError("changes", f"cannot change {sorted(unknown)}",
                              f"不能修改这些字段:{sorted(unknown)}")
        return self


class CancelledPayload(Payload):
    reason: Text = Field(min_length=1)


class ReassignedPayload(Payload):
    from_station: ErpCode
    to_station: ErpCode
    reason: Text = Field(min_length=1)


Score = Annotated[int, Field(ge=1, le=5)]


class Scores(WireModel):
    skill: Score
    attitude: Score
    timeliness: Score
    parts: Score
    overall: Score

    @property
    def mean(self) -> float:
        return (self.skill + self.attitude + self.timeliness + self.parts + self.overall) / 5


class CallbackPayload(Payload):
    outcome: CallbackOutcome
    note: LongText = ""
    scores: Scores | None = None
    attempt: Annotated[int, Field(ge=1, le=100)] = 1
    unreachable: bool = False

    @model_validator(mode="after")
    def _scores_when_reached(self) -> CallbackPayload:
        # A reached callback has scores, except on a declined order (confirming the customer
        # agreed): the call center checks that against the order (callcenter.orders).
        if self.outcome is not CallbackOutcome.REACHED and self.scores is not None:
            raise DomainError("scores", "only a reached callback has scores",
                              "未回访成功不能评分")
        return self


class ClosedPayload(Payload):
    close_date: Day
    note: Text = ""
    without_callback_reason: Text = ""  # closed with no finished callback: why (counted)


class ReopenedPayload(Payload):
    reason: Text = Field(min_length=1)


class SentBackPayload(Payload):
    """退回重填: the report is incomplete or wrong; the station corrects it, no new visit."""

    reason: Text = Field(min_length=1)


class UrgedPayload(Payload):
    """催办: the dispatcher presses the station on the order."""

    reason: Text = Field(min_length=1)


PAYLOAD_MODELS: dict[EventType, type[Payload]] = {
    EventType.RECEIVED: ReceivedPayload,
    EventType.CONTACT_ATTEMPT: ContactAttemptPayload,
    EventType.APPOINTMENT_BOOKED: AppointmentBookedPayload,
    EventType.DEPARTED: DepartedPayload,
    EventType.ARRIVED: ArrivedPayload,
    EventType.COMPLETED: CompletedPayload,
    EventType.DECLINED: DeclinedPayload,
    EventType.NOTE: NotePayload,
    EventType.FORM_PRINTED: FormPrintedPayload,
    EventType.VOIDED: VoidedPayload,
    EventType.ISSUED: IssuedPayload,
    EventType.UPDATED: UpdatedPayload,
    EventType.CANCELLED: CancelledPayload,
    EventType.REASSIGNED: ReassignedPayload,
    EventType.CALLBACK: CallbackPayload,
    EventType.CLOSED: ClosedPayload,
    EventType.REOPENED: ReopenedPayload,
    EventType.SENT_BACK: SentBackPayload,
    EventType.URGED: UrgedPayload,
}


_PAYLOAD_OF = {t.value: m for t, m in PAYLOAD_MODELS.items()}  # by text: no enum hash per event


# ---------------------------------------------------------------------------------------------
# Events


class Event(WireModel):
    """One fact about one order, made where it happened and never edited afterwards."""

    id: UUID
    order_id: UUID
    type: EventType
    occurred_at: UtcDatetime
    recorded_at: UtcDatetime
    author: ShortText = Field(min_length=1)
    station_code: ErpCode | None = None
    backdate_reason: Text | None = None
    clock_offset_ms: Annotated[int, Field(ge=-10**10, le=10**10)] | None = None
    payload: dict[str, Any] = Field(default_factory=dict)
    # On an order the station typed in from the call center's phone call while the link was
    # down: when it took the call. The call center accepts the station's facts back to then.
    phoned_at: UtcDatetime | None = None
    # The station's PC that recorded it (its device token's id, and the name it was enrolled
    # with); absent on call-center facts and on events of a PC from before devices.
    device_id: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    device_name: Annotated[str, Field(max_length=40)] | None = None

    @model_validator(mode="after")
    def _payload_matches_type(self) -> Event:
        model = _PAYLOAD_OF[self.type._value_]
        try:
            body = model.__pydantic_validator__.validate_python(self.payload)
        except ValidationError as exc:  # name the fields from the event: payload.<field>
            details: list[InitErrorDetails] = []
            for e in exc.errors():
                detail = InitErrorDetails(type=e["type"], loc=("payload", *e["loc"]),
                                          input=e["input"])
                if "ctx" in e:
                    detail["ctx"] = e["ctx"]
                details.append(detail)
            raise ValidationError.from_exception_data(exc.title, details) from None
        # Keep the payload as normalised JSON so equal facts compare equal byte for byte.
        object.__setattr__(self, "payload",
                           model.__pydantic_serializer__.to_python(body, mode="json"))
        return self

    @property
    def body(self) -> Any:
        """The payload as its typed model."""
        return PAYLOAD_MODELS[self.type].model_validate(self.payload)

    @property
    def is_backdated(self) -> bool:
        return self.backdate_reason is not None


def make_payload(event_type: EventType, **fields: Any) -> dict[str, Any]:
    """A validated, JSON-ready payload for ``event_type``."""
    return PAYLOAD_MODELS[event_type](**fields).model_dump(mode="json")


# ---------------------------------------------------------------------------------------------
# Sync messages


class EventBatch(WireModel):
    events: list[Event] = Field(max_length=MAX_BATCH)


class EventResultStatus(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    LATE = "late"
    REJECTED = "rejected"

    @property
    def delivered(self) -> bool:
        """The server holds the event: the station may stop sending it."""
        return self is not EventResultStatus.REJECTED


class OriginalResult(WireModel):
    """What the server answered the first copy of a duplicate event."""

    status: EventResultStatus
    why: Refusal | None = None
    seq: int | None = None


class EventResult(WireModel):
    """The verdict on one event. ``why`` says why it was rejected, kept only as late, or
    accepted as a correction; a ``duplicate`` carries the first copy's verdict in
    ``original``. ``reason`` is for v1 clients only (`WIRE_VERSION_HEADER` absent): the same
    ``why`` as one line, English / Chinese, and then ``why`` and ``original`` are left out."""

    id: UUID
    status: EventResultStatus
    reason: str = ""
    seq: int | None = None
    why: Refusal | None = None
    original: OriginalResult | None = None

    def for_v1(self) -> EventResult:
        """This result as a v1 client reads it (it refuses unknown keys)."""
        if self.why is None and self.original is None and not self.reason:
            return self  # nothing to move into `reason` (most results of a batch)
        why = self.why if self.original is None else self.original.why
        return EventResult(id=self.id, status=self.status, seq=self.seq,
                           reason=v1_reason(why) if why is not None else "")


def v1_reason(why: Refusal) -> str:
    """The v1 wire's one-line reason: the only place the two languages are joined."""
    prefix = f"{why.field}: " if why.field else ""
    return f"{prefix}{why.message_en} / {why.message_zh}"


class BatchResult(WireModel):
    results: list[EventResult]
    server_time: UtcDatetime


class ChangeKind(StrEnum):
    # An order arrived at this station (issued to it, or reassigned to it): carries `order` and
    # every event the order has so far in `events`.
    ORDER = "order"
    # A new event on one of this station's orders (cancelled, updated, note, callback, closed,
    # reopened...): carries `event`. The station's own events too, to every one of its PCs
    # (the one that recorded it skips it by its id and knows it is held: `station_app.echoes`).
    EVENT = "event"
    # The order left this station (reassigned to another): carries the `reassigned` `event`.
    ORDER_REMOVED = "order_removed"


class Change(BaseModel):
    """One entry of a station's change feed. Lenient on purpose: the station validates each
    change on its own and quarantines one it cannot read, instead of failing the whole page."""

    model_config = ConfigDict(extra="allow")

    seq: int
    kind: str
    order_id: str
    order: dict[str, Any] | None = None
    event: dict[str, Any] | None = None
    events: list[dict[str, Any]] | None = None


class ChangesPage(BaseModel):
    model_config = ConfigDict(extra="allow")

    changes: list[Change]
    last_seq: int
    last_mark: str | None = None  # change `last_seq`'s identity, sent back as `mark`
    server_time: UtcDatetime


class OrderWithEvents(WireModel):
    order: Order
    events: list[Event]
    status: str
    late_event_ids: list[UUID] = Field(default_factory=list)


class Health(WireModel):
    status: Literal["ok"] = "ok"
    version: str
    server_time: UtcDatetime
    database: str


class ErrorDetail(Refusal):
    """One error of a refusal's body: a `Refusal`, and ``message`` (= ``message_en``) kept
    for v1 clients."""

    message: str = ""


def error_refusal(body: Any) -> Refusal | None:
    """The first error of an error body (`callcenter.errors.error_body`), if it is one."""
    try:
        return Refusal.model_validate(body["errors"][0])
    except (TypeError, KeyError, IndexError, ValueError):
        return None


class StationInfo(WireModel):
    code: str
    name: str
    address: str = ""
    phone: str = ""
    polling: bool = False  # a long-poll of this station is parked on the answering server now
