"""Printer errors a clerk can act on, each in English and Chinese."""

from __future__ import annotations

from common.errors import UserError


class PrinterError(UserError):
    """Printing cannot go on; ``reason`` is a short stable key stored with a waiting job."""

    reason = "error"

    def __str__(self) -> str:
        """Both languages: stored beside a waiting job and shown in the clerk's language
        (`printers.jobs.note_in` picks the half)."""
        return f"{self.en} / {self.zh}"


class PortMissing(PrinterError):
    reason = "port_missing"

    def __init__(self, port: str) -> None:
        self.port = port
        super().__init__(
            f"printer port {port} was not found; check the cable and the port chosen in settings",
            f"找不到打印机端口 {port},请检查数据线连接和设置中选择的端口",
        )


class PortBusy(PrinterError):
    reason = "port_busy"

    def __init__(self, port: str) -> None:
        self.port = port
        super().__init__(
            f"printer port {port} is in use by another program; close it and try again",
            f"打印机端口 {port} 正被其他程序占用,请关闭该程序后重试",
        )


class PortNoPermission(PrinterError):
    reason = "port_permission"

    def __init__(self, port: str) -> None:
        self.port = port
        super().__init__(
            f"this user may not use printer port {port}; ask the administrator for access "
            "(on Linux: the dialout group)",
            f"当前用户无权使用打印机端口 {port},请联系管理员开通权限(Linux:dialout 组)",
        )


class ConnectionLost(PrinterError):
    reason = "connection_lost"

    def __init__(self, port: str) -> None:
        self.port = port
        super().__init__(
            f"the connection to the printer on {port} was lost; check the cable and the power",
            f"与打印机({port})的连接已断开,请检查数据线和电源",
        )


class WriteTimedOut(PrinterError):
    reason = "write_timeout"

    def __init__(self, port: str, sent: int = 0) -> None:
        self.port = port
        self.sent = sent  # bytes of the job the port had taken when it stalled
        super().__init__(
            f"the printer on {port} stopped accepting data; check that it is on and has paper",
            f"打印机({port})停止接收数据,请检查是否开机、是否有纸",
        )


class PrinterOffline(PrinterError):
    reason = "offline"

    def __init__(self) -> None:
        super().__init__(
            "the printer is offline; check that it is switched on and ready",
            "打印机处于离线状态,请检查是否开机并就绪",
        )


class PrinterNotAnswering(PrinterError):
    reason = "not_answering"

    def __init__(self) -> None:
        super().__init__(
            "the printer does not answer: is it on? is the baud rate right (try 9600 / 19200 / "
            "38400 / 115200)?",
            "打印机无响应:是否已开机?波特率是否正确(可试 9600 / 19200 / 38400 / 115200)?",
        )


class PrinterPaused(PrinterError):
    """The printer holds flow control (XOFF, CTS or DSR low): nothing, not even a status
    query, can reach it — it stops taking data when paper runs out or the cover is open."""

    reason = "paused"

    def __init__(self) -> None:
        super().__init__(
            "printer paused — out of paper or cover open? The rest prints by itself once it "
            "is fixed",
            "打印机已暂停——是否缺纸或上盖未关?处理好后会自动继续打印",
        )


class PaperOut(PrinterError):
    reason = "paper_out"

    def __init__(self) -> None:
        super().__init__(
            "the printer is out of paper; load a new roll — printing resumes by itself",
            "打印机缺纸,请装入新纸卷,装好后会自动继续打印",
        )


class CoverOpen(PrinterError):
    reason = "cover_open"

    def __init__(self) -> None:
        super().__init__(
            "the printer cover is open; close it — printing resumes by itself",
            "打印机上盖未关,请关好上盖,之后会自动继续打印",
        )


class CutterError(PrinterError):
    reason = "cutter_error"

    def __init__(self) -> None:
        super().__init__(
            "the printer's cutter is jammed; open the cover, clear the paper and close it",
            "打印机切刀卡住,请打开上盖清除卡纸后关好",
        )


class BufferDropped(PrinterError):
    reason = "buffer_dropped"

    def __init__(self) -> None:
        super().__init__(
            "the printer dropped the rest of the form when it stopped (it is ready again but "
            "never reached the form's end)",
            "打印机停止时丢弃了表单的剩余部分(已恢复就绪,但未打到表单末尾)",
        )


class EndNotReached(PrinterError):
    reason = "end_not_reached"

    def __init__(self) -> None:
        super().__init__(
            "the printer stopped part-way and cannot tell whether it kept the rest of the form",
            "打印机中途停止过,无法确认是否保留并打完了表单的剩余部分",
        )


class PrinterFault(PrinterError):
    reason = "fault"

    def __init__(self) -> None:
        super().__init__(
            "the printer reports a fault; switch it off and on again",
            "打印机报告故障,请关闭电源后重新开机",
        )


class BadPortSettings(PrinterError):
    reason = "bad_settings"

    def __init__(self, port: str, detail: str) -> None:
        self.port = port
        super().__init__(
            f"the printer port {port} cannot use these settings ({detail}); check the settings",
            f"打印机端口 {port} 不支持这些参数({detail}),请检查设置",
        )
