"""`PrinterConfig`: which port a printer is on, how to talk to it and what paper it has."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

from printers.profiles import (
    CHINESE_MODES,
    ENCODINGS,
    ChineseMode,
    Encoding,
    PrinterProfile,
    TextMode,
    profile_for,
)

FlowControl = Literal["none", "rtscts", "dsrdtr", "xonxoff"]
BAUD_RATES = (9600, 19200, 38400, 57600, 115200)
FLOW_CONTROLS: tuple[FlowControl, ...] = ("none", "rtscts", "dsrdtr", "xonxoff")


@dataclass(frozen=True)
class PrinterConfig:
    """Settings of one receipt printer; stored as JSON in the station's settings."""

    port: str  # COM3, /dev/ttyUSB0, or a pyserial URL (socket://host:port, loop://)
    name: str = "default"
    baud: int = 9600
    bytesize: int = 8
    parity: Literal["N", "E", "O"] = "N"
    stopbits: float = 1
    flow: FlowControl = "none"
    paper: int = 80  # mm: 58 or 80
    mode: TextMode = "text"
    write_timeout: float = 5.0  # seconds a chunk may wait before the printer counts as stuck
    cut: bool = True  # the printer has a cutter
    qr: bool = True
    encoding: Encoding = "gb18030"
    chinese_mode: ChineseMode = "once"
    # Whether this printer answers `DLE EOT` status: found by the test print or "find the
    # printer" and stored, so a silent printer is told apart from one that is off. None: not
    # known yet (a job it cannot confirm ends "sent", never "printed").
    answers_status: bool | None = None
    clear_buffer: bool = False  # takes `DLE DC4 8` (clear the buffers) after a fault mid-job
    # Whether it answers `GS r 1` sent after a job once it has printed the job: learnt from the
    # first job and stored. Tells, after a fault mid-job, a printer that kept the rest of the
    # form (it answers) from one that dropped it (it never does).
    confirms_end: bool | None = None

    def __post_init__(self) -> None:
        if self.paper not in (58, 80):
            raise ValueError(f"paper must be 58 or 80, not {self.paper}")
        if self.mode not in ("text", "raster"):
            raise ValueError(f"mode must be text or raster, not {self.mode}")
        if self.encoding not in ENCODINGS or self.chinese_mode not in CHINESE_MODES:
            raise ValueError(f"encoding must be one of {ENCODINGS}, Chinese mode one of "
                             f"{CHINESE_MODES}")
        if self.flow not in FLOW_CONTROLS:
            raise ValueError(f"flow control must be one of {FLOW_CONTROLS}, not {self.flow}")
        if self.bytesize not in (5, 6, 7, 8) or self.parity not in ("N", "E", "O"):
            raise ValueError("bytesize must be 5–8 and parity N, E or O")
        if self.stopbits not in (1, 1.5, 2) or self.baud <= 0 or self.write_timeout <= 0:
            raise ValueError("stop bits must be 1, 1.5 or 2; baud and write timeout positive")

    @property
    def profile(self) -> PrinterProfile:
        return profile_for(self.paper, self.mode, cut=self.cut, qr=self.qr,
                           encoding=self.encoding, chinese_mode=self.chinese_mode)

    @property
    def bits_per_byte(self) -> float:
        return 1 + self.bytesize + (self.parity != "N") + self.stopbits

    def wire_seconds(self, nbytes: int) -> float:
        """How long ``nbytes`` take on the line at this baud rate."""
        return nbytes * self.bits_per_byte / self.baud

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PrinterConfig:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})
