"""Event types, who may record them, and the fixed vocabularies their payloads use."""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    # recorded at the station
    RECEIVED = "received"
    CONTACT_ATTEMPT = "contact_attempt"
    APPOINTMENT_BOOKED = "appointment_booked"
    DEPARTED = "departed"
    ARRIVED = "arrived"
    COMPLETED = "completed"
    DECLINED = "declined"
    NOTE = "note"
    FORM_PRINTED = "form_printed"
    VOIDED = "voided"  # an earlier entry of this station was a mistake (payload: event_id)
    # recorded at the call center
    ISSUED = "issued"
    UPDATED = "updated"
    CANCELLED = "cancelled"
    REASSIGNED = "reassigned"
    CALLBACK = "callback"
    CLOSED = "closed"
    REOPENED = "reopened"
    SENT_BACK = "sent_back"  # 退回重填: the station corrects its completion report (no new visit)
    URGED = "urged"          # 催办: the dispatcher presses the station on an order

    @property
    def from_station(self) -> bool:
        return self in STATION_EVENTS


STATION_EVENTS = frozenset(
    {
        EventType.RECEIVED,
        EventType.CONTACT_ATTEMPT,
        EventType.APPOINTMENT_BOOKED,
        EventType.DEPARTED,
        EventType.ARRIVED,
        EventType.COMPLETED,
        EventType.DECLINED,
        EventType.NOTE,
        EventType.FORM_PRINTED,
        EventType.VOIDED,
    }
)
CALL_CENTER_EVENTS = frozenset(set(EventType) - STATION_EVENTS) | {EventType.NOTE}
REVIEWER_EVENTS = frozenset({EventType.CALLBACK, EventType.CLOSED, EventType.REOPENED,
                             EventType.SENT_BACK})
DISPATCHER_EVENTS = frozenset(
    {EventType.ISSUED, EventType.UPDATED, EventType.CANCELLED, EventType.REASSIGNED,
     EventType.URGED}
)


class ContactOutcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"
    REFUSED = "refused"

    @property
    def zh(self) -> str:
        return {
            "reached": "已联系上",
            "no_answer": "无法接通",
            "busy": "占线",
            "wrong_number": "号码错误",
            "refused": "用户拒绝",
        }[self.value]


class CallbackOutcome(StrEnum):
    REACHED = "reached"
    NO_ANSWER = "no_answer"
    REFUSED = "refused"
    NOT_OWNER = "not_owner"
    VEHICLE_SOLD = "vehicle_sold"

    @property
    def zh(self) -> str:
        return {
            "reached": "回访成功",
            "no_answer": "无法接通",
            "refused": "拒绝回访",
            "not_owner": "非车主本人",
            "vehicle_sold": "车已转卖",
        }[self.value]


class FormName(StrEnum):
    OUTSIDE_SERVICE = "outside_service"
    APPOINTMENT = "appointment"
    JOB_SHEET = "job_sheet"

    @property
    def zh(self) -> str:
        return {
            "outside_service": "外出服务登记表",
            "appointment": "服务预约登记表",
            "job_sheet": "派工单",
        }[self.value]


SCORE_NAMES: tuple[str, ...] = ("skill", "attitude", "timeliness", "parts", "overall")
SCORE_NAMES_ZH: dict[str, str] = {
    "skill": "服务技能",
    "attitude": "服务态度",
    "timeliness": "服务及时性",
    "parts": "配件供应",
    "overall": "服务综合",
}
