"""`station-app print-test`: print a test page (Chinese text, a QR code, the printer's status)
on a receipt printer, straight to the port, and say what the printer reports."""

from __future__ import annotations

import argparse
import threading
import time

BAUDS = (9600, 19200, 38400, 57600, 115200)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", required=True,
                        help="COM3, /dev/ttyUSB0, or a pyserial URL such as socket://host:9100")
    parser.add_argument("--baud", type=int, default=9600, choices=BAUDS)
    parser.add_argument("--paper", type=int, default=80, choices=(58, 80))
    parser.add_argument("--mode", default="text", choices=("text", "raster"),
                        help="text: the printer's Chinese font (GB18030); raster: drawn here")
    parser.add_argument("--flow", default="none", choices=("none", "rtscts", "dsrdtr", "xonxoff"))


def run(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from forms.document import Document, Footer, Paragraph, QrCode, Rule, Subtitle, Title
    from printers import escpos
    from printers.config import PrinterConfig
    from printers.serial_port import PrinterPort

    config = PrinterConfig(args.port, baud=args.baud, paper=args.paper, mode=args.mode,
                           flow=args.flow)
    with PrinterPort(config) as port:
        before = port.status()
        print(f"printer status before: {before.state}")
        problem = before.problem()
        if problem is not None:
            raise problem
        doc = Document(form="test_page", business_no="TEST", blocks=(
            Title("打印测试"),
            Subtitle("Station Desk test page"),
            Rule(heavy=True),
            Paragraph(f"端口 Port: {args.port}  {args.baud} 8N1 {args.flow}"),
            Paragraph(f"纸宽 Paper: {args.paper} mm, {config.profile.columns} 列, {args.mode}"),
            Paragraph(f"打印机状态 Status: {before.state}"
                      + ("(纸将尽 paper near end)" if before.paper_near_end else "")),
            Paragraph("中文测试:服务站派工单 外出服务登记表 副本 ¥123.45"),
            Paragraph("0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz"),
            Rule(),
            QrCode("STATION-DESK-TEST", caption="扫码测试 QR test"),
            Footer("Station Desk", "TEST", datetime.now(UTC)),
        ))
        data = escpos.encode(doc, config.profile)
        started = time.monotonic()
        port.write(data)
        threading.Event().wait(max(started + config.wire_seconds(len(data))
                                   - time.monotonic(), 0))
        after = port.status()
    print(f"sent {len(data)} bytes; printer status after: {after.state}")
    problem = after.problem()
    if problem is not None:
        raise problem
    return 0
