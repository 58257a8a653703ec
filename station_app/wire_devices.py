"""Wire models of a station's devices: enrolment, and the pages a new PC rebuilds from."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from station_app.wire_fields import ErpCode, UtcDatetime, WireModel


class Enrolment(WireModel):
    code: Annotated[str, Field(min_length=1, max_length=20)]
    station_code: ErpCode
    device_name: Annotated[str, Field(max_length=40)] = ""


class Enrolled(WireModel):
    device_id: str
    device_name: str
    station_code: str
    token: str


class RebuildOrder(BaseModel):
    """An `order` change without a seq: the order, its events, their server positions."""

    model_config = ConfigDict(extra="allow")

    kind: str = "order"
    order_id: str
    order: dict[str, Any]
    events: list[dict[str, Any]]
    positions: list[int] = Field(default_factory=list)


class RebuildPage(BaseModel):
    model_config = ConfigDict(extra="allow")

    orders: list[RebuildOrder]
    next: str | None
    last_seq: int
    last_mark: str = ""  # change `last_seq`'s identity (`ChangesPage.last_mark`)
    server_time: UtcDatetime
