"""Field validation: the error names the field and says what is wrong in both languages."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from common.refusal import refusal_of
from station_app import wire, wire_orders
from station_app.domain import validation
from station_app.domain.errors import DomainError


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("13805512345", "13805512345"), ("+86 138 0551 2345", "13805512345"),
     ("0551-62345678", "0551-62345678"), ("010 87654321", "01087654321"),
     ("0551-62345678-801", "0551-62345678-801")],
)
def test_phone_accepts_mobiles_and_landlines(raw: str, clean: str) -> None:
    assert validation.phone(raw) == clean


@pytest.mark.parametrize("raw", ["1380551234", "23805512345", "12345", "0551-1234567", "abc"])
def test_phone_refuses_with_both_languages(raw: str) -> None:
    with pytest.raises(DomainError) as err:
        validation.phone(raw)
    assert err.value.field == "customer.phone"
    assert "mobile" in err.value.en and "手机号" in err.value.zh


@pytest.mark.parametrize(
    ("raw", "clean"),
    [("皖B82345", "皖B82345"), ("皖b 82xxx", "皖B82XXX"), ("粤B·D12345", "粤BD12345"),
     ("京A1234学", "京A1234学")],
)
def test_plates(raw: str, clean: str) -> None:
    assert validation.plate(raw) == clean


@pytest.mark.parametrize("raw", ["B82345", "皖182345", "皖BI2345X1", "X皖B8234"])
def test_bad_plates(raw: str) -> None:
    with pytest.raises(DomainError, match="皖B82345"):
        validation.plate(raw)


def test_vin_rules() -> None:
    assert validation.vin("lsvnv2182e2123456") == "LSVNV2182E2123456"
    with pytest.raises(DomainError, match="17"):
        validation.vin("LSVNV2182E212345")
    with pytest.raises(DomainError, match="I, O and Q") as err:
        validation.vin("LSVNV2182E21234O6")
    assert "I、O、Q" in err.value.zh


def test_erp_code_and_mileage() -> None:
    assert validation.erp_code(" 34012 ") == "34012"
    for bad in ("3401", "340123", "3401a"):
        with pytest.raises(DomainError, match="5 digits"):
            validation.erp_code(bad)
    with pytest.raises(DomainError, match="negative"):
        validation.mileage(-1)


def _order(**over: object) -> dict:
    base = {"station_code": "34012", "kind": "rescue", "location": "G3 高速 K1012",
            "customer": {"name": "王建国", "phone": "13805512345"}}
    base.update(over)
    return base


@pytest.mark.parametrize(
    ("over", "loc", "words"),
    [
        ({"station_code": "3401"}, ("station_code",), "5 digits"),
        ({"customer": {"name": "王", "phone": "123"}}, ("customer", "phone"), "手机号"),
        ({"vehicle": {"vin": "SHORT"}}, ("vehicle", "vin"), "17"),
        ({"vehicle": {"mileage_km": -5}}, ("vehicle", "mileage_km"), "greater than or equal"),
        ({"location": ""}, (), "用户地点"),
        ({"kind": "complaint"}, (), "抱怨级别"),
        ({"colour": "red"}, ("colour",), "Extra inputs"),
        ({"statement": "长" * 4001}, ("statement",), "at most 4000"),
    ],
)
def test_order_fields_name_what_is_wrong(over: dict, loc: tuple, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        wire_orders.OrderFields.model_validate(_order(**over))
    first = err.value.errors()[0]
    assert tuple(first["loc"]) == loc
    why = refusal_of((first.get("ctx") or {}).get("error"))  # our rules' own, as data
    assert words in first["msg"] + (why.message_zh if why else "")


def test_event_payload_is_checked_against_its_type() -> None:
    import uuid
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    base = {"id": str(uuid.uuid4()), "order_id": str(uuid.uuid4()), "occurred_at": now,
            "recorded_at": now, "author": "clerk", "station_code": "34012"}
    ok = wire.Event.model_validate({**base, "type": "contact_attempt",
                                    "payload": {"outcome": "busy"}})
    assert ok.body.outcome == "busy"
    with pytest.raises(ValidationError, match="outcome"):
        wire.Event.model_validate({**base, "type": "contact_attempt", "payload": {}})
    with pytest.raises(ValidationError, match="timezone"):
        wire.Event.model_validate({**base, "type": "note", "payload": {"text": "x"},
                                   "occurred_at": "2026-11-25T10:00:00"})
    # A reached callback without scores is a valid payload (a declined order's callback);
    # the call center requires the scores on other orders (tests/callcenter).
    wire.Event.model_validate({**base, "type": "callback", "station_code": None,
                               "payload": {"outcome": "reached"}})
    with pytest.raises(ValidationError) as err:
        wire.Event.model_validate({**base, "type": "callback", "station_code": None,
                                   "payload": {"outcome": "no_answer",
                                               "scores": dict.fromkeys(
                                                   ("skill", "attitude", "timeliness",
                                                    "parts", "overall"), 5)}})
    why = refusal_of(err.value.errors()[0]["ctx"]["error"])
    assert why is not None and why.field == "scores" and "评分" in why.message_zh
