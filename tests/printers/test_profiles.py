"""Every printer profile a station can pick prints a test page that the virtual printer, set
up like that printer, reads back as the preview: GB18030 (Chinese mode once per job), GBK
(switched per run), raster (no Chinese font), 58 and 80 mm, with and without a cutter."""

from __future__ import annotations

import pytest

from forms.layout import render_text
from printers import escpos
from printers.config import PrinterConfig
from printers.emulator import VirtualPrinter
from printers.paper import paper_for
from printers.profiles import PROFILES, profile_for
from printers.serial_port import PrinterPort
from tests.printers.sample_docs import TZ, service_receipt, typical_outside_service

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_a_test_print_of_each_profile_reads_back(name, tmp_path):
    profile = PROFILES[name]
    doc = service_receipt()
    with VirtualPrinter(profile.paper_mm, link=tmp_path / "ttyP",
                        encoding=profile.encoding) as printer:
        config = PrinterConfig(printer.port_name, paper=profile.paper_mm, mode=profile.mode,
                               encoding=profile.encoding, chinese_mode=profile.chinese_mode)
        assert config.profile == profile
        with PrinterPort(config) as port:
            port.write(escpos.encode(doc, profile, TZ))
        assert printer.wait_for_cuts(1)
        (paper,) = printer.cut_receipts
        assert printer.problems == []
    if profile.mode == "text":
        assert paper == render_text(doc, profile.columns, TZ)
    else:
        assert paper.startswith(f"[image {profile.dots}x")


def test_gbk_printer_reads_what_a_gbk_profile_sends_and_not_more():
    gbk = profile_for(80, encoding="gbk", chinese_mode="switch")
    text = "单号 €5 𠀀 龘"  # € has no double-byte GBK code; 𠀀 is beyond GBK
    data = escpos.chinese_text(text, "gbk")
    assert "？".encode("gbk") in data and b"\x80" not in data
    paper = paper_for(escpos.job_start(gbk) + data + b"\n", gbk)
    assert paper.problems == () and paper.text.startswith("单号 ")


def test_a_printer_without_a_cutter_feeds_instead_of_cutting():
    profile = profile_for(58, cut=False)
    data = escpos.encode(service_receipt(), profile, TZ)
    assert b"\x1dV" not in data and data.endswith(escpos.feed(profile.feed_before_cut))


@pytest.mark.parametrize("paper", [58, 80])
@pytest.mark.parametrize("mode", ["once", "switch"])
def test_the_typical_form_reads_back_identically_in_both_chinese_modes(paper, mode):
    doc = typical_outside_service()
    profile = profile_for(paper, chinese_mode=mode)  # type: ignore[arg-type]
    printed = paper_for(escpos.encode(doc, profile, TZ), profile)
    assert printed.problems == ()
    assert printed.text == render_text(doc, profile.columns, TZ)
