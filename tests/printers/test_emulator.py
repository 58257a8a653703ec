"""The virtual printer: reads Chinese back, draws the receipt, flags protocol mistakes, runs
standalone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from forms.layout import render_text
from printers import escpos
from printers.config import PrinterConfig
from printers.emulator import VirtualPrinter
from printers.profiles import profile_for
from printers.receipt_reader import ReceiptReader
from printers.serial_port import PrinterPort
from tests.printers.sample_docs import TZ, service_receipt, short_receipt

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def test_png_of_text_and_raster_receipts(tmp_path):
    with VirtualPrinter(58) as printer, PrinterPort(PrinterConfig(printer.port_name)) as port:
        port.write(escpos.encode(short_receipt(), profile_for(58), TZ))
        port.write(escpos.encode(short_receipt(), profile_for(58, "raster"), TZ))
        assert printer.wait_for_cuts(2)
        png = printer.render_png(tmp_path / "receipt.png")
    img = Image.open(png).convert("L")
    assert img.width == 384 + 32
    ink = sum(img.histogram()[:128])
    assert ink > 2000  # text and two QR codes, not a blank strip
    assert printer.receipts[0] == render_text(short_receipt(), 32, TZ)
    assert printer.receipts[1].startswith("[image 384x")


def test_chinese_read_back_of_every_line(vprinter):
    with PrinterPort(PrinterConfig(vprinter.port_name)) as port:
        port.write(escpos.encode(service_receipt(), profile_for(80), TZ))
    assert vprinter.wait_for_cuts(1)
    assert vprinter.cut_receipts == [render_text(service_receipt(), 48, TZ)]


def test_protocol_mistakes_are_recorded():
    reader = ReceiptReader(32)
    reader.feed(b"\x1b@\x1c&\x1bt\x00" + "中".encode("gb18030") + b"\x1c.\xd6\xd0\n")
    assert reader.problems == ["ESC t sent in Chinese mode", "byte 0xd6 outside Chinese mode",
                               "byte 0xd0 outside Chinese mode"]


def test_commands_split_across_reads_are_put_together():
    data = escpos.encode(service_receipt(), profile_for(58), TZ)
    reader = ReceiptReader(32)
    for i in range(0, len(data), 7):
        reader.feed(data[i:i + 7])
    assert reader.receipts[0].text(32) == render_text(service_receipt(), 32, TZ)


def test_a_halted_printer_keeps_at_most_its_buffer(vprinter):
    vprinter.set_fault("cover_open")
    with PrinterPort(PrinterConfig(vprinter.port_name)) as port:
        port.write(b"x" * 10_000)
        assert vprinter.wait_for(lambda: vprinter.bytes_received >= 10_000)
    assert len(vprinter._pending) == 4096


def test_standalone_entry_point_prints_the_port_and_the_receipts(tmp_path):
    png = tmp_path / "demo.png"
    proc = subprocess.Popen(
        [sys.executable, "-m", "printers.emulator", "--paper", "58", "--png", str(png)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        assert proc.stdout is not None
        port_name = proc.stdout.readline().strip()
        assert port_name.startswith("/dev/pts/")
        with PrinterPort(PrinterConfig(port_name)) as port:
            port.write(escpos.encode(short_receipt(), profile_for(58), TZ))
        lines = [proc.stdout.readline() for _ in range(6)]
        assert "".join(lines) == render_text(short_receipt(), 32, TZ)
    finally:
        proc.terminate()
        proc.wait(10)
        if proc.stdout is not None:
            proc.stdout.close()
    assert png.exists()
