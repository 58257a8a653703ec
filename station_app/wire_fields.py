"""The field types every wire model is built from, and `WireModel`, their common base.

A moment in time, a calendar day, text a person typed, money, and the codes and numbers the
station and the call center check alike (`station_app.domain.validation`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from common.refusal import Code
from station_app.domain import validation
from station_app.domain.errors import DomainError

EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)  # exclusive
_TIME_RANGE = ("the time is out of range (years 1970 to 2999)",
               "时间超出范围(须在1970年至2999年之间)")


def _utc(value: datetime) -> datetime:
    try:
        utc = value.astimezone(UTC)
    except (OverflowError, ValueError):  # e.g. 0001-01-01T00:00:00+14:00
        utc = None
    if utc is None or not EARLIEST <= utc < LATEST:
        raise DomainError("", *_TIME_RANGE, Code.OUT_OF_RANGE)
    return utc


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_utc)]
"""A moment in time: must carry a zone on the wire, is kept in UTC, lies in 1970–2999 (so
adding the clock tolerance or a day to it never leaves what datetime can hold)."""

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value: object) -> object:
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise DomainError("", "a day is written YYYY-MM-DD", "日期格式应为YYYY-MM-DD")


def _day_in_range(value: date) -> date:
    if not EARLIEST.date() <= value < LATEST.date():
        raise DomainError("", "the day is out of range (years 1970 to 2999)",
                          "日期超出范围(须在1970年至2999年之间)", Code.OUT_OF_RANGE)
    return value


Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_day_in_range),
                WithJsonSchema({"type": "string", "format": "date",
                                "pattern": r"^(19[7-9][0-9]|2[0-9]{3})-[0-9]{2}-[0-9]{2}$"})]
"""A calendar day written YYYY-MM-DD (never a number read as a Unix time), in 1970–2999."""

def _one_line(value: str) -> str:
    return validation.text(value)


def _lines(value: str) -> str:
    return validation.text(value, lines=True)


# Text a person typed: no control characters (newline and tab where it may have lines), never
# only invisible characters.
ShortText = Annotated[str, Field(max_length=80), AfterValidator(_one_line)]
Text = Annotated[str, Field(max_length=500), AfterValidator(_lines)]
LongText = Annotated[str, Field(max_length=4000), AfterValidator(_lines)]
Money = Annotated[
    Decimal,
    Field(ge=0, le=10_000_000, max_digits=12, decimal_places=2),
    PlainSerializer(lambda d: str(d), return_type=str, when_used="json"),
]

ErpCode = Annotated[str, AfterValidator(validation.erp_code)]
Phone = Annotated[str, Field(max_length=24), AfterValidator(validation.phone)]
Plate = Annotated[str, Field(max_length=16), AfterValidator(validation.plate)]
Vin = Annotated[str, Field(max_length=24), AfterValidator(validation.vin)]
BusinessNo = Annotated[str, Field(max_length=32), AfterValidator(validation.business_no)]


class WireModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

