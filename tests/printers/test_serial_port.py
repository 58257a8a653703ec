"""The serial port on real ptys: opening, typed errors, settings, status."""

from __future__ import annotations

import os
import time

import pytest
import serial
import serial.tools.list_ports

from printers import errors
from printers.config import PrinterConfig
from printers.emulator import VirtualPrinter
from printers.serial_port import PrinterPort, list_ports

pytestmark = pytest.mark.integration


def test_wrong_port_name_is_a_clear_error(tmp_path):
    with pytest.raises(errors.PortMissing) as exc:
        PrinterPort(PrinterConfig(str(tmp_path / "ttyNOPE"))).open()
    assert "ttyNOPE" in exc.value.en and "not found" in exc.value.en
    assert "找不到打印机端口" in exc.value.zh


def test_port_held_by_another_program_is_busy(vprinter):
    config = PrinterConfig(vprinter.port_name)
    with PrinterPort(config):
        with pytest.raises(errors.PortBusy) as exc:
            PrinterPort(config).open()
    assert "占用" in exc.value.zh


@pytest.mark.parametrize(("flow", "rtscts", "dsrdtr", "xonxoff"), [
    ("none", False, False, False), ("rtscts", True, False, False),
    ("dsrdtr", False, True, False), ("xonxoff", False, False, True)])
def test_settings_are_applied(vprinter, flow, rtscts, dsrdtr, xonxoff):
    config = PrinterConfig(vprinter.port_name, baud=19200, bytesize=7, parity="E", stopbits=2,
                           flow=flow, write_timeout=1.5)
    with PrinterPort(config) as port:
        ser = port.serial
        assert (ser.baudrate, ser.bytesize, ser.parity, ser.stopbits) == (19200, 7, "E", 2)
        assert (ser.rtscts, ser.dsrdtr, ser.xonxoff) == (rtscts, dsrdtr, xonxoff)
        assert ser.write_timeout == 0  # writes never block; PrinterPort bounds the waits


def test_status_of_a_ready_printer_and_of_one_out_of_paper(vprinter):
    with PrinterPort(PrinterConfig(vprinter.port_name)) as port:
        assert port.status().state == "ready"
        vprinter.set_fault("paper_out")
        assert isinstance(port.status().problem(), errors.PaperOut)
        vprinter.set_fault("paper_out", False)
        vprinter.set_fault("cover_open")
        assert port.status().state == "cover_open"


def test_stale_input_does_not_fool_the_status(vprinter):
    vprinter.set_fault("paper_out")
    with PrinterPort(PrinterConfig(vprinter.port_name)) as port:
        os.write(vprinter._master, b"\x12\x12\x12\x12")  # an old "all fine" reply
        # The premise: the old reply is waiting when the status is asked. A pty hands bytes
        # over later under load (7 of 1,500 runs at load 3.5 asked first and read the old
        # reply as the answers: one arriving while the status is asked cannot be told from
        # the answer, an ESC/POS status byte carries no sequence number).
        deadline = time.monotonic() + 2
        while port.serial.in_waiting < 4 and time.monotonic() < deadline:
            time.sleep(0.002)
        assert port.serial.in_waiting == 4
        assert port.status().paper_out


def test_silent_printer_is_unknown():
    with PrinterPort(PrinterConfig("loop://")) as port:  # echoes the queries, never answers
        status = port.status()
    assert status.state == "unknown" and status.problem() is None


def test_switched_off_printer_is_unknown(vprinter):
    vprinter.set_fault("power_off")
    with PrinterPort(PrinterConfig(vprinter.port_name)) as port:
        assert port.status().state == "unknown"


def test_pulled_cable_is_connection_lost(vprinter):
    with PrinterPort(PrinterConfig(vprinter.port_name)) as port:
        vprinter.stop()
        with pytest.raises(errors.ConnectionLost) as exc:
            port.write(b"\x1b@hello\n" * 100)
    assert "连接已断开" in exc.value.zh


def test_socket_url():
    with VirtualPrinter(58, transport="socket") as printer:
        with PrinterPort(PrinterConfig(printer.port_name)) as port:
            assert port.status().state == "ready"
            port.write(b"\x1b@socket\n\x1dV\x42\x00")
        assert printer.wait_for_cuts(1)
        assert printer.cut_receipts == ["socket\n"]


def test_list_ports_returns_devices_with_descriptions():
    ports = list_ports()
    assert all(p.device for p in ports)
    assert {p.device for p in ports} == {p.device for p in serial.tools.list_ports.comports()}


def test_printer_that_stops_reading_times_out_the_write():
    master, slave = os.openpty()  # nobody reads the master: like a printer holding CTS
    try:
        with PrinterPort(PrinterConfig(os.ttyname(slave), write_timeout=0.2)) as port:
            with pytest.raises(errors.WriteTimedOut) as exc:
                port.write(b"x" * 200_000)
            port.discard_output()
        assert "停止接收数据" in exc.value.zh
    finally:
        os.close(master)
        os.close(slave)


def test_dsrdtr_on_a_port_without_modem_lines_still_prints(vprinter):
    with PrinterPort(PrinterConfig(vprinter.port_name, flow="dsrdtr")) as port:
        port.write(b"\x1b@dsr\n\x1dV\x42\x00")
    assert vprinter.wait_for_cuts(1)
    assert vprinter.cut_receipts == ["dsr\n"]


def test_dsrdtr_waits_while_the_printer_holds_dsr_low():
    # loop:// wires DTR back to DSR, so lowering DTR is a printer saying "busy"
    with PrinterPort(PrinterConfig("loop://", flow="dsrdtr", write_timeout=0.2)) as port:
        port.serial.dtr = True
        assert port.write(b"ready") == 5
        assert port.serial.read(5) == b"ready"
        port.serial.dtr = False
        with pytest.raises(errors.WriteTimedOut):
            port.write(b"busy")


def test_dle_eot_inside_image_data_leaves_no_stale_answer(vprinter):
    image = b"\x1dv0\x00\x01\x00\x03\x00" + b"\x10\x04\x01"  # 8×3 dots that look like DLE EOT 1
    with PrinterPort(PrinterConfig(vprinter.port_name)) as port:
        vprinter.set_fault("cover_open")
        port.write(image)
        assert vprinter.wait_for(lambda: vprinter.status_queries == 1)  # it answered "offline"
        vprinter.set_fault("cover_open", False)
        assert port.status().state == "ready"


def test_a_late_answer_to_dle_eot_inside_image_data_is_not_taken_for_the_status(port_link):
    # the printer answers the DLE EOT it finds in an image's dots at once, but its answer
    # reaches the host 50 ms later (a slow line, a USB adapter's latency): after the host
    # has flushed its input before asking
    image = b"\x1dv0\x00\x01\x00\x03\x00" + b"\x10\x04\x01"
    with VirtualPrinter(80, link=port_link, reply_delay=0.05) as printer, \
            PrinterPort(PrinterConfig(printer.port_name)) as port:
        printer.set_fault("cover_open")
        port.write(image)
        assert printer.wait_for(lambda: printer.status_queries == 1)  # "offline", on its way
        printer.set_fault("cover_open", False)
        assert port.status().state == "ready"
        assert port.unanswered == 0


def test_find_the_printer_on_its_port_and_baud_rate(tmp_path):
    from printers.discover import FoundPrinter, find_printers

    with VirtualPrinter(80, link=tmp_path / "p1", line_baud=38400) as printer, \
            VirtualPrinter(80, link=tmp_path / "p2", answers_status=False):
        found = find_printers([str(tmp_path / "missing"), str(tmp_path / "p2"),
                               printer.port_name])
        assert found == [FoundPrinter(printer.port_name, 38400)]
        assert printer.receipts == []  # asking prints nothing


def test_xoff_held_bounds_the_write_and_the_status_query(vprinter):
    import threading

    outcome: list[object] = []
    config = PrinterConfig(vprinter.port_name, flow="xonxoff", write_timeout=0.3)

    def attempt() -> None:
        with PrinterPort(config) as port:
            os.write(vprinter._master, b"\x13")  # the printer holds XOFF
            vprinter.wait_for(lambda: False, 0.1)
            for call in (lambda: port.write(b"x" * 5000), port.status):
                try:
                    call()
                    outcome.append(None)
                except errors.PrinterError as exc:
                    outcome.append(exc)
            os.write(vprinter._master, b"\x11")
            port.discard_output()

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(5)
    assert not worker.is_alive(), "a write to a printer holding XOFF never returned"
    written, status = outcome
    assert isinstance(written, errors.WriteTimedOut)
    assert isinstance(status, errors.PrinterPaused) and "缺纸" in status.zh
