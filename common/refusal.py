"""The one shape of a refusal, from the domain to the wire to the window: a stable machine
`code`, the field at fault (where there is one) and what is wrong in English and in Chinese.

`Refusal` is the value; `DomainError` (the domain's), `UserError` (a person's), the station's
`RecordError`, both `ApiError`s and the call center's event rejections all carry one, and the
API sends it as it is (`code`, `field`, `message_en`, `message_zh`). Nothing joins the two
languages into one string: a window shows the one its user reads. The codes are listed in
callcenter/README.md, "Errors".
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class Code(StrEnum):
    """Every code a refusal (or a kept-but-late event) can carry; callcenter/README.md lists
    them with their meaning. A client must treat an unknown code as its status's general one."""

    # the request as a whole
    BAD_REQUEST = "bad_request"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    CONFLICT = "conflict"
    GONE = "gone"
    FEED_REWOUND = "feed_rewound"  # 409: the feed lacks the change the station holds
    TOO_LARGE = "too_large"
    TOO_MANY_REQUESTS = "too_many_requests"
    INVALID = "invalid"  # a field's value is refused (the field says which)
    INTERNAL = "internal"
    UNAVAILABLE = "unavailable"
    # the body's text
    NO_BODY = "no_body"
    BAD_JSON = "bad_json"
    DUPLICATE_KEY = "duplicate_key"
    UNKNOWN_FIELD = "unknown_field"
    MISSING = "missing"
    CONTROL_CHARACTER = "control_character"
    INVISIBLE_TEXT = "invisible_text"
    INVALID_STATION_CODE = "invalid_station_code"
    INVALID_PHONE = "invalid_phone"
    INVALID_PLATE = "invalid_plate"
    INVALID_VIN = "invalid_vin"
    INVALID_BUSINESS_NO = "invalid_business_no"
    NEGATIVE = "negative"
    OUT_OF_RANGE = "out_of_range"
    # who may do what
    ROLE_NOT_ALLOWED = "role_not_allowed"
    OTHER_STATION = "other_station"
    OTHER_DEVICE = "other_device"
    STATION_ONLY = "station_only"
    USE_ENDPOINT = "use_endpoint"
    # an event's verdict
    DUPLICATE = "duplicate"
    ID_REUSED = "id_reused"
    UNKNOWN_ORDER = "unknown_order"
    UNKNOWN_STATION = "unknown_station"
    IMPOSSIBLE_TIME = "impossible_time"
    NOT_APPLICABLE = "not_applicable"
    NOT_ALLOWED_NOW = "not_allowed_now"
    VOID_TARGET = "void_target"
    NUMBER_TAKEN = "number_taken"
    SAME_STATION = "same_station"
    WRONG_STATION = "wrong_station"
    UNJUDGED = "unjudged"
    # kept, but late or a correction (an accepted or late event's reason)
    LATE_AFTER_CANCEL = "late_after_cancel"
    LATE_AFTER_DECLINE = "late_after_decline"
    LATE_AFTER_COMPLETION = "late_after_completion"
    LATE_AFTER_CLOSE = "late_after_close"
    LATE_AFTER_REASSIGN = "late_after_reassign"
    LATE = "late"
    CORRECTION = "correction"
    # call-center actions
    CALLBACK_FINISHED = "callback_finished"
    SCORES_NEEDED = "scores_needed"
    CLOSE_DATE = "close_date"
    REASON_NEEDED = "reason_needed"
    BAD_CURSOR = "bad_cursor"
    BAD_PERIOD = "bad_period"
    BUSY = "busy"
    ENROLMENT_UNKNOWN = "enrolment_unknown"
    ENROLMENT_USED = "enrolment_used"
    ENROLMENT_EXPIRED = "enrolment_expired"


# The general code of each HTTP status: what a refusal without its own code says.
STATUS_CODES: dict[int, Code] = {
    400: Code.BAD_REQUEST, 401: Code.UNAUTHORIZED, 403: Code.FORBIDDEN, 404: Code.NOT_FOUND,
    405: Code.METHOD_NOT_ALLOWED, 409: Code.CONFLICT, 410: Code.GONE, 413: Code.TOO_LARGE,
    422: Code.INVALID, 429: Code.TOO_MANY_REQUESTS, 500: Code.INTERNAL, 503: Code.UNAVAILABLE}


class Refusal(BaseModel):
    """Why something was refused (or kept only as a late fact), as data."""

    # Unknown keys are ignored: a newer server may say more, an older client still reads it.
    model_config = ConfigDict(frozen=True, extra="ignore")

    code: str
    field: str = ""
    message_en: str
    message_zh: str

    @classmethod
    def of(cls, code: str, en: str, zh: str, field: str = "") -> Refusal:
        return cls(code=str(code), field=field, message_en=en, message_zh=zh or en)

    def text(self, language: str = "zh") -> str:
        """The text for a reader of ``language`` (``zh``/``zh_CN`` → Chinese, else English)."""
        return self.message_zh if language.startswith("zh") else self.message_en

    def wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    @classmethod
    def from_stored(cls, text: str, legacy_code: str = "late") -> Refusal | None:
        """A refusal stored as its JSON. A row stored before refusals were data holds the v1
        line ("en / zh"): it is read here, the one place that line is taken apart."""
        if not text:
            return None
        if text.startswith("{"):
            return cls.model_validate_json(text)
        en, _, zh = text.partition(" / ")
        return cls.of(legacy_code, en, zh or en)


class Refused:
    """What every error that carries a `Refusal` offers its catcher."""

    refusal: Refusal

    @property
    def code(self) -> str:
        return self.refusal.code

    @property
    def field(self) -> str:
        return self.refusal.field

    @property
    def en(self) -> str:
        return self.refusal.message_en

    @property
    def zh(self) -> str:
        return self.refusal.message_zh

    def message(self, language: str = "zh") -> str:
        return self.refusal.text(language)


def refusal_of(exc: object) -> Refusal | None:
    """The refusal an error carries, if it is one of ours."""
    return exc.refusal if isinstance(exc, Refused) else None
