"""Pieces every form uses: how values are written, and the customer, vehicle, QR and footer blocks.

A value nobody filled in is `BLANK`, which every renderer prints as a line to write on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, tzinfo
from decimal import Decimal

from forms.document import BLANK, FieldRow, Footer, QrCode
from forms.station import StationInfo
from station_app import wire, wire_orders

TIME_FORMAT = "%Y-%m-%d %H:%M"


def when(moment: datetime | None, tz: tzinfo) -> str:
    return moment.astimezone(tz).strftime(TIME_FORMAT) if moment is not None else BLANK


def number(value: float | Decimal | None, unit: str = "") -> str:
    if value is None:
        return BLANK
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return f"{text} {unit}".rstrip()


def money(value: Decimal | None) -> str:
    return BLANK if value is None else f"{value:,.2f}"


def names(people: Iterable[str]) -> str:
    return "、".join(p for p in people if p)


def kind_label(order: wire_orders.Order) -> str:
    label = order.kind.zh
    if order.complaint_level is not None:
        label += f"({order.complaint_level.zh})"
    return label


def customer_rows(order: wire_orders.Order, *, large_phone: bool = False) -> tuple[FieldRow, ...]:
    return (
        FieldRow("用户姓名", order.customer.name),
        FieldRow("联系电话", order.customer.phone, large=large_phone),
    )


def vehicle_rows(
    order: wire_orders.Order,
    completed: wire.CompletedPayload | None = None,
    *,
    purchase_date: bool = False,
) -> tuple[FieldRow, ...]:
    """Model, plate, VIN and mileage (the technician's reading when there is one)."""
    v = order.vehicle
    mileage = completed.mileage_km if completed and completed.mileage_km is not None else None
    hours = completed.machine_hours if completed and completed.machine_hours is not None else None
    rows = [
        FieldRow("车型", v.model),
        FieldRow("车牌号", v.plate or BLANK),
        FieldRow("车架号", v.vin or BLANK),
        FieldRow("行驶里程", number(mileage if mileage is not None else v.mileage_km, "公里")),
    ]
    if hours is not None or v.machine_hours is not None:
        rows.append(
            FieldRow("工作小时", number(hours if hours is not None else v.machine_hours, "小时"))
        )
    if purchase_date:
        rows.append(FieldRow("购车日期", v.purchase_date.isoformat() if v.purchase_date else BLANK))
    return tuple(rows)


def station_rows(station: StationInfo) -> tuple[FieldRow, ...]:
    rows = [FieldRow("服务站", station.name), FieldRow("ERP代码", station.erp_code)]
    if station.phone:
        rows.append(FieldRow("服务站电话", station.phone))
    return tuple(rows)


def business_qr(order: wire_orders.Order) -> QrCode:
    """The business number as a QR code: scanning it at the counter opens the order. No caption:
    the number is printed on the subtitle right above the code and in the notice's rows (a
    fourth printing cost 23 bytes of the receipt's budget, issue #15)."""
    return QrCode(order.business_no)


def footer(station: StationInfo, printed_at: datetime, copy_number: int) -> Footer:
    return Footer(station.name, station.erp_code, printed_at, copy_number)
