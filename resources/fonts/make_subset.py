"""Make the bundled CJK font: a TrueType subset of WenQuanYi Micro Hei (Apache-2.0).

How it was made (run from the repository root, needs fontTools and Debian's fonts-wqy-microhei):

    .venv/bin/python resources/fonts/make_subset.py [/usr/share/fonts/truetype/wqy/wqy-microhei.ttc]

What is kept: the first face (proportional "WenQuanYi Micro Hei") with every Chinese character
the source font has — all of GB2312 and GBK's CJK range U+4E00–U+9FA5 (and the few beyond),
so rare surname characters such as 亓 佘 冼 覃 禤 邝 仝 隗 print — plus Latin, Greek and
Cyrillic (GB2312 has them), punctuation, CJK symbols, full-width forms, box drawing, circled
numbers and the other symbols a form uses. Dropped: Hangul (≈11,000 glyphs), the Mono face,
hinting and OpenType layout tables. The outlines stay TrueType (glyf), which reportlab embeds.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
TARGET = Path(__file__).with_name("wqy-microhei-subset.ttf")

KEEP_RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x024F),  # Latin
    (0x02C6, 0x02DD),  # spacing modifiers (ˇ ˉ ˊ ˋ ˙)
    (0x0370, 0x03FF),  # Greek
    (0x0400, 0x04FF),  # Cyrillic
    (0x2000, 0x206F),  # general punctuation (— ‘ ’ “ ” … ‰ ※)
    (0x20A0, 0x20CF),  # currency
    (0x2100, 0x218F),  # letterlike (℃ № ™) and number forms (Ⅰ Ⅱ)
    (0x2190, 0x22FF),  # arrows, mathematical operators
    (0x2460, 0x24FF),  # enclosed alphanumerics (① ⑴ ⒈)
    (0x2500, 0x25FF),  # box drawing, blocks, geometric shapes (□ ■ ○ ●)
    (0x2600, 0x26FF),  # miscellaneous symbols (★ ☆ ☎)
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # kana (GB2312 has them)
    (0x3100, 0x312F),  # bopomofo
    (0x31C0, 0x31EF),  # CJK strokes
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility (㈠ ㎞ ㎏)
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)

MUST_HAVE = "亓佘冼覃禤邝仝隗堃喆赟昇犇淼珺玥外出服务登记表派工单副本￥℃№①"


def wanted(font: TTFont) -> set[int]:
    cmap = font.getBestCmap()
    return {cp for cp in cmap if any(lo <= cp <= hi for lo, hi in KEEP_RANGES)}


def make(source: Path = SOURCE, target: Path = TARGET) -> Path:
    font = TTFont(str(source), fontNumber=0, lazy=False)
    keep = wanted(font)
    missing = [ch for ch in MUST_HAVE if ord(ch) not in keep]
    if missing:
        raise SystemExit(f"the source font lacks {''.join(missing)}")
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM", "GSUB", "GPOS", "GDEF"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    font.save(str(target))
    check = TTFont(str(target))
    assert "glyf" in check, "the subset must keep TrueType outlines"
    print(f"{target}: {len(check.getBestCmap())} characters, {target.stat().st_size:,} bytes")
    return target


if __name__ == "__main__":
    make(Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE)
