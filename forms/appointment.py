"""服务预约登记表, the service appointment registration form for a new-fault-mode notice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from forms.document import (
    BLANK,
    Document,
    FieldRow,
    Fields,
    Paragraph,
    Signatures,
    Subtitle,
    Title,
)
from forms.facts import gather
from forms.shared import (
    business_qr,
    customer_rows,
    footer,
    kind_label,
    station_rows,
    vehicle_rows,
    when,
)
from forms.station import StationInfo
from station_app import wire, wire_orders
from station_app.domain.events import FormName

TITLE = FormName.APPOINTMENT.zh


def build(
    order: wire_orders.Order,
    events: Sequence[wire.Event],
    station: StationInfo,
    *,
    printed_at: datetime,
    copy_number: int = 1,
    tz: tzinfo,
) -> Document:
    facts = gather(order, events)
    booking = facts.appointment
    appointment = (
        FieldRow("预约时间", when(booking.appointment_at, tz) if booking else BLANK),
        FieldRow("预约地点", booking.place if booking else BLANK),
        FieldRow("预约人", booking.booked_by if booking else BLANK),
        FieldRow("登记时间", when(facts.appointment_booked_at, tz)),
    )
    return Document(
        form=FormName.APPOINTMENT.value,
        business_no=order.business_no,
        blocks=(
            Title(TITLE),
            Subtitle(f"{kind_label(order)} · {order.business_no}"),
            business_qr(order),
            Fields(
                (
                    FieldRow("通知单号", order.business_no),
                    FieldRow("通知类别", kind_label(order)),
                    FieldRow("下达时间", when(order.issued_at, tz)),
                    FieldRow("接到通知", when(facts.state.received_at, tz)),
                    *station_rows(station),
                ),
                heading="通知",
            ),
            Fields(
                (*customer_rows(order), *vehicle_rows(order, purchase_date=True)),
                heading="用户与车辆",
            ),
            Paragraph(order.statement, heading="故障描述", blank_lines=3),
            Fields(appointment, heading="预约"),
            Paragraph(booking.note if booking else BLANK, heading="备注", blank_lines=2),
            Signatures(("预约人签字", "服务站签章")),
            footer(station, printed_at, copy_number),
        ),
    )
