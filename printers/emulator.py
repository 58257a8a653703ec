"""A virtual receipt printer on a pseudo-terminal (or a TCP socket) for tests, benchmarks and
the demo.

It reads what the station sends no faster than a chosen baud rate (a pty ignores baud rates),
answers `DLE EOT` status on receipt like a real printer, prints through `ReceiptReader`, and
can run out of paper, open its cover, go offline or be switched off — at once or after a number
of bytes. ``python -m printers.emulator`` runs one and prints the port to give the station.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import queue
import select
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Literal

from printers import status as st
from printers.paper import draw
from printers.profiles import Encoding, PrinterProfile, profile_for
from printers.receipt_reader import ReceiptReader

Fault = Literal["paper_out", "cover_open", "offline", "power_off"]
XON, XOFF = b"\x11", b"\x13"
BUFFER_BYTES = 4096  # receive buffer kept while printing is stopped; more is lost


class VirtualPrinter:
    """A printer that speaks ESC/POS on ``port_name``; `start()` it, `stop()` it."""

    def __init__(self, paper: int = 80, baud: int | None = None, *,
                 link: str | os.PathLike[str] | None = None,
                 transport: Literal["pty", "socket"] = "pty",
                 answers_status: bool = True, line_baud: int | None = None,
                 xonxoff: bool = False, keeps_buffer: bool = True,
                 clear_buffer: bool = False, answers_end: bool = True,
                 encoding: Encoding = "gb18030", reply_delay: float = 0.0) -> None:
        self.profile: PrinterProfile = profile_for(paper, encoding=encoding)
        self.answers_status = answers_status  # False: a model without `DLE EOT`
        # The rate the printer is set to: a host port set to another rate (read from the pty's
        # settings) gets garbage through, and the printer answers nothing.
        self.line_baud = line_baud
        self.xonxoff = xonxoff  # sends XOFF while it cannot print, XON when it can again
        self.keeps_buffer = keeps_buffer  # False: a fault drops what was not printed yet
        self.clear_buffer = clear_buffer  # takes `DLE DC4 8` (clear buffers), answers 37 25 00
        self.answers_end = answers_end  # answers `GS r 1` once it has printed what came before
        # what it sends reaches the host this many seconds later, in order (a slow line, a USB
        # adapter's latency timer)
        self.reply_delay = reply_delay
        self._replies: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        self.garbled_bytes = 0
        self.buffers_cleared = 0
        self._xoff_sent = False
        self.baud = baud
        self.link = Path(link) if link else None
        self.transport = transport
        self.port_name = ""
        self.status = st.PrinterStatus(answered=True)
        self.powered = True
        self.bytes_received = 0
        self.bytes_printed = 0
        self.status_queries = 0
        self._reader = ReceiptReader(self.profile.columns, encoding, self.profile.column_dots)
        self._pending = bytearray()  # received, not yet printed
        self._tail = b""
        self._fail_at: tuple[int, Fault] | None = None
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._master = self._slave = -1
        self._listener: socket.socket | None = None
        self._conn: socket.socket | None = None

    # -- life -------------------------------------------------------------------------

    def start(self) -> VirtualPrinter:
        if self.transport == "pty":
            if sys.platform == "win32":
                raise RuntimeError("a pseudo-terminal needs Linux or macOS: use transport=socket")
            import tty  # POSIX only

            self._master, self._slave = os.openpty()
            tty.setraw(self._master)
            tty.setraw(self._slave)
            self.port_name = os.ttyname(self._slave)
            if self.link:
                tmp = self.link.with_name(self.link.name + ".new")
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
                tmp.symlink_to(self.port_name)
                os.replace(tmp, self.link)
                self.port_name = str(self.link)
        else:
            self._listener = socket.create_server(("127.0.0.1", 0))
            self.port_name = f"socket://127.0.0.1:{self._listener.getsockname()[1]}"
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="virtual-printer", daemon=True)
        self._thread.start()
        if self.reply_delay:
            threading.Thread(target=self._deliver, name="virtual-printer-replies",
                             daemon=True).start()
        return self

    def stop(self) -> None:
        """Switch off and unplug: the port disappears (a pulled cable, to the station)."""
        self._stop.set()
        self._replies.put(None)
        if self._thread:
            self._thread.join(5)
        for fd in (self._master, self._slave):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = -1
        for s in (self._conn, self._listener):
            if s:
                s.close()
        self._conn = self._listener = None

    def __enter__(self) -> VirtualPrinter:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- faults -----------------------------------------------------------------------

    def set_fault(self, fault: Fault, on: bool = True) -> None:
        with self._cond:
            if fault == "power_off":
                self.powered = not on
                if on:
                    self._pending.clear()  # a printer switched off forgets its buffer
                    self._reader.power_cycle()
            elif fault == "paper_out":
                self.status = replace(self.status, paper_out=on)
            elif fault == "cover_open":
                self.status = replace(self.status, cover_open=on)
            else:
                self.status = replace(self.status, online=not on)
            self._halt_changed()
            self._cond.notify_all()
        self._print_pending()

    def clear_faults(self) -> None:
        with self._cond:
            self.powered = True
            self.status = st.PrinterStatus(answered=True)
            self._halt_changed()
            self._cond.notify_all()
        self._print_pending()

    def _halt_changed(self) -> None:
        if self.halted and not self.keeps_buffer:
            self._pending.clear()
        if self.xonxoff and self.powered and self.halted != self._xoff_sent:
            self._xoff_sent = self.halted
            self._send(XOFF if self.halted else XON)

    def fail_after(self, nbytes: int, fault: Fault) -> None:
        """Run into ``fault`` once ``nbytes`` more bytes have been printed."""
        with self._cond:
            self._fail_at = (self.bytes_printed + nbytes, fault)

    @property
    def halted(self) -> bool:
        return not self.powered or self.status.problem() is not None

    # -- what came out ----------------------------------------------------------------

    @property
    def receipts(self) -> list[str]:
        """The text of each receipt printed so far (the last one may still be uncut)."""
        with self._cond:
            return [r.text(self.profile.columns) for r in self._reader.receipts
                    if r.items or r.cut]

    @property
    def cut_receipts(self) -> list[str]:
        with self._cond:
            return [r.text(self.profile.columns) for r in self._reader.receipts if r.cut]

    @property
    def problems(self) -> list[str]:
        return list(self._reader.problems)

    def wait_for_cuts(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until ``count`` receipts have been cut; False on timeout."""
        return self.wait_for(lambda: self._cut_count() >= count, timeout)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        """Wait until ``predicate()`` (called under the printer's lock) holds."""
        with self._cond:
            return self._cond.wait_for(predicate, timeout)

    def _cut_count(self) -> int:
        return sum(1 for r in self._reader.receipts if r.cut)

    def render_png(self, path: str | os.PathLike[str]) -> Path:
        """Draw every receipt with the CJK font, a dashed line where the paper was cut."""
        with self._cond:
            receipts = [r for r in self._reader.receipts if r.items or r.cut]
            image = draw(receipts, self.profile)
        out = Path(path)
        image.save(out)
        return out

    # -- the wire -----------------------------------------------------------------------

    def _fd(self) -> int:
        if self.transport == "pty":
            return self._master
        return self._conn.fileno() if self._conn else -1

    def _send(self, data: bytes) -> None:
        if self.reply_delay:
            self._replies.put((time.monotonic() + self.reply_delay, data))
        else:
            self._write(data)

    def _deliver(self) -> None:
        while (item := self._replies.get()) is not None and not self._stop.is_set():
            due, data = item
            self._stop.wait(max(due - time.monotonic(), 0))
            self._write(data)

    def _write(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            if self.transport == "pty":
                os.write(self._master, data)
            elif self._conn:
                self._conn.sendall(data)

    def _run(self) -> None:
        credit, last = 0.0, time.monotonic()
        while not self._stop.is_set():
            if self.transport == "socket" and self._conn is None:
                assert self._listener is not None
                r, _, _ = select.select([self._listener], [], [], 0.05)
                if r:
                    self._conn, _ = self._listener.accept()
                continue
            data_ready, _, _ = select.select([self._fd()], [], [], 0.02)
            now = time.monotonic()
            if self.baud:
                bps = self.baud / 10
                credit = min(credit + (now - last) * bps, max(bps * 0.02, 16.0))
            last = now
            if not data_ready:
                self._print_pending()
                continue
            room = int(credit) if self.baud else 65536
            if room < 1 and self.baud:
                self._stop.wait(max((1 - credit) / (self.baud / 10), 0.001))
                continue
            try:
                if self.transport == "pty":
                    data = os.read(self._master, min(room, 65536))
                else:
                    assert self._conn is not None
                    data = self._conn.recv(min(room, 65536))
            except OSError:
                data = b""
            if not data:
                if self.transport == "socket":
                    if self._conn:
                        self._conn.close()
                    self._conn = None
                else:
                    self._stop.wait(0.02)  # nobody has the port open
                continue
            credit -= len(data)
            try:
                self._receive(data)
            except Exception as exc:  # a reader bug must not silently kill the printer
                self._reader.problems.append(f"reader failed: {exc!r}")

    def _receive(self, data: bytes) -> None:
        with self._cond:
            self.bytes_received += len(data)
            if not self.powered:
                return  # switched off: what arrives is lost, nothing answers
            if not self._baud_matches():
                self.garbled_bytes += len(data)  # noise: no command, no answer, no print
                return
            scan = self._tail + data
            start = 0
            while (i := scan.find(st.DLE_EOT, start)) >= 0 and i + 2 < len(scan):
                if i + 2 >= len(self._tail):  # not answered with the previous chunk
                    n = scan[i + 2]
                    if n in st.QUERIES and self.answers_status:
                        self.status_queries += 1
                        self._send(bytes([st.encode(self.status)[n]]))
                start = i + 1
            self._tail = scan[-2:]
            if self.clear_buffer and (i := data.find(st.CLEAR_BUFFERS)) >= 0:
                self._pending.clear()  # what came before it is dropped, unprinted
                data = data[i + len(st.CLEAR_BUFFERS):]
                self.buffers_cleared += 1
                self._send(st.CLEARED)
            if self.halted and len(self._pending) + len(data) > BUFFER_BYTES:
                data = data[: max(BUFFER_BYTES - len(self._pending), 0)]
            if self.halted and not self.keeps_buffer:
                data = b""
            self._pending += data
            self._cond.notify_all()
        self._print_pending()

    def _baud_matches(self) -> bool:
        """Whether the host set its end of the pty to the printer's rate."""
        if self.line_baud is None or self.transport != "pty":
            return True
        if sys.platform == "win32":  # no pty there (start() refuses one)
            return True
        import termios  # POSIX only

        try:
            speed = termios.tcgetattr(self._slave)[5]
        except termios.error:
            return True
        return bool(speed == getattr(termios, f"B{self.line_baud}", None))

    def _print_pending(self) -> None:
        with self._cond:
            if self.halted or not self._pending:
                return
            data = bytes(self._pending)
            if self._fail_at is not None:
                limit, fault = self._fail_at
                data = data[: max(limit - self.bytes_printed, 0)]
            self._pending = self._pending[len(data):]
            queries = self._reader.end_queries
            self._reader.feed(data)
            self.bytes_printed += len(data)
            if self.answers_end:
                for _ in range(self._reader.end_queries - queries):
                    self._send(st.end_reply(self.status.paper_near_end))
            if self._fail_at is not None and self.bytes_printed >= self._fail_at[0]:
                fault = self._fail_at[1]
                self._fail_at = None
                self.set_fault(fault)  # the condition's lock is re-entrant
            self._cond.notify_all()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m printers.emulator",
        description="A virtual ESC/POS receipt printer on a pseudo-terminal.")
    parser.add_argument("--paper", type=int, choices=(58, 80), default=80)
    parser.add_argument("--baud", type=int, default=None,
                        help="consume no faster than this baud rate (default: as fast as sent)")
    parser.add_argument("--link", help="also make this path a symlink to the pty")
    parser.add_argument("--socket", action="store_true", help="listen on TCP instead of a pty")
    parser.add_argument("--png", help="write the receipts to this PNG after each cut")
    args = parser.parse_args(argv)
    printer = VirtualPrinter(args.paper, args.baud, link=args.link,
                             transport="socket" if args.socket else "pty").start()
    print(printer.port_name, flush=True)
    seen = 0
    try:
        while True:
            printer.wait_for_cuts(seen + 1, 3600)
            texts = printer.cut_receipts
            if args.png:
                printer.render_png(args.png)
            for text in texts[seen:]:
                sys.stdout.write(text + "-" * printer.profile.columns + "\n")
            seen = len(texts)
            sys.stdout.flush()
    except KeyboardInterrupt:
        return 0
    finally:
        printer.stop()


if __name__ == "__main__":
    sys.exit(main())
