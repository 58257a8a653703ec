"""`station-app printers` and `station-app print-test` against the virtual printer."""

from __future__ import annotations

import json

import pytest

from printers.emulator import VirtualPrinter
from station_desk.cli import main

pytestmark = pytest.mark.integration


def test_printers_lists_ports_as_json(capsys):
    assert main(["printers", "--json"]) == 0
    ports = json.loads(capsys.readouterr().out)
    assert all({"device", "description", "hwid"} <= set(p) for p in ports)


def test_print_test_prints_chinese_a_qr_code_and_the_status(vprinter, capsys):
    assert main(["print-test", "--port", vprinter.port_name, "--baud", "115200",
                 "--paper", "80"]) == 0
    out = capsys.readouterr().out
    assert "printer status before: ready" in out and "after: ready" in out
    assert vprinter.wait_for_cuts(1)
    receipt = vprinter.cut_receipts[0]
    assert "打印测试" in receipt
    assert "[QR STATION-DESK-TEST]" in receipt
    assert "打印机状态 Status: ready" in receipt
    assert vprinter.problems == []


def test_print_test_on_58mm_in_raster_mode(port_link, capsys):
    with VirtualPrinter(58, link=port_link) as printer:
        assert main(["print-test", "--port", str(port_link), "--baud", "115200",
                     "--paper", "58", "--mode", "raster"]) == 0
        assert printer.wait_for_cuts(1)
        assert printer.cut_receipts[0].startswith("[image 384x")


def test_print_test_explains_a_missing_port_in_both_languages(tmp_path, capsys):
    assert main(["print-test", "--port", str(tmp_path / "ttyUSB9")]) == 1
    err = capsys.readouterr().err
    assert "was not found" in err and "找不到打印机端口" in err


def test_print_test_refuses_when_out_of_paper(vprinter, capsys):
    vprinter.set_fault("paper_out")
    assert main(["print-test", "--port", vprinter.port_name]) == 1
    err = capsys.readouterr().err
    assert "out of paper" in err and "缺纸" in err
