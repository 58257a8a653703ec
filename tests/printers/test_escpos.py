"""The ESC/POS encoder: golden bytes per document and profile, and the Chinese-mode rules."""

from __future__ import annotations

import pytest

from forms.layout import TextLine, render_text
from printers import escpos
from printers.profiles import PROFILES, profile_for
from printers.receipt_reader import RasterImage, ReceiptReader
from tests.printers.golden import check_golden
from tests.printers.sample_docs import TZ, real_forms, service_receipt, short_receipt

DOCS = {"service": service_receipt, "service-copy2": lambda: service_receipt(2),
        "short": short_receipt}


# raster goldens only for the short page: 50–70 KB each, and bound to the font's rendering
GOLDEN_CASES = [(d, p) for d in sorted(DOCS) for p in sorted(PROFILES)
                if PROFILES[p].mode == "text" or d == "short"]


@pytest.mark.parametrize(("doc_name", "profile_name"), GOLDEN_CASES)
def test_golden_bytes(doc_name, profile_name):
    data = escpos.encode(DOCS[doc_name](), PROFILES[profile_name], TZ)
    check_golden(f"{doc_name}-{profile_name}.bin", data)


FORMS = real_forms()


@pytest.mark.parametrize("paper", [58, 80])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_golden_bytes_of_each_form(form, paper):
    profile = profile_for(paper)
    data = escpos.encode(FORMS[form], profile, TZ)
    check_golden(f"form-{form}-{profile.name}.bin", data)
    reader = ReceiptReader(profile.columns)
    reader.feed(data)
    assert reader.problems == []
    assert reader.receipts[0].text(profile.columns) == render_text(FORMS[form], profile.columns,
                                                                   TZ)


@pytest.mark.parametrize("paper", [58, 80])
def test_text_mode_reads_back_as_the_preview(paper):
    profile = profile_for(paper)
    reader = ReceiptReader(profile.columns)
    reader.feed(escpos.encode(service_receipt(), profile, TZ))
    assert reader.problems == []
    assert reader.receipts[0].cut
    assert reader.receipts[0].text(profile.columns) == render_text(
        service_receipt(), profile.columns, TZ)


def test_chinese_text_is_wrapped_in_fs_and_never_switches_code_page():
    data = escpos.gb18030_text("单号 WF12 副本")
    assert data == (b"\x1c&" + "单号".encode("gb18030") + b"\x1c." + b" WF12 "
                    + b"\x1c&" + "副本".encode("gb18030") + b"\x1c.")
    switching = profile_for(80, encoding="gbk", chinese_mode="switch")
    whole = escpos.encode(service_receipt(), switching, TZ)
    assert b"\x1bt" not in whole
    assert whole.count(b"\x1c&") == whole.count(b"\x1c.") > 10


def test_chinese_mode_is_entered_once_per_job_where_the_profile_allows():
    whole = escpos.encode(service_receipt(), profile_for(80), TZ)
    assert whole.startswith(b"\x1b@\x1c&") and whole.count(b"\x1c&") == 1
    assert b"\x1c." not in whole and b"\x1bt" not in whole


def test_long_runs_of_spaces_become_esc_dollar_to_the_same_column():
    line = "外出服务费" + " " * 15 + "200.00"  # 10 + 15 columns, then the amount
    profile = profile_for(80)
    data = escpos._line_bytes(line, profile, 1)
    at = bytes([300 & 0xFF, 300 >> 8])  # column 25 × 12 dots
    assert data == "外出服务费".encode("gb18030") + b"\x1b$" + at + b"200.00"
    reader = ReceiptReader(profile.columns)
    reader.feed(escpos.job_start(profile) + data + b"\n")
    assert reader.receipts[0].text(48) == line + "\n" and reader.problems == []


def test_character_outside_the_printer_font_keeps_its_width():
    assert escpos.gb18030_text("𠀀a") == b"\x1c&" + "？".encode("gb18030") + b"\x1c.a"


def test_styles_use_gs_excl_esc_e_esc_a_and_cut():
    data = escpos.encode(short_receipt(), profile_for(58), TZ)
    assert data.startswith(b"\x1b@\x1c&\x1ba\x01\x1d!\x11\x1bE\x01")  # title: centre, 2×2, bold
    assert data.endswith(b"\x1dV\x42\x04")  # feed 4 lines, partial cut


def test_qr_is_native_model_2():
    assert escpos.qr("T1", 6) == bytes.fromhex(
        "1d286b0400314132 00"  # fn165 model 2
        "1d286b03003143 06"  # fn167 module 6
        "1d286b03003145 31"  # fn169 error level M
        "1d286b0500315030 5431"  # fn180 store "T1" (pL = 2 + 3)
        "1d286b0300315130"  # fn181 print
    )


def test_raster_bands_are_at_most_255_rows():
    profile = profile_for(80, "raster")
    data = escpos.encode(service_receipt(), profile, TZ)
    reader = ReceiptReader(profile.columns)
    reader.feed(data)
    images = [i for i in reader.receipts[0].items if isinstance(i, RasterImage)]
    assert len(images) > 2
    assert all(i.image.height <= 255 and i.image.width == 576 for i in images)
    assert reader.problems == []
    assert not any(isinstance(i, TextLine) for i in reader.receipts[0].items)  # no text sent


def test_raster_qr_when_the_printer_has_no_native_qr():
    profile = profile_for(58, "text", qr=False)
    data = escpos.encode(short_receipt(), profile, TZ)
    assert b"\x1d(k" not in data
    assert b"\x1dv0" in data


def test_the_demo_rescue_form_is_shorter_and_reads_back_the_same():
    """Issue #15 item 5: the typical outside-service form at 80 mm was 2,161 bytes, then 1,672;
    rules and fill lines as wide line characters and tab stops brought it to 1,473, and the QR
    code without a caption repeating the number printed above it to 1,450: the issue's goal.
    The virtual printer's reader gives the preview's text from those bytes."""
    from tests.printers.sample_docs import typical_outside_service

    doc = typical_outside_service()
    profile = profile_for(80)
    data = escpos.encode(doc, profile, TZ)
    assert len(data) <= 1450
    reader = ReceiptReader(profile.columns)
    reader.feed(data)
    assert reader.problems == []
    assert reader.receipts[0].text(profile.columns) == render_text(doc, profile.columns, TZ)


def test_a_rule_is_three_box_characters_eight_times_as_wide():
    profile = profile_for(80)
    rule = "─" * 24  # 48 columns
    data = escpos._line_bytes(rule, profile, 1)
    assert data == b"\x1d!\x70" + "───".encode("gb18030") + b"\x1d!\x00"
    reader = ReceiptReader(profile.columns)
    reader.feed(escpos.job_start(profile) + data + b"\n")
    assert reader.receipts[0].text(48) == rule + "\n" and reader.problems == []


def test_a_fill_line_is_fewer_wider_underscores_ending_at_the_same_column():
    profile = profile_for(80)
    line = "用户签字：" + "_" * 38
    data = escpos._line_bytes(line, profile, 1)
    assert data == ("用户签字：".encode("gb18030") + b"\x1d!\x70____"  # 4 × 8 columns
                    + b"\x1d!\x50_" + b"\x1d!\x00")  # and one 6 columns wide
    reader = ReceiptReader(profile.columns)
    reader.feed(escpos.job_start(profile) + data + b"\n")
    assert reader.receipts[0].text(48) == line + "\n" and reader.problems == []


def test_gaps_in_tables_jump_by_tab_stops_on_the_same_dots():
    lines = [TextLine("费用" + " " * 21 + "保内" + " " * 13 + "保外"),
             TextLine("合计" + " " * 19 + "218.00" + " " * 13 + "0.00")]
    profile = profile_for(80)
    stops = escpos.choose_tab_stops(lines)
    assert stops
    data = escpos.encode_lines(lines, profile)
    assert data.startswith(escpos.job_start(profile) + escpos.tab_stops(stops))
    assert b"\t" in data and b"   " not in data
    reader = ReceiptReader(profile.columns)
    reader.feed(data)
    assert reader.receipts[0].text(48) == "".join(line.text + "\n" for line in lines)
    assert reader.problems == []
    assert escpos.choose_tab_stops([TextLine("a  b")]) == ()  # 2 spaces: tabs do not pay
