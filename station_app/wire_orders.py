"""An order on the wire: what a dispatcher fills in (`OrderFields`) and the order as the call
center issued it (`Order`), with its customer and vehicle."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import Field, model_validator

from common.refusal import Code
from station_app.domain.errors import DomainError
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_app.wire_fields import (
    BusinessNo,
    ErpCode,
    LongText,
    Phone,
    Plate,
    ShortText,
    Text,
    UtcDatetime,
    Vin,
    WireModel,
)


class Customer(WireModel):
    name: ShortText = Field(min_length=1)
    phone: Phone


class Vehicle(WireModel):
    model: ShortText = ""
    plate: Plate | None = None
    vin: Vin | None = None
    mileage_km: Annotated[float, Field(ge=0, le=10_000_000)] | None = None
    machine_hours: Annotated[float, Field(ge=0, le=1_000_000)] | None = None
    colour: ShortText = ""
    purchase_date: date | None = None


class OrderFields(WireModel):
    """What a dispatcher fills in to issue an order (the server adds id and times)."""

    business_no: BusinessNo | None = None
    station_code: ErpCode
    kind: OrderKind
    complaint_level: ComplaintLevel | None = None
    customer: Customer
    vehicle: Vehicle = Vehicle()
    location: Text = ""
    statement: LongText = ""
    result_category: ShortText = ""
    result_detail: ShortText = ""
    department: ShortText = ""

    @model_validator(mode="after")
    def _complaint_has_level(self) -> OrderFields:
        if self.kind is OrderKind.COMPLAINT and self.complaint_level is None:
            raise DomainError("complaint_level",
                              "a complaint needs a level (general, medium, strong)",
                              "抱怨派工须注明抱怨级别(一般、中级、强烈)", Code.MISSING)
        if self.kind is not OrderKind.COMPLAINT and self.complaint_level is not None:
            raise DomainError("complaint_level", "only complaints have a level",
                              "只有抱怨派工才有抱怨级别")
        if self.kind is OrderKind.RESCUE and not self.location:
            raise DomainError("location", "a rescue notice needs the place of breakdown",
                              "求援通知必须填写用户地点", Code.MISSING)
        return self


class Order(OrderFields):
    """An order as the call center issued it."""

    id: UUID
    business_no: BusinessNo
    issued_at: UtcDatetime
    issued_by: ShortText

