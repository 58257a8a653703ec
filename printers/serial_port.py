"""The printer's serial port: open by name or pyserial URL, write in chunks, ask for status.

Errors come out typed (`printers.errors`): port missing, port busy, connection lost, write
timed out. Status is asked with `DLE EOT 1..4` after flushing stale input; a printer that
does not answer is "unknown", not broken. A printer answers a `DLE EOT n` wherever it finds one,
inside an image's dots too, and that answer may reach the host late (a slow line, a USB
adapter's latency): the port counts those it sent and takes their answers before it asks.
"""

from __future__ import annotations

import errno
import os
import sys
import threading
import time
from dataclasses import dataclass

import serial
import serial.tools.list_ports

from printers import status as st
from printers.config import PrinterConfig
from printers.errors import (
    BadPortSettings,
    ConnectionLost,
    PortBusy,
    PortMissing,
    PortNoPermission,
    PrinterError,
    PrinterPaused,
    WriteTimedOut,
)

_TTY_ERRORS: tuple[type[Exception], ...] = ()
if sys.platform != "win32":
    import fcntl
    import termios

    _TTY_ERRORS = (termios.error,)
else:  # Windows
    fcntl = None
_PORT_ERRORS: tuple[type[Exception], ...] = (serial.SerialException, OSError, *_TTY_ERRORS)
_PORT_ERRORS_OR_UNSUPPORTED: tuple[type[Exception], ...] = (*_PORT_ERRORS, NotImplementedError)

CHUNK = 256  # bytes per write call, so a stop or a stuck printer is noticed between chunks
DSR_CHUNK = 64  # with DSR/DTR flow control done here, so a busy printer's buffer cannot overflow
STATUS_TIMEOUT = 0.3  # seconds to wait for each status byte


@dataclass(frozen=True)
class PortInfo:
    device: str
    description: str
    hwid: str


def list_ports() -> list[PortInfo]:
    """The machine's serial ports with their descriptions (USB adapters name the chip)."""
    return [PortInfo(p.device, p.description or "", p.hwid or "")
            for p in sorted(serial.tools.list_ports.comports(), key=lambda p: p.device)]


def _is_url(port: str) -> bool:
    return "://" in port


class PrinterPort:
    """An open connection to one printer. Not thread-safe: one worker owns it."""

    def __init__(self, config: PrinterConfig) -> None:
        self.config = config
        self._serial: serial.Serial | None = None
        self._dsr_unsupported = False
        self.sent = 0  # bytes of the current `write` the port has taken
        self.end_replies = 0  # `GS r 1` answers seen: the printer got to the end of a job
        self._fd: int | None = None  # a POSIX tty's descriptor, switched to non-blocking
        self.unanswered = 0  # `DLE EOT n` inside data written, whose answers have not come yet
        self._written_tail = b""  # the last bytes written, where such a sequence may begin

    @property
    def is_open(self) -> bool:
        return self._serial is not None and self._serial.is_open

    @property
    def serial(self) -> serial.Serial:
        if self._serial is None:
            raise ConnectionLost(self.config.port)
        return self._serial

    def open(self) -> PrinterPort:
        c = self.config
        try:
            ser = serial.serial_for_url(c.port, do_not_open=True)
            ser.baudrate = c.baud
            ser.bytesize = c.bytesize
            ser.parity = c.parity
            ser.stopbits = c.stopbits
            ser.rtscts = c.flow == "rtscts"
            ser.dsrdtr = c.flow == "dsrdtr"
            ser.xonxoff = c.flow == "xonxoff"
            ser.timeout = STATUS_TIMEOUT
            # a port never blocks a write (`write` bounds its own waits); URL ports
            # (socket://, loop://) keep their own timeout
            ser.write_timeout = c.write_timeout if _is_url(c.port) else 0
            if hasattr(ser, "exclusive") and not _is_url(c.port):
                ser.exclusive = True
            ser.open()
            self._fd = _non_blocking(ser)
        except ValueError as exc:
            raise BadPortSettings(c.port, str(exc)) from exc
        except (serial.SerialException, OSError) as exc:
            raise _open_error(c.port, exc) from exc
        self._serial = ser
        return self

    def close(self) -> None:
        """Close the port; bytes still buffered are sent (`discard_output` first to drop them,
        so closing does not wait for a stuck printer)."""
        if self._serial is not None:
            try:
                self._serial.close()
            except (serial.SerialException, OSError):
                pass
            self._serial = None
            self._fd = None

    def __enter__(self) -> PrinterPort:
        return self.open() if not self.is_open else self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(self, data: bytes, stop: threading.Event | None = None, start: int = 0) -> int:
        """Write ``data[start:]`` in chunks and wait (bounded) until the port has sent them;
        returns the bytes written (fewer only if ``stop`` was set). `sent` counts them as
        they go, so a caller knows how much of a job left even when this raises.

        Raises `WriteTimedOut` when the printer takes nothing for ``write_timeout`` seconds
        (flow control held, or a pty nobody reads) and `ConnectionLost` when the port went
        away. Every wait is bounded: writes do not block, and the port's own ``flush()``
        (which waits with no limit, pyserial #163) is never called.
        """
        self.serial  # noqa: B018  (raises ConnectionLost when closed)
        watch_dsr = self._watch_dsr
        chunk = DSR_CHUNK if watch_dsr else CHUNK
        pause = stop if stop is not None else threading.Event()
        self.sent = done = start
        last_progress = time.monotonic()
        try:
            while done < len(data):
                if pause.is_set():
                    return done
                if watch_dsr and not self._wait_dsr(stop):
                    if pause.is_set():
                        return done
                    raise WriteTimedOut(self.config.port, done)
                n = self._write_some(data[done:done + chunk])
                if n:
                    self._count_queries(data[done:done + n])
                    self.sent = done = done + n
                    last_progress = time.monotonic()
                    if watch_dsr:
                        self._drain(stop, done)  # one chunk in flight when the printer is busy
                elif time.monotonic() - last_progress >= self.config.write_timeout:
                    raise WriteTimedOut(self.config.port, done)
                else:
                    pause.wait(0.005)
            self._drain(stop, done)
        except serial.SerialTimeoutException as exc:
            raise WriteTimedOut(self.config.port, done) from exc
        except _PORT_ERRORS as exc:
            raise ConnectionLost(self.config.port) from exc
        return done

    def _count_queries(self, written: bytes) -> None:
        """Count the `DLE EOT n` the printer will find in (and answer to) bytes written."""
        scan = self._written_tail + written
        start = 0
        while (i := scan.find(st.DLE_EOT, start)) >= 0 and i + 2 < len(scan):
            if scan[i + 2] in st.QUERIES:
                self.unanswered += 1
            start = i + 1
        self._written_tail = scan[-2:]

    def _write_some(self, data: bytes) -> int:
        """Write what the port takes now, without waiting (a printer holding XOFF takes
        nothing: a blocking write would wait for ever)."""
        if self._fd is not None:
            try:
                return os.write(self._fd, data)
            except BlockingIOError:
                return 0
        return self.serial.write(data) or 0

    def _drain(self, stop: threading.Event | None, done: int) -> None:
        """Wait until the port's output buffer is empty, as long as it keeps moving."""
        pause = stop if stop is not None else threading.Event()
        last, last_progress = -1, time.monotonic()
        while not pause.is_set():
            waiting = self.out_waiting()
            if waiting <= 0:
                return
            now = time.monotonic()
            if waiting != last:
                last, last_progress = waiting, now
            elif now - last_progress >= self.config.write_timeout:
                raise WriteTimedOut(self.config.port, max(done - waiting, 0))
            pause.wait(0.005)

    def out_waiting(self) -> int:
        """Bytes still in the port's output buffer (0 where the port cannot tell; a URL port
        has no line to drain)."""
        if _is_url(self.config.port):
            return 0
        try:
            return int(getattr(self.serial, "out_waiting", 0) or 0)
        except _PORT_ERRORS_OR_UNSUPPORTED:
            return 0

    @property
    def _watch_dsr(self) -> bool:
        """DSR/DTR flow control done here: pyserial applies it on Windows only (pyserial #729).
        Off for ports without modem lines (a pty answers ENOTTY)."""
        if self.config.flow != "dsrdtr" or os.name == "nt" or self._dsr_unsupported:
            return False
        try:
            self.serial.dsr  # noqa: B018
        except _PORT_ERRORS:
            self._dsr_unsupported = True
            return False
        return True

    def _wait_dsr(self, stop: threading.Event | None) -> bool:
        """Wait up to the write timeout for the printer to raise DSR (ready for data)."""
        deadline = time.monotonic() + self.config.write_timeout
        pause = stop if stop is not None else threading.Event()
        while not self.serial.dsr:
            if time.monotonic() >= deadline or pause.wait(0.01):
                return False
        return True

    def discard_output(self) -> None:
        """Drop bytes not yet sent (an interrupted job is sent again in full)."""
        if self._serial is not None:
            try:
                self._serial.reset_output_buffer()
            except _PORT_ERRORS:
                pass

    def cancel_write(self) -> None:
        """Interrupt a blocked `write` from another thread (used by `PrintQueue.stop`)."""
        ser = self._serial
        if ser is not None and hasattr(ser, "cancel_write"):
            try:
                ser.cancel_write()
            except (serial.SerialException, OSError):
                pass

    def status(self) -> st.PrinterStatus:
        """Ask `DLE EOT 1..4`; no (valid) answer → `status.UNKNOWN`. Raises `PrinterPaused`
        when the query cannot even leave (flow control held by the printer)."""
        replies: dict[int, int] = {}
        self.serial  # noqa: B018  (raises ConnectionLost when closed)
        try:
            self._take_late_answers()
            for n in st.QUERIES:
                self._take_input()  # stale bytes (an old reply, auto status) would lie
                self._send_query(st.query(n))
                byte = self._read_status_byte()
                if byte is None:
                    return st.UNKNOWN
                replies[n] = byte
        except serial.SerialTimeoutException:
            return st.UNKNOWN
        except _PORT_ERRORS as exc:
            raise ConnectionLost(self.config.port) from exc
        return st.decode(replies)

    def _send_query(self, query: bytes) -> None:
        self._written_tail = b""  # a query's last bytes begin no `DLE EOT`
        done = 0
        deadline = time.monotonic() + STATUS_TIMEOUT
        while done < len(query):
            done += self._write_some(query[done:])
            if done < len(query):
                if time.monotonic() >= deadline:
                    raise PrinterPaused()
                time.sleep(0.005)

    def request(self, command: bytes, reply_length: int,
                timeout: float = STATUS_TIMEOUT) -> bytes:
        """Send a real-time request and read its reply (``b""`` when none came in time)."""
        ser = self.serial
        try:
            self._take_late_answers()
            self._take_input()
            self._send_query(command)
            deadline = time.monotonic() + timeout
            got = b""
            while len(got) < reply_length and time.monotonic() < deadline:
                got += ser.read(reply_length - len(got))
            return got
        except _PORT_ERRORS as exc:
            raise ConnectionLost(self.config.port) from exc


    def _take_late_answers(self) -> None:
        """Read the answers still owed to `DLE EOT n` found inside data written (an image's
        dots), so that none is taken for the answer to a query of ours. Bounded: a printer that
        owes more stays silent ``STATUS_TIMEOUT`` and the count is dropped."""
        if self.unanswered and self.config.answers_status is not False:
            ser = self.serial
            while self.unanswered > 0:
                got = ser.read(1)
                if not got:
                    break
                self._note(got)
        self.unanswered = 0

    def _take_input(self) -> None:
        """Read what has come in so far so that the next reply is fresh, noting any answer
        to a job's end (`GS r 1`) among it."""
        ser = self.serial
        waiting = int(ser.in_waiting or 0)
        if waiting:
            self._note(ser.read(waiting))

    def _note(self, data: bytes) -> None:
        """Input that is no answer to a query of ours: `GS r 1` answers are counted, and
        status answers are taken for those owed to `DLE EOT n` written with data."""
        self.end_replies += sum(1 for b in data if st.is_end_reply(b))
        late = sum(1 for b in data if st.is_status_byte(b))
        self.unanswered = max(self.unanswered - late, 0)

    def _read_status_byte(self) -> int | None:
        """The first byte shaped like a `DLE EOT` reply within the timeout; others are
        skipped (a job-end answer among them is noted)."""
        while True:
            got = self.serial.read(1)
            if not got:
                return None
            if st.is_status_byte(got[0]):
                return got[0]
            self._note(got)

    def wait_end_reply(self, timeout: float, stop: threading.Event | None = None) -> bool:
        """Wait up to ``timeout`` seconds for the answer to the `GS r 1` sent after a job;
        True once one has come (`end_replies`)."""
        deadline = time.monotonic() + timeout
        ser = self.serial
        try:
            while self.end_replies == 0 and time.monotonic() < deadline:
                if stop is not None and stop.is_set():
                    break
                self._note(ser.read(1))
        except _PORT_ERRORS as exc:
            raise ConnectionLost(self.config.port) from exc
        return self.end_replies > 0


def _non_blocking(ser: serial.Serial) -> int | None:
    """Make a POSIX serial port's descriptor non-blocking (pyserial makes it blocking)."""
    fd = getattr(ser, "fd", None)
    if fcntl is None or not isinstance(fd, int):
        return None
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
    return fd


def _open_error(port: str, exc: Exception) -> PrinterError:
    code = getattr(exc, "errno", None)
    text = str(exc).lower()
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO) or "no such file" in text \
            or "filenotfound" in text or "cannot find" in text:
        return PortMissing(port)
    if code == errno.EACCES or "permission denied" in text:
        return PortNoPermission(port)
    if code in (errno.EBUSY, errno.EAGAIN) or "exclusively lock" in text \
            or "access is denied" in text or "busy" in text:
        return PortBusy(port)
    if "connection refused" in text or "could not open port" in text:
        return PortMissing(port)
    return ConnectionLost(port)
