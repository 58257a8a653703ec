"""Find the receipt printer: ask `DLE EOT 1` on each serial port at each common baud rate and
offer the ones that answer (a printer at the wrong rate hears noise and says nothing)."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from printers import status as st
from printers.config import PrinterConfig
from printers.errors import PortBusy, PortMissing, PortNoPermission, PrinterError
from printers.serial_port import PrinterPort

COMMON_BAUDS = (9600, 19200, 38400, 115200)


@dataclass(frozen=True)
class FoundPrinter:
    port: str
    baud: int


def find_printers(ports: Iterable[str], bauds: Iterable[int] = COMMON_BAUDS, *,
                  stop: threading.Event | None = None) -> list[FoundPrinter]:
    """Each port with the first baud rate at which a printer answers status; ports that are
    missing, busy or forbidden are skipped. Bounded: about 0.3 s per silent port and rate."""
    found: list[FoundPrinter] = []
    for port in ports:
        for baud in bauds:
            if stop is not None and stop.is_set():
                return found
            try:
                with PrinterPort(PrinterConfig(port, baud=baud, write_timeout=0.5)) as p:
                    reply = p.request(st.query(1), 1)
            except (PortMissing, PortBusy, PortNoPermission):
                break  # no use trying other rates on this port
            except PrinterError:
                continue
            if reply and st.is_status_byte(reply[0]):
                found.append(FoundPrinter(port, baud))
                break
    return found
