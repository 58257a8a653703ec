"""Documents built directly from blocks for the printer tests (no dependency on the forms)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from forms.document import (
    Column,
    Document,
    FieldRow,
    Fields,
    Footer,
    Paragraph,
    QrCode,
    Rule,
    Signatures,
    Subtitle,
    Table,
    Title,
)

TZ = ZoneInfo("Asia/Shanghai")
PRINTED_AT = datetime(2026, 11, 25, 6, 30, tzinfo=UTC)


def service_receipt(copy_number: int = 1) -> Document:
    """A receipt with every kind of block, Chinese and Latin text, a QR code and a footer."""
    return Document(
        form="outside_service",
        business_no="WF202611250012",
        blocks=(
            Title("外出服务登记表"),
            Subtitle("Outside service 单号 WF202611250012"),
            Rule(heavy=True),
            Fields(
                heading="客户信息",
                rows=(
                    FieldRow("客户", "张伟"),
                    FieldRow("电话", "13800138000", large=True),
                    FieldRow("车牌", "京A·12345"),
                    FieldRow("VIN", "LFV2A21K8G3000001"),
                    FieldRow("地址", "北京市朝阳区建国路88号现代城SOHO A座1203室 门口停车场"),
                    FieldRow("到达时间"),
                ),
            ),
            Table(
                heading="配件",
                columns=(Column("名称", 3), Column("数量", 1, "right"), Column("金额", 2, "right")),
                rows=(("机油滤清器", "1", "45.00"), ("Brake pad 刹车片", "2", "380.00")),
            ),
            Paragraph("发动机无法启动,电瓶亏电,现场搭电后正常。", heading="故障描述"),
            Paragraph("", heading="处理意见", blank_lines=2),
            Rule(),
            QrCode("WF202611250012", caption="扫码查看工单"),
            Signatures(("用户签字", "服务人员签字")),
            Footer("北京朝阳服务站", "S10086", PRINTED_AT, copy_number=copy_number),
        ),
    )


def short_receipt(text: str = "测试打印 Test print") -> Document:
    return Document(
        form="test_page",
        business_no="T1",
        blocks=(Title("打印测试"), Paragraph(text), QrCode("T1"),
                Footer("测试站", "S1", PRINTED_AT)),
    )


def real_forms() -> dict[str, Document]:
    """The three forms as `forms.build` makes them from the forms tests' full order."""
    from forms import FormName, build
    from station_app.domain.kinds import OrderKind
    from tests.forms.conftest import PRINTED, full_history, make_order, station

    out = {}
    for form, kind in ((FormName.OUTSIDE_SERVICE, OrderKind.RESCUE),
                       (FormName.APPOINTMENT, OrderKind.FAULT_MODE),
                       (FormName.JOB_SHEET, OrderKind.RESCUE)):
        order = make_order(kind)
        out[form.value] = build(form, order, full_history(order), station(), printed_at=PRINTED,
                                tz=TZ)
    return out


def typical_outside_service() -> Document:
    """The outside-service form of the demo's rescue (seed 000, the case the printing issue
    measured): one part, two technicians, fees in warranty, an order as the call center sends."""
    from datetime import date

    from forms import FormName, build
    from station_app import wire_orders
    from station_app.domain.events import EventType
    from station_desk.demo.scenario import build as scenario
    from tests.forms.conftest import PRINTED, issued, station

    plan = scenario(7, today=date(2026, 11, 25))
    case = plan.cases["rescue"]
    order = wire_orders.Order.model_validate({
        **{k: v for k, v in case.fields.items() if v is not None},
        "id": "6f1c7a52-3a55-4f8c-9b1e-2d3f4a5b6c7d", "business_no": "QY20261125009",
        "station_code": "34012", "issued_at": PRINTED.replace(hour=2), "issued_by": "客服李娜"})
    ev = issued(order)
    kinds = {"receive": EventType.RECEIVED, "contact": EventType.CONTACT_ATTEMPT,
             "depart": EventType.DEPARTED, "arrive": EventType.ARRIVED,
             "complete": EventType.COMPLETED}
    last = 0.0
    for step in (s for s in plan.steps if s.case == "rescue" and s.action in kinds):
        ev.add(kinds[step.action], max(int(step.at - last), 1), **dict(step.data))
        last = step.at
    return build(FormName.OUTSIDE_SERVICE, order, ev.events, station(), printed_at=PRINTED,
                 tz=TZ)
