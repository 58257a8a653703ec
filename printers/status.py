"""Real-time printer status: the `DLE EOT n` queries and what their reply bytes mean."""

from __future__ import annotations

from dataclasses import dataclass

from printers.errors import (
    CoverOpen,
    CutterError,
    PaperOut,
    PrinterError,
    PrinterFault,
    PrinterOffline,
)

DLE_EOT = b"\x10\x04"
QUERIES = (1, 2, 3, 4)  # printer, offline cause, error cause, paper sensor
CLEAR_BUFFERS = b"\x10\x14\x08\x01\x03\x14\x01\x06\x02\x08"  # DLE DC4 fn=8: drop the buffers
CLEARED = b"\x37\x25\x00"  # the printer's answer once it has dropped them
# GS r 1 (paper sensor status) is answered in order, once everything sent before it has been
# printed: sent after a job, its answer says the printer got to the job's end
END_QUERY = b"\x1d\x72\x01"


def query(n: int) -> bytes:
    return DLE_EOT + bytes([n])


def is_status_byte(b: int) -> bool:
    """Every `DLE EOT` reply byte has the shape 0xx1xx10."""
    return b & 0x93 == 0x12


def is_end_reply(b: int) -> bool:
    """A `GS r 1` reply has bits 4 and 7 at 0 (a `DLE EOT` reply, XON and XOFF have bit 4)."""
    return b & 0x90 == 0


def end_reply(near_end: bool) -> bytes:
    """What a printer answers to `END_QUERY` (used by the virtual printer)."""
    return bytes([0x03 if near_end else 0x00])


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said; ``answered`` False means it said nothing (status "unknown")."""

    answered: bool
    online: bool = True
    cover_open: bool = False
    feed_button: bool = False
    paper_near_end: bool = False
    paper_out: bool = False
    cutter_error: bool = False
    unrecoverable_error: bool = False
    auto_recoverable_error: bool = False

    @property
    def state(self) -> str:
        """One word for the UI: unknown, ready, or the most pressing problem."""
        if not self.answered:
            return "unknown"
        problem = self.problem()
        return problem.reason if problem else "ready"

    def problem(self) -> PrinterError | None:
        """The error that stops printing, most actionable first; None when it can print."""
        if not self.answered:
            return None
        if self.unrecoverable_error:
            return PrinterFault()
        if self.cover_open:
            return CoverOpen()
        if self.paper_out:
            return PaperOut()
        if self.cutter_error:
            return CutterError()
        if not self.online:
            return PrinterOffline()
        return None


UNKNOWN = PrinterStatus(answered=False)


def decode(replies: dict[int, int]) -> PrinterStatus:
    """Decode the reply bytes of `DLE EOT 1..4` (``{n: byte}``); any missing → unknown."""
    if any(n not in replies or not is_status_byte(replies[n]) for n in QUERIES):
        return UNKNOWN
    r1, r2, r3, r4 = (replies[n] for n in QUERIES)
    return PrinterStatus(
        answered=True,
        online=not r1 & 0x08,
        cover_open=bool(r2 & 0x04),
        feed_button=bool(r2 & 0x08),
        paper_out=bool(r2 & 0x20 or r4 & 0x60),
        paper_near_end=bool(r4 & 0x0C),
        cutter_error=bool(r3 & 0x08),
        unrecoverable_error=bool(r3 & 0x20),
        auto_recoverable_error=bool(r3 & 0x40),
    )


def encode(status: PrinterStatus) -> dict[int, int]:
    """The reply bytes a printer in ``status`` sends (used by the virtual printer)."""
    offline = not status.online or status.cover_open or status.paper_out
    return {
        1: 0x12 | (0x08 if offline else 0),
        2: 0x12 | (0x04 if status.cover_open else 0) | (0x08 if status.feed_button else 0)
        | (0x20 if status.paper_out else 0)
        | (0x40 if status.cutter_error or status.unrecoverable_error else 0),
        3: 0x12 | (0x08 if status.cutter_error else 0)
        | (0x20 if status.unrecoverable_error else 0)
        | (0x40 if status.auto_recoverable_error else 0),
        4: 0x12 | (0x0C if status.paper_near_end else 0) | (0x60 if status.paper_out else 0),
    }
