"""The text an event is stored as, and the rejection of a malformed one, are what the older
code made (`canonical_pins.json`, pinned before ingest's per-event work): a station re-sending
an event stored years ago must get "duplicate", never "same id with different content", so the
text must stay byte-identical for every event, whatever order its keys came in."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from callcenter import db as database
from callcenter import ingest, judging
from callcenter.models import EventRow
from station_app import wire
from tests.callcenter import canonical_cases as cases

PINS = json.loads((Path(__file__).parent / "canonical_pins.json").read_text(encoding="utf-8"))


def _reversed(raw: dict[str, Any]) -> dict[str, Any]:
    """The same event with every object's keys in the opposite order."""
    if isinstance(raw, dict):
        return {k: _reversed(v) for k, v in reversed(list(raw.items()))}
    if isinstance(raw, list):
        return [_reversed(v) for v in raw]
    return raw


@pytest.mark.parametrize("n", range(len(cases.EVENTS)),
                         ids=[f"{n}-{c[0]}" for n, c in enumerate(cases.EVENTS)])
def test_the_stored_text_is_the_older_codes_byte_for_byte(n):
    raw, pin = cases.events()[n], PINS["events"][n]
    for sent in (raw, _reversed(raw)):
        event = wire.Event.model_validate(sent)
        data, text = judging.canonical_json(event)
        assert text == pin["text"]
        assert judging.canonical(event) == pin["text"]
        assert judging.canonical_json(event, station_code="99999")[1] == pin["with_station"]
        # The JSON beside the text is the same event (the change feed sends it) in the
        # model's field order.
        assert list(data) == pin["keys"]
        assert data == json.loads(text)


def test_the_pins_cover_what_they_claim():
    texts = [p["text"] for p in PINS["events"]]
    assert len(texts) == len(cases.EVENTS) == len(set(texts))
    joined = "".join(texts)
    for needle in ('"phoned_at":"', '"device_id":"', '"device_name":""', '"clock_offset_ms":-',
                   "1e-05", "0.30000000000000004", '"mileage_km":5.0', '"quantity":"1.50"',
                   "\u2028", "😀", '\\"引号\\"', '"plate":null'):
        assert needle in joined, needle
    assert not any('"device_id":null' in t or '"phoned_at":null' in t for t in texts)


@pytest.mark.parametrize("n", range(len(cases.BAD)))
def test_a_malformed_event_is_refused_in_the_same_words(n):
    result = ingest.parse(cases.BAD[n])
    assert isinstance(result, wire.EventResult)
    assert result.status is wire.EventResultStatus.REJECTED and result.why is not None
    pin = PINS["rejected"][n]
    assert (str(result.id), result.why.code, result.why.field, result.why.message_en,
            result.why.message_zh) == (pin["id"], pin["code"], pin["field"], pin["en"],
                                       pin["zh"])


def _z(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


@pytest.mark.integration
def test_the_server_stores_the_pinned_text_and_knows_it_again(server):
    """Through a real server: the stored rows are the pinned texts (with this test's order,
    station and times in them), and the same events sent again are duplicates."""
    code = "99999"
    station = server.client(server.add_station(code))
    order_id = server.issue_order(code)["id"]
    occurred = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=2)
    recorded = occurred + timedelta(minutes=1, seconds=2, microseconds=250_000)
    picked = [n for n, c in enumerate(cases.EVENTS)
              if c[0] in ("note", "contact_attempt", "completed")]
    sent, expected = [], []
    for n in picked:
        raw = {**cases.events()[n], "order_id": order_id, "recorded_at": _z(recorded),
               "occurred_at": occurred.astimezone(timezone(timedelta(hours=8))).isoformat()}
        sent.append(raw)
        expected.append(PINS["events"][n]["with_station"]
                        .replace(cases.ORDER, order_id)
                        .replace("2026-12-01T00:30:00Z", _z(occurred))
                        .replace("2026-12-01T00:31:02.250000Z", _z(recorded)))
    headers = {"X-Wire-Version": "2"}
    first = station.post("/v1/events", json={"events": sent}, headers=headers).json()["results"]
    assert all(r["status"] in ("accepted", "late") for r in first), first
    stored = database.read(lambda: {r.id: r.content for r in EventRow.select().where(
        EventRow.id.in_([e["id"] for e in sent]))})
    assert [stored[e["id"]] for e in sent] == expected
    again = station.post("/v1/events", json={"events": [_reversed(e) for e in sent]},
                         headers=headers).json()["results"]
    assert [r["status"] for r in again] == ["duplicate"] * len(sent), again
    assert [r["seq"] for r in again] == [r["seq"] for r in first]
