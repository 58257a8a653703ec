"""The three forms built from an order, its events and the station."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from forms import build
from forms import outside_service as outside_service_form
from forms.document import Document, Fields, Footer, Paragraph, QrCode, Table, Title
from forms.layout import render_text
from station_app.domain.events import EventType, FormName
from station_app.domain.kinds import OrderKind
from tests.forms.conftest import (
    LONG_ADDRESS,
    PRINTED,
    RARE_NAME,
    TZ,
    Events,
    full_history,
    issued,
    make_order,
    station,
)


def fields(doc: Document) -> dict[str, str]:
    return {row.label: row.value for b in doc.blocks if isinstance(b, Fields) for row in b.rows}


def paragraphs(doc: Document) -> dict[str, str]:
    return {b.heading: b.text for b in doc.blocks if isinstance(b, Paragraph)}


def table(doc: Document, heading: str) -> Table:
    return next(b for b in doc.blocks if isinstance(b, Table) and b.heading.startswith(heading))


def rescue_form(copy_number: int = 1, tz: ZoneInfo = TZ) -> Document:
    order = make_order(OrderKind.RESCUE)
    return build(FormName.OUTSIDE_SERVICE, order, full_history(order), station(),
                 printed_at=PRINTED, copy_number=copy_number, tz=tz)


def test_outside_service_form_from_a_full_order():
    doc = rescue_form()
    assert doc.title == "外出服务登记表"
    assert doc.form == "outside_service" and doc.business_no == "QY20261120-0017"
    f = fields(doc)
    assert f["通知单号"] == "QY20261120-0017"
    assert f["通知类别"] == "求援"
    assert f["服务站"] == "合肥江淮汽车服务站" and f["ERP代码"] == "34012"
    assert f["服务站电话"] == "0551-63451234"
    assert f["用户姓名"] == RARE_NAME and f["联系电话"] == "13912345678"
    assert f["车型"] == "瑞风M5 2.0T" and f["车牌号"] == "皖A12345"
    assert f["车架号"] == "LJ12EKR25H4701234"
    assert f["行驶里程"] == "85,350 公里"  # the technician's reading, not the call center's
    assert f["故障地点"] == LONG_ADDRESS
    # times in the station's zone: issued 10:05 Shanghai, then +1, +2+3, +5, +40, +75 minutes
    assert f["接到通知"] == "2026-11-20 10:06"
    assert f["联系用户"] == "2026-11-20 10:11"  # the reached attempt, not the unanswered one
    assert f["出发时间"] == "2026-11-20 10:16"
    assert f["到达现场"] == "2026-11-20 10:56"
    assert f["完工时间"] == "2026-11-20 12:11"
    assert f["服务人员"] == "刘建国、佘晓东"
    assert f["外出里程"] == "36.5 公里"
    assert f["是否解决"] == "已解决" and f["处理结果"] == "故障排除,用户满意"
    p = paragraphs(doc)
    assert p["用户主诉"].startswith("1. 高速上发动机故障灯亮")
    assert p["维修内容"].startswith("检查发现燃油泵继电器烧蚀")
    assert table(doc, "更换配件").rows == (
        ("燃油泵继电器", "3735100U8010", "1", "保内", "48.00"),
        ("燃油滤清器总成", "1105100U1010", "2", "保外", "273.00"),  # 2 × 136.50
    )
    assert table(doc, "费用").rows == (
        ("外出服务费", "200.00", "0.00"),
        ("配件费", "48.00", "273.00"),
        ("工时费", "80.00", "60.00"),
        ("合计", "328.00", "333.00"),
    )
    qr = next(b for b in doc.blocks if isinstance(b, QrCode))
    assert qr.data == "QY20261120-0017"
    footer = doc.footer
    assert footer is not None and not footer.is_copy
    assert footer.printed_at == PRINTED


def test_parts_fee_and_total_come_from_the_parts_table():
    # the report gives the relay's price but leaves the parts fee at 0 (as the window did)
    order = make_order(OrderKind.RESCUE)
    ev = issued(order)
    ev.add(EventType.RECEIVED, 1)
    ev.add(EventType.DEPARTED, 5, technicians=["王师傅"])
    ev.add(EventType.COMPLETED, 60, work_done="更换燃油泵继电器,试车正常", technicians=["王师傅"],
           parts=[{"name": "燃油泵继电器", "quantity": "1", "in_warranty": True, "price": "38.00"},
                  {"name": "保险丝", "quantity": "3", "in_warranty": False, "price": "2.50"}],
           fees_in_warranty={"outside_service": "100.00", "parts": "0", "labour": "20.00"},
           fees_out_of_warranty={"outside_service": "0", "parts": "0", "labour": "0"})
    doc = build(FormName.OUTSIDE_SERVICE, order, ev.events, station(), printed_at=PRINTED, tz=TZ)
    assert table(doc, "更换配件").rows[0][-1] == "38.00"
    assert table(doc, "费用").rows == (
        ("外出服务费", "100.00", "0.00"),
        ("配件费", "38.00", "7.50"),
        ("工时费", "20.00", "0.00"),
        ("合计", "158.00", "7.50"),
    )


def test_outside_service_form_from_a_minimal_order_leaves_lines_to_fill_in():
    order = make_order(OrderKind.RESCUE, full=False)
    doc = build(FormName.OUTSIDE_SERVICE, order, [], station(), printed_at=PRINTED, tz=TZ)
    f = fields(doc)
    for label in ("车型", "车牌号", "车架号", "行驶里程", "接到通知", "联系用户", "出发时间",
                  "到达现场", "完工时间", "服务人员", "外出里程", "是否解决", "处理结果"):
        assert f[label] == "", label
    assert paragraphs(doc)["维修内容"] == ""
    assert table(doc, "更换配件").rows == () and table(doc, "更换配件").empty_rows == 3
    assert all(cell == "" for row in table(doc, "费用").rows for cell in row[1:])
    for columns in (32, 48):
        assert "None" not in render_text(doc, columns, TZ)


def test_appointment_form():
    order = make_order(OrderKind.FAULT_MODE)
    doc = build(FormName.APPOINTMENT, order, full_history(order), station(),
                printed_at=PRINTED, tz=TZ)
    assert doc.title == "服务预约登记表"
    f = fields(doc)
    assert f["通知类别"] == "最新故障模式"
    assert f["下达时间"] == "2026-11-20 10:05"
    assert f["预约时间"] == "2026-11-21 09:30"
    assert f["预约地点"] == "本站维修车间2号工位"
    assert f["预约人"] == "张敏"
    assert f["登记时间"] == "2026-11-20 10:21"
    assert f["购车日期"] == "2023-04-18"
    assert paragraphs(doc)["故障描述"].startswith("1. 高速上发动机故障灯亮")
    assert paragraphs(doc)["备注"] == "用户自驾到站,预计半天"


def test_appointment_form_uses_the_latest_booking():
    order = make_order(OrderKind.FAULT_MODE)
    events = full_history(order)
    ev = Events(order)
    ev.at = events[-1].occurred_at
    ev.add(EventType.APPOINTMENT_BOOKED, 30, appointment_at=PRINTED + timedelta(days=2),
           place="用户单位停车场", booked_by="李强")
    doc = build(FormName.APPOINTMENT, order, events + ev.events, station(),
                printed_at=PRINTED, tz=TZ)
    f = fields(doc)
    assert f["预约地点"] == "用户单位停车场" and f["预约人"] == "李强"
    assert f["预约时间"] == "2026-11-22 17:30"


def test_minimal_appointment_form():
    order = make_order(OrderKind.FAULT_MODE, full=False)
    doc = build(FormName.APPOINTMENT, order, [], station(), printed_at=PRINTED, tz=TZ)
    f = fields(doc)
    assert f["预约时间"] == f["预约地点"] == f["预约人"] == f["登记时间"] == ""
    assert f["购车日期"] == ""
    assert paragraphs(doc)["故障描述"] == ""


def test_job_sheet():
    order = make_order(OrderKind.RESCUE)
    doc = build(FormName.JOB_SHEET, order, full_history(order), station(),
                printed_at=PRINTED, tz=TZ)
    assert doc.title == "派工单"
    phone = next(r for b in doc.blocks if isinstance(b, Fields) for r in b.rows
                 if r.label == "联系电话")
    assert phone.large and phone.value == "13912345678"
    f = fields(doc)
    assert f["服务地点"] == LONG_ADDRESS
    assert f["下达时间"] == "2026-11-20 10:05"
    assert f["联系时限"] == "2026-11-20 10:20"  # rescue: 15 minutes
    assert f["完工时限"] == "2026-11-21 10:05"  # rescue: 24 hours
    assert f["服务人员"] == "刘建国、佘晓东"
    assert f["服务站电话"] == "0551-63451234"
    assert paragraphs(doc)["现场记录"] == ""
    assert any(isinstance(b, QrCode) and b.data == order.business_no for b in doc.blocks)
    text = render_text(doc, 32, TZ)
    assert "13912345678" in text


def test_job_sheet_technicians_come_from_departure_before_completion():
    order = make_order(OrderKind.DISPATCH)
    ev = issued(order)
    ev.add(EventType.RECEIVED, 1)
    ev.add(EventType.DEPARTED, 10, technicians=["覃志明"])
    doc = build(FormName.JOB_SHEET, order, ev.events, station(), printed_at=PRINTED, tz=TZ)
    assert fields(doc)["服务人员"] == "覃志明"
    assert fields(doc)["出发时间"] == "2026-11-20 10:16"


def test_a_reprint_is_marked_copy():
    doc = rescue_form(copy_number=3)
    footer = doc.footer
    assert isinstance(footer, Footer) and footer.is_copy
    assert "副本 第3份" in render_text(doc, 48, TZ)
    assert "副本" not in render_text(rescue_form(), 48, TZ)


def test_times_follow_the_station_zone():
    doc = rescue_form(tz=ZoneInfo("Asia/Urumqi"))  # UTC+6, two hours behind Beijing
    assert fields(doc)["接到通知"] == "2026-11-20 08:06"
    assert "打印时间：2026-11-20 15:30" in render_text(doc, 48, ZoneInfo("Asia/Urumqi"))


def test_events_without_the_issued_event_still_give_the_times():
    order = make_order(OrderKind.RESCUE)
    events = [e for e in full_history(order) if e.type is not EventType.ISSUED]
    doc = build(FormName.OUTSIDE_SERVICE, order, events, station(), printed_at=PRINTED, tz=TZ)
    assert fields(doc)["完工时间"] == "2026-11-20 12:11"


def test_a_late_report_is_left_out():
    order = make_order(OrderKind.RESCUE)
    ev = issued(order)
    ev.add(EventType.RECEIVED, 1)
    ev.add(EventType.REASSIGNED, 5, from_station="34012", to_station="34099", reason="就近")
    ev.add(EventType.DEPARTED, 5, technicians=["刘建国"])  # recorded by 34012: late
    doc = build(FormName.JOB_SHEET, order, ev.events, station(), printed_at=PRINTED, tz=TZ)
    assert fields(doc)["出发时间"] == "" and fields(doc)["服务人员"] == ""


def test_a_reopened_order_shows_no_completion_until_completed_again():
    order = make_order(OrderKind.RESCUE)
    events = full_history(order)
    ev = Events(order)
    ev.at = events[-1].occurred_at
    ev.add(EventType.REOPENED, 60, reason="用户反映故障复现")
    doc = build(FormName.OUTSIDE_SERVICE, order, events + ev.events, station(),
                printed_at=PRINTED, tz=TZ)
    assert fields(doc)["完工时间"] == "" and paragraphs(doc)["维修内容"] == ""


def test_complaint_kind_shows_its_level():
    order = make_order(OrderKind.COMPLAINT, complaint_level="strong")
    doc = build(FormName.JOB_SHEET, order, [], station(), printed_at=PRINTED, tz=TZ)
    assert "抱怨派工(强烈抱怨)" in render_text(doc, 48, TZ)


def test_dispatcher_accepts_names_and_rejects_unknown_forms():
    order = make_order(OrderKind.RESCUE)
    direct = outside_service_form.build(order, [], station(), printed_at=PRINTED, tz=TZ)
    assert build("outside_service", order, [], station(), printed_at=PRINTED, tz=TZ) == direct
    with pytest.raises(ValueError):
        build("receipt", order, [], station(), printed_at=PRINTED, tz=TZ)
    assert isinstance(direct.blocks[0], Title)
