"""Text that is not text is refused with a 422 naming the field: control characters (newline and
tab allowed where text has lines), names of invisible characters only, non-ASCII digits in
codes and phones, duplicate JSON keys; bodies that cannot be read say what is wrong in both
languages. The admin command refuses the same station codes and names."""

from __future__ import annotations

import re
from typing import Any

import pytest

from callcenter import cli
from callcenter import db as database
from callcenter.models import EventRow, OrderRow
from tests.support.callcenter_server import new_event
from tests.support.refusals import refusal, said

pytestmark = pytest.mark.integration
A = "12345"
CJK = re.compile(r"[\u4e00-\u9fff]")


class World:
    def __init__(self, server) -> None:
        self.station = server.client(server.add_station(A))
        self.dispatcher = server.client(server.add_user("调度", "dispatcher"))
        self.order = server.issue_order(A)


@pytest.fixture(scope="module")
def world(shared_server):
    return World(shared_server)


def _order(**changes: Any) -> dict[str, Any]:
    customer = {"name": "张先生", "phone": "13912345678"}
    customer.update(changes.pop("customer", {}))
    return {"station_code": A, "kind": "dispatch", "customer": customer, **changes}


def _counts() -> tuple[int, int]:
    return database.read(lambda: (OrderRow.select().count(), EventRow.select().count()))


def _both_languages(text: str) -> bool:
    return " / " in text and bool(CJK.search(text)) and bool(re.search(r"[a-z]{3}", text))


@pytest.mark.parametrize("body,field", [
    (_order(customer={"name": "张\x00先生"}), "customer.name"),
    (_order(statement="发动机\x00异响"), "statement"),
    (_order(location="合肥\x1b[31m"), "location"),
    (_order(customer={"name": "\u200b\u200b\u200b"}), "customer.name"),
    (_order(customer={"name": "\u200b \u2060"}), "customer.name"),
    (_order(station_code="１２３４５"), "station_code"),
    (_order(station_code="١٢٣٤٥"), "station_code"),
    (_order(customer={"phone": "１３９１２３４５６７８"}), "customer.phone"),
    (_order(customer={"phone": "١٣٩١٢٣٤٥٦٧٨"}), "customer.phone"),
], ids=["nul in name", "nul in statement", "escape in location", "zero-width name",
        "invisible name", "full-width code", "arabic-indic code", "full-width phone",
        "arabic-indic phone"])
def test_text_that_is_not_text_is_refused(world, body, field):
    before = _counts()
    r = world.dispatcher.post("/v1/orders", json=body)
    assert r.status_code == 422, r.text
    assert field in refusal(r)["field"]
    assert _counts() == before


def test_lines_and_tabs_are_text(world):
    statement = "1. 发动机异响\n2.\t用户要求上门"
    r = world.dispatcher.post("/v1/orders", json=_order(statement=statement))
    assert r.status_code == 201, r.text
    assert r.json()["statement"] == statement


def test_a_duplicate_key_is_refused_naming_it(world):
    before = _counts()
    raw = ('{"station_code": "12345", "kind": "dispatch", "station_code": "23456", '
           '"customer": {"name": "张先生", "phone": "13912345678"}}').encode()
    r = world.dispatcher.post("/v1/orders", content=raw,
                              headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    why = refusal(r)
    assert why["field"] == "station_code" and why["code"] == "duplicate_key"
    assert _counts() == before


@pytest.mark.parametrize("fields,field", [
    ({"author": "王\x00师傅"}, "author"),
    ({"author": "\u200b"}, "author"),
    ({"payload": {"text": "备注\x07"}}, "text"),
])
def test_bad_text_in_an_event_is_that_events_rejection(world, fields, field):
    fields = dict(fields)  # the parameters are shared by both databases' runs
    payload = fields.pop("payload", {"text": "备注"})
    bad = new_event(world.order["id"], "note", payload, **fields)
    good = new_event(world.order["id"], "note", {"text": "第一行\n第二行\t完"})
    r = world.station.post("/v1/events", json={"events": [bad, good]})
    assert r.status_code == 200, r.text
    first, second = r.json()["results"]
    assert first["status"] == "rejected" and field in first["reason"], first
    assert second["status"] == "accepted", second


@pytest.mark.parametrize("raw,words", [
    (b'{"events": ["\xff\xfe"]}', "UTF-8"),
    (b'{"events": [], "n": ' + b"9" * 5000 + b"}", "digits"),
    (b"[" * 100_000 + b"]" * 100_000, "nested"),
    (b"", "no body"),
], ids=["invalid utf-8", "5000-digit number", "100k-deep nesting", "no body"])
@pytest.mark.parametrize("who,path", [("station", "/v1/events"), ("dispatcher", "/v1/orders")])
def test_an_unreadable_body_says_what_is_wrong_in_both_languages(world, who, path, raw, words):
    before = _counts()
    r = getattr(world, who).post(path, content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text[:300]
    assert words in said(refusal(r)), r.text
    assert _counts() == before


@pytest.mark.parametrize("args,words", [
    (["１２３４５", "全角站"], "5 digits"),
    (["١٢٣٤٥", "阿拉伯数字站"], "5 digits"),
    (["12345", "\u200b\u200b"], "name"),
    (["12345", "合肥\x00北站"], "name"),
], ids=["full-width code", "arabic-indic code", "invisible name", "nul in name"])
def test_add_station_refuses_what_is_not_a_code_or_a_name(tmp_path, capsys, args, words):
    db = str(tmp_path / "cc.sqlite3")
    code = cli.main(["--db", db, "add-station", *args])
    err = capsys.readouterr().err
    assert code == 1 and words in err and CJK.search(err), err
    assert cli.main(["--db", db, "stations", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
