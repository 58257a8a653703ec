"""The bundled CJK font: TrueType, licensed, small enough, and covering what forms print."""

from __future__ import annotations

import subprocess
import sys

from fontTools.ttLib import TTFont

from forms.fonts import CJK_FONT_FAMILY, cjk_font_path

RARE_SURNAMES = "亓佘冼覃禤邝仝隗昝璩缑郗逄訾笪"
NAME_CHARACTERS = "堃喆赟昇犇淼珺玥婧鑫焱垚"
FORM_SYMBOLS = "：，。、（）《》“”—…·￥℃№①②③×"


def _cmap() -> dict[int, str]:
    with TTFont(str(cjk_font_path()), lazy=True) as font:
        return font.getBestCmap()


def _gb2312_hanzi() -> set[int]:
    out = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return out


def test_font_is_truetype_with_a_licence_beside_it():
    path = cjk_font_path()
    with TTFont(str(path), lazy=True) as font:
        assert "glyf" in font  # reportlab refuses PostScript (CFF) outlines
        assert font["name"].getDebugName(1) == CJK_FONT_FAMILY
    licence = path.with_name("LICENSE-wqy-microhei.txt").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0" in licence
    assert path.with_name("make_subset.py").exists()
    assert path.stat().st_size < 4_000_000


def test_font_covers_gb2312_and_rare_surnames():
    cmap = _cmap()
    missing = [chr(c) for c in _gb2312_hanzi() if c not in cmap]
    assert missing == [], "".join(missing)
    for ch in RARE_SURNAMES + NAME_CHARACTERS + FORM_SYMBOLS:
        assert ord(ch) in cmap, ch
    # every character GBK can encode in the CJK unified block
    gbk = [c for c in range(0x4E00, 0x9FA6) if chr(c).encode("gbk", "ignore")]
    assert all(c in cmap for c in gbk)


def test_forms_import_no_qt_database_network_or_serial():
    code = (
        "import sys, forms, forms.pdf, forms.layout, forms.outside_service, forms.appointment,"
        " forms.job_sheet, forms.fonts;"
        " bad = [m for m in ('PySide6', 'peewee', 'httpx', 'serial') if m in sys.modules];"
        " print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
