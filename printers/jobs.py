"""What the print queue tells the rest of the station: job states, a job's snapshot, the
printer's state, and the notes a clerk reads beside a job."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from printers import status as st
from printers.errors import PrinterError
from station_app.store import PrintJob

QUEUED, PRINTING, DONE, FAILED, CANCELLED = "queued", "printing", "done", "failed", "cancelled"
SENT = "sent"  # every byte went out to a printer that cannot confirm what it printed
UNSURE = "unsure"  # bytes reached the printer, but whether the form came out only the clerk knows
FINISHED = (DONE, SENT, CANCELLED)
ANSWERABLE = (UNSURE, SENT)  # the clerk can say "it came out complete" or "print it again"

SENT_NOTE = ("sent (this printer cannot confirm) / 已发送(此打印机无法确认是否打出)")
REPRINT_EN, REPRINT_ZH = ("printed again in full, marked as a reprint on the paper",
                          "将重新完整打印,纸上标注“重打”")


def reprint_note(cause: PrinterError | None = None) -> str:
    """What a job queued again whole says, after what made it necessary."""
    if cause is None:
        return f"{REPRINT_EN} / {REPRINT_ZH}"
    return f"{cause.en.rstrip('.')} — {REPRINT_EN} / {cause.zh.rstrip('。')} — {REPRINT_ZH}"


def unsure_note(cause: PrinterError | str) -> str:
    """The question for the clerk when the queue cannot know whether the form came out."""
    en, zh = ((cause.en, cause.zh) if isinstance(cause, PrinterError)
              else (cause, cause))
    return (f"did the form come out complete? ({en.rstrip('.')}) Answer in the print queue: "
            f"“came out complete”, or “print again” (marked as a reprint) / "
            f"表单是否已完整打出?({zh.rstrip('。')})请在打印队列中回答:“已完整打出”或“重新打印”"
            f"(纸上标注“重打”)")


STOPPED_MID_JOB = PrinterError(
    "the station was closed while this form was printing",
    "打印过程中服务站程序被关闭",
)


def note_in(note: str, language: str) -> str:
    """A stored "English / 中文" note in one language: the Chinese half starts at the first
    " / "-separated piece with a Chinese character (the English half has none)."""
    pieces = note.split(" / ")
    first = next((i for i, p in enumerate(pieces) if any("\u4e00" <= c <= "\u9fff" for c in p)),
                 None)
    if first is None or first == 0:
        return note
    half = pieces[first:] if language.startswith("zh") else pieces[:first]
    return " / ".join(half)


@dataclass(frozen=True)
class JobInfo:
    """A snapshot of one print job, safe to hand to another thread."""

    id: int
    printer: str
    form: str
    order_id: uuid.UUID | None
    copy_number: int
    state: str
    attempts: int
    last_error: str
    preview: str
    size: int
    created_at: datetime
    updated_at: datetime
    done_at: datetime | None

    @classmethod
    def of(cls, row: PrintJob) -> JobInfo:
        return cls(row.id, row.printer, row.form, row.order_id, row.copy_number, row.state,
                   row.attempts, row.last_error, row.preview, len(row.data or b""),
                   row.created_at, row.updated_at, row.done_at)

    @property
    def needs_answer(self) -> bool:
        """The clerk is asked whether it came out (unsure) or may say so (sent)."""
        return self.state in ANSWERABLE


@dataclass(frozen=True)
class PrinterState:
    """What the worker knows about the printer: ``state`` is ready, unknown (a printer that
    does not answer status), disconnected, paused (holding flow control) or a problem's
    reason (paper_out, cover_open, ...); ``error`` says it to the clerk."""

    state: str
    status: st.PrinterStatus = st.UNKNOWN
    error: PrinterError | None = None

    @property
    def message(self) -> str:
        return str(self.error) if self.error else ""
