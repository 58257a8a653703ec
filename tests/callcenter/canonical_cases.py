"""The events whose stored text `test_canonical_text` pins (`canonical_pins.json`): every
event type a station or the call center sends, non-ASCII and escaped text, floats, money,
optional fields absent, null and present, zones other than UTC; and events each refused for
one reason."""

from __future__ import annotations

from typing import Any

ORDER = "5b0e7c1e-8a55-4d3e-9a57-0f6b2b8f1a01"
BASE = {"order_id": ORDER, "occurred_at": "2026-12-01T08:30:00+08:00",
        "recorded_at": "2026-12-01T00:31:02.250000Z", "author": "  柜台 王 "}
EVENTS: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("note", {}, {"text": "用户来电询问进度 😀 \"引号\" \\ 反斜杠\n第二行\u2028第三\t列 é"}),
    ("received", {"station_code": "12345", "device_id": "d-1", "device_name": "前台电脑"}, {}),
    ("contact_attempt", {"backdate_reason": "断网补录", "clock_offset_ms": -1500},
     {"note": "  客户未接 ", "outcome": "no_answer"}),
    ("appointment_booked", {"phoned_at": "2026-11-30T23:59:59.000001-05:00"},
     {"appointment_at": "2026-12-02T09:00:00+08:00", "place": "客户家", "booked_by": "李"}),
    ("departed", {"device_id": None, "device_name": ""}, {"technicians": ["李师傅", "Wang"]}),
    ("completed", {"clock_offset_ms": 0},
     {"work_done": "更换起动机,试车正常", "technicians": ["李师傅"], "outside_distance_km": 12.5,
      "mileage_km": 5, "machine_hours": 0.00001, "resolved": False,
      "parts": [{"name": "起动机", "part_no": "QD-1", "quantity": "1.50", "price": 12.3,
                 "in_warranty": False}, {"name": "螺栓"}],
      "fees_in_warranty": {"labour": "30", "parts": 0.1},
      "fees_out_of_warranty": {"outside_service": "12.00"}, "service_place": "on_site",
      "service_address": "合肥市 蜀山区"}),
    ("completed", {}, {"technicians": ["李师傅"], "work_done": "x", "mileage_km": 123456.789,
                       "machine_hours": 0.30000000000000004, "outside_distance_km": 5000}),
    ("form_printed", {}, {"medium": "pdf", "copy_number": 2, "form": "job_sheet"}),
    ("voided", {}, {"reason": "录错", "event_id": "5B0E7C1E-8A55-4D3E-9A57-0F6B2B8F1A02"}),
    ("declined", {}, {"reason": "客户取消"}),
    ("updated", {}, {"changes": {"customer": {"name": "张先生", "phone": "13912345678"},
                                 "location": " 高速 G3 ✓ ",
                                 "vehicle": {"mileage_km": 2.5, "plate": None, "model": "X"}},
                     "reason": "改电话"}),
    ("callback", {}, {"outcome": "reached", "scores": {"skill": 5, "attitude": 4, "timeliness": 3,
                                                       "parts": 5, "overall": 4}, "note": "满意"}),
    ("closed", {}, {"close_date": "2026-12-01", "without_callback_reason": "客户拒访"}),
    ("reassigned", {}, {"from_station": "12345", "to_station": "54321", "reason": "距离近"}),
    ("urged", {"recorded_at": "2026-12-01T00:31:02Z"}, {"reason": "客户催促"}),
]


def events() -> list[dict[str, Any]]:
    """`EVENTS` as the wire carries them."""
    return [{"id": f"00000000-0000-4000-8000-{n:012d}", "type": etype, **BASE, **extra,
             "payload": payload} for n, (etype, extra, payload) in enumerate(EVENTS)]


GOOD = {"id": "00000000-0000-4000-8000-0000000000aa", "order_id": ORDER, "type": "note",
        "occurred_at": "2026-12-01T00:30:00Z", "recorded_at": "2026-12-01T00:30:00Z",
        "author": "柜台", "payload": {"text": "好"}}
BAD: list[Any] = [
    ["not an object"],
    {**GOOD, "id": "nope"},
    {k: v for k, v in GOOD.items() if k != "author"},
    {**GOOD, "colour": "red"},
    {**GOOD, "type": "teleported"},
    {**GOOD, "occurred_at": "2026-12-01T00:30:00"},
    {**GOOD, "occurred_at": "1969-12-31T23:59:59Z"},
    {**GOOD, "author": "a\u0007b"},
    {**GOOD, "payload": ["text"]},
    {**GOOD, "payload": {"text": "x" * 4001}},
    {**GOOD, "payload": {"text": "   "}},
    {**GOOD, "payload": {"text": "好", "extra": 1}},
    {**GOOD, "payload": {}},
    {**GOOD, "type": "contact_attempt", "payload": {"outcome": "maybe"}},
    {**GOOD, "type": "completed", "payload": {"work_done": "x", "technicians": ["李"],
                                              "parts": [{"name": ""}]}},
    {**GOOD, "type": "completed", "payload": {"work_done": "x", "technicians": ["李"],
                                              "mileage_km": -1}},
    {**GOOD, "type": "completed", "payload": {"work_done": "x", "technicians": ["李"],
                                              "fees_in_warranty": {"labour": "1.234"}}},
    {**GOOD, "type": "callback", "payload": {"outcome": "no_answer",
                                             "scores": {"skill": 1, "attitude": 1,
                                                        "timeliness": 1, "parts": 1,
                                                        "overall": 1}}},
    {**GOOD, "type": "updated", "payload": {"changes": {"kind": "rescue"}}},
    {**GOOD, "type": "closed", "payload": {"close_date": 1700000000}},
    {**GOOD, "clock_offset_ms": 10**11},
    {**GOOD, "device_id": ""},
]
