"""派工单, the job sheet a technician takes on the road: who, where, what, by when."""

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
    names,
    vehicle_rows,
    when,
)
from forms.station import StationInfo
from station_app import wire, wire_orders
from station_app.domain.calendar import BusinessCalendar
from station_app.domain.events import FormName
from station_app.domain.sla import DeadlineName, SlaPolicy, deadlines

TITLE = FormName.JOB_SHEET.zh

# The deadlines the technician works to; the callback is the call center's.
_ROAD_DEADLINES = {
    DeadlineName.CONTACT: "联系时限",
    DeadlineName.APPOINTMENT: "预约时限",
    DeadlineName.COMPLETION: "完工时限",
}


def build(
    order: wire_orders.Order,
    events: Sequence[wire.Event],
    station: StationInfo,
    *,
    printed_at: datetime,
    copy_number: int = 1,
    tz: tzinfo,
    policy: SlaPolicy | None = None,
    calendar: BusinessCalendar | None = None,
) -> Document:
    facts = gather(order, events)
    booking = facts.appointment
    due = {
        d.name: d
        for d in deadlines(
            order.kind, order.complaint_level, facts.state, printed_at, policy, calendar
        )
    }
    limits = [
        FieldRow(label, when(due[name].due_at, tz))
        for name, label in _ROAD_DEADLINES.items()
        if name in due
    ]
    return Document(
        form=FormName.JOB_SHEET.value,
        business_no=order.business_no,
        blocks=(
            Title(TITLE),
            Subtitle(f"{kind_label(order)} · {order.business_no}"),
            Fields(
                (*customer_rows(order, large_phone=True), FieldRow("服务地点", order.location)),
                heading="用户",
            ),
            Paragraph(order.statement, heading="故障/问题", blank_lines=2),
            Fields(vehicle_rows(order), heading="车辆"),
            Fields(
                (
                    FieldRow("下达时间", when(order.issued_at, tz)),
                    FieldRow("预约时间", when(booking.appointment_at, tz) if booking else BLANK),
                    *limits,
                ),
                heading="时限",
            ),
            Fields(
                (
                    FieldRow("服务人员", names(facts.technicians)),
                    FieldRow("出发时间", when(facts.state.departed_at, tz)),
                    *([FieldRow("服务站电话", station.phone)] if station.phone else []),
                ),
                heading="派工",
            ),
            business_qr(order),
            Paragraph(BLANK, heading="现场记录", blank_lines=5),
            Signatures(("服务人员签字", "用户签字")),
            footer(station, printed_at, copy_number),
        ),
    )
