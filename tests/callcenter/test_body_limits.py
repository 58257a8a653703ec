"""Limits before work: the token is checked before the body is read, the body is capped at
`body_guard.MAX_BODY` (413 past it), and a full 500-event batch with long texts still fits."""

from __future__ import annotations

import json
import socket

import pytest

from callcenter.body_guard import MAX_BODY
from tests.support.callcenter_server import new_event
from tests.support.refusals import refusal

pytestmark = pytest.mark.integration
A = "12345"
HUNDRED_MB = 100 * 1024 * 1024


def _raw_request(server, headers: dict[str, str], body: bytes = b"", *,
                 chunked: bool = False) -> tuple[int, bytes]:
    """POST /v1/events by hand: the headers, then ``body`` (maybe far less than the declared
    length), then read the answer. Returns (status, response body)."""
    sock = socket.create_connection((server.host, server.port), timeout=20)
    head = "".join(f"{k}: {v}\r\n" for k, v in {
        "Host": "127.0.0.1", "Content-Type": "application/json", **headers}.items())
    sock.sendall(f"POST /v1/events HTTP/1.1\r\n{head}\r\n".encode())
    step = 1024 * 1024
    for start in range(0, len(body), step):
        chunk = body[start:start + step]
        sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk)
    reply = b""
    while b"\r\n\r\n" not in reply or len(reply.split(b"\r\n\r\n", 1)[1]) < 2:
        part = sock.recv(65536)
        if not part:
            break
        reply += part
    sock.close()
    return int(reply.split(b" ", 2)[1]), reply.split(b"\r\n\r\n", 1)[1]


def test_an_unauthenticated_huge_body_is_refused_before_it_is_read(server):
    # Not a byte of the 100 MB is sent: the answer comes without the server waiting for it.
    status, body = _raw_request(server, {"Content-Length": str(HUNDRED_MB)})
    assert status == 401
    assert "token" in json.loads(body)["detail"]


def test_a_declared_length_past_the_cap_is_a_413_at_once(server):
    token = server.add_station(A)
    status, body = _raw_request(
        server, {"Content-Length": str(MAX_BODY + 1), "Authorization": f"Bearer {token}"})
    assert status == 413, body
    why = refusal(json.loads(body))
    assert why["code"] == "too_large" and "MiB" in why["message_en"] and "分批" in why["message_zh"]


def test_a_chunked_body_past_the_cap_is_a_413(server):
    token = server.add_station(A)
    # Exactly one byte past the cap, so the server has read all that was sent when it answers.
    status, body = _raw_request(
        server, {"Transfer-Encoding": "chunked", "Authorization": f"Bearer {token}"},
        b"x" * (MAX_BODY + 1), chunked=True)
    assert status == 413, body


def test_a_full_batch_of_long_texts_fits(server):
    """500 events, each a note of 4,000 Chinese characters (the longest text an event holds):
    the body is measured and must be accepted whole."""
    station = server.client(server.add_station(A))
    order = server.issue_order(A)
    events = [new_event(order["id"], "note", {"text": "长" * 4000}) for _ in range(500)]
    raw = json.dumps({"events": events}, ensure_ascii=False).encode()
    print(f"full batch of 500 4000-character notes: {len(raw) / 1e6:.1f} MB "
          f"(cap {MAX_BODY / 1e6:.1f} MB)")
    assert len(raw) < MAX_BODY
    r = station.post("/v1/events", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text[:300]
    assert {x["status"] for x in r.json()["results"]} == {"accepted"}
