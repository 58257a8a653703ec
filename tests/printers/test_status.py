"""Decoding `DLE EOT 1..4` replies: every bit, and what counts as unknown."""

from __future__ import annotations

import pytest

from printers import errors
from printers import status as st

IDLE = {1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12}


def with_bits(n: int, bits: int) -> dict[int, int]:
    return IDLE | {n: 0x12 | bits}


@pytest.mark.parametrize(
    ("n", "bits", "field", "state"),
    [
        (1, 0x08, "online", "offline"),
        (2, 0x04, "cover_open", "cover_open"),
        (2, 0x08, "feed_button", "ready"),
        (2, 0x20, "paper_out", "paper_out"),
        (3, 0x08, "cutter_error", "cutter_error"),
        (3, 0x20, "unrecoverable_error", "fault"),
        (3, 0x40, "auto_recoverable_error", "ready"),
        (4, 0x04, "paper_near_end", "ready"),
        (4, 0x08, "paper_near_end", "ready"),
        (4, 0x0C, "paper_near_end", "ready"),
        (4, 0x20, "paper_out", "paper_out"),
        (4, 0x40, "paper_out", "paper_out"),
        (4, 0x60, "paper_out", "paper_out"),
    ],
)
def test_each_bit(n, bits, field, state):
    status = st.decode(with_bits(n, bits))
    assert status.answered
    expected = field != "online"  # the offline bit clears `online`
    assert getattr(status, field) is expected
    others = {f: v for f, v in vars(st.decode(IDLE)).items() if f != field}
    assert {f: v for f, v in vars(status).items() if f != field} == others
    assert status.state == state


def test_idle_printer_is_ready():
    status = st.decode(IDLE)
    assert status.state == "ready" and status.problem() is None


@pytest.mark.parametrize("replies", [{}, {1: 0x12, 2: 0x12, 3: 0x12},
                                     IDLE | {3: 0x00}, IDLE | {4: 0xFF}])
def test_missing_or_malformed_reply_is_unknown_not_an_error(replies):
    status = st.decode(replies)
    assert status == st.UNKNOWN
    assert status.state == "unknown" and status.problem() is None


def test_problems_are_typed_and_bilingual():
    problem = st.decode(with_bits(2, 0x04) | {4: 0x72}).problem()
    assert isinstance(problem, errors.CoverOpen)  # the cover first: closing it may be all
    assert "cover" in problem.en and "上盖" in problem.zh
    assert isinstance(st.decode(with_bits(4, 0x60)).problem(), errors.PaperOut)


def test_status_bytes_have_the_fixed_bits():
    assert all(st.is_status_byte(b) for b in (0x12, 0x16, 0x1A, 0x32, 0x52, 0x7E))
    assert not any(st.is_status_byte(b) for b in (0x00, 0x10, 0x04, 0x13, 0x92))


@pytest.mark.parametrize("field", ["cover_open", "paper_out", "paper_near_end", "cutter_error",
                                   "unrecoverable_error", "auto_recoverable_error"])
def test_encode_and_decode_agree(field):
    status = st.PrinterStatus(answered=True, **{field: True})
    decoded = st.decode(st.encode(status))
    assert getattr(decoded, field)
