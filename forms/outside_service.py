"""外出服务登记表, the outside-service registration form a station files after going out."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from decimal import Decimal

from forms.document import (
    BLANK,
    Column,
    Document,
    FieldRow,
    Fields,
    Paragraph,
    Signatures,
    Subtitle,
    Table,
    Title,
)
from forms.facts import gather
from forms.shared import (
    business_qr,
    customer_rows,
    footer,
    kind_label,
    money,
    names,
    number,
    station_rows,
    vehicle_rows,
    when,
)
from forms.station import StationInfo
from station_app import wire, wire_orders
from station_app.domain.events import FormName

TITLE = FormName.OUTSIDE_SERVICE.zh

PART_COLUMNS = (
    Column("名称", 5),
    Column("零件号", 4),
    Column("数量", 2, "right"),
    Column("保修", 2, "center"),
    Column("金额", 3, "right"),
)
FEE_COLUMNS = (Column("费用", 2), Column("保内", 2, "right"), Column("保外", 2, "right"))


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
    s, done = facts.state, facts.completed
    times = (
        FieldRow("接到通知", when(s.received_at, tz)),
        FieldRow("联系用户", when(s.first_reached_at, tz)),
        FieldRow("出发时间", when(s.departed_at, tz)),
        FieldRow("到达现场", when(s.arrived_at, tz)),
        FieldRow("完工时间", when(s.completed_at, tz)),
    )
    service = (
        FieldRow("服务人员", names(facts.technicians)),
        FieldRow("外出里程", number(done.outside_distance_km, "公里") if done else BLANK),
    )
    result = (
        FieldRow("是否解决", BLANK if done is None else ("已解决" if done.resolved else "未解决")),
        FieldRow("处理结果", done.result if done else BLANK),
    )
    return Document(
        form=FormName.OUTSIDE_SERVICE.value,
        business_no=order.business_no,
        blocks=(
            Title(TITLE),
            Subtitle(f"{kind_label(order)} · {order.business_no}"),
            business_qr(order),
            Fields(
                (
                    FieldRow("通知单号", order.business_no),
                    FieldRow("通知类别", kind_label(order)),
                    *station_rows(station),
                ),
                heading="通知",
            ),
            Fields(
                (*customer_rows(order), *vehicle_rows(order, done),
                 FieldRow("故障地点", order.location)),
                heading="用户与车辆",
            ),
            Paragraph(order.statement, heading="用户主诉", blank_lines=2),
            Fields(times, heading="服务时间"),
            Fields(service, heading="外出服务"),
            Paragraph(done.work_done if done else BLANK, heading="维修内容", blank_lines=3),
            Table(PART_COLUMNS, _part_rows(done), heading="更换配件(金额:元)", empty_rows=3),
            Table(FEE_COLUMNS, _fee_rows(done), heading="费用(元)"),
            Fields(result, heading="处理结果"),
            Signatures(("用户签字", "服务人员签字", "服务站签章")),
            footer(station, printed_at, copy_number),
        ),
    )


def _part_rows(done: wire.CompletedPayload | None) -> tuple[tuple[str, ...], ...]:
    if done is None:
        return ()
    return tuple(
        (
            p.name,
            p.part_no,
            number(p.quantity),
            "保内" if p.in_warranty else "保外",
            money(p.quantity * p.price),  # the line's amount: the price is per piece
        )
        for p in done.parts
    )


def parts_fee(done: wire.CompletedPayload, in_warranty: bool) -> Decimal:
    """The parts fee on one side of the warranty: what the parts table adds up to there, or
    the figure entered when the table lists no part on that side."""
    listed = [p for p in done.parts if p.in_warranty is in_warranty]
    if not listed:
        fees = done.fees_in_warranty if in_warranty else done.fees_out_of_warranty
        return fees.parts
    return sum((p.quantity * p.price for p in listed), Decimal(0))


def _fee_rows(done: wire.CompletedPayload | None) -> tuple[tuple[str, ...], ...]:
    labels = ("外出服务费", "配件费", "工时费", "合计")
    if done is None:
        return tuple((label, BLANK, BLANK) for label in labels)
    def amounts(f: wire.Fees, parts: Decimal) -> tuple[Decimal, ...]:
        return (f.outside_service, parts, f.labour, f.outside_service + parts + f.labour)

    inside = amounts(done.fees_in_warranty, parts_fee(done, True))
    outside = amounts(done.fees_out_of_warranty, parts_fee(done, False))
    return tuple(
        (label, money(a), money(b)) for label, a, b in zip(labels, inside, outside, strict=True)
    )
