"""Every interface string is translated into Simplified Chinese, the catalogue matches the
code, and the compiled .qm matches the catalogue."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from resources import build_translations as bt
from ui import i18n

TS = bt.ts_path("station", "zh_CN")


def messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(path).getroot()
    out = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name")
        for m in ctx.iter("message"):
            out[(name, m.findtext("source"))] = m
    return out


def test_every_string_has_a_finished_chinese_translation():
    problems = []
    for (ctx, source), message in messages(TS).items():
        tr = message.find("translation")
        kind = tr.get("type")
        forms = [f.text or "" for f in tr.iter("numerusform")]
        if forms:  # a "%n" text: Chinese has one plural form, and no "(s)"
            if kind or len(forms) != 1 or "%n" not in forms[0] or "(s)" in forms[0]:
                problems.append(f"{ctx}: {source!r} plural forms {forms!r}")
            continue
        if kind in ("unfinished", "obsolete", "vanished") or not (tr.text or "").strip():
            problems.append(f"{ctx}: {source!r} ({kind or 'empty'})")
        elif source.count("%1") != tr.text.count("%1") or source.count("%2") != tr.text.count(
                "%2"):
            problems.append(f"{ctx}: {source!r} placeholders differ in {tr.text!r}")
    assert problems == []


def test_the_catalogue_holds_every_string_of_the_code(tmp_path):
    fresh = bt.lupdate("station", "zh_CN", target=tmp_path / "fresh.ts")
    in_code = set(messages(fresh))
    committed = set(messages(TS))
    assert sorted(in_code - committed) == [], "run: python -m resources.build_translations " \
        "--update, then translate the new strings"
    assert sorted(committed - in_code) == [], "strings no longer in the code"


def test_the_compiled_catalogue_is_up_to_date(tmp_path):
    ts = tmp_path / TS.name
    ts.write_bytes(TS.read_bytes())
    qm = bt.lrelease(ts)
    assert qm.read_bytes() == i18n.qm_path("zh_CN").read_bytes()


def test_the_english_catalogues_hold_the_plural_forms(tmp_path):
    """English is the source language; its catalogues hold only the "%n" texts, each with a
    singular and a plural form, and match the code."""
    for catalog in bt.CATALOGS:
        committed = bt.ts_path(catalog, "en")
        fresh = bt.lupdate(catalog, "en", target=tmp_path / f"{catalog}_en.ts")
        assert set(messages(fresh)) == set(messages(committed)), catalog
        for (ctx, source), message in messages(committed).items():
            forms = [f.text or "" for f in message.iter("numerusform")]
            assert len(forms) == 2 and "(s)" not in "".join(forms), (ctx, source)
            assert all("%n" in f for f in forms), (ctx, source)
        ts = tmp_path / committed.name
        ts.write_bytes(committed.read_bytes())
        assert bt.lrelease(ts).read_bytes() == i18n.qm_path("en", catalog).read_bytes()


def test_chinese_is_installed_and_english_is_the_source(qt_app):
    qt_app.set_language("zh_CN")
    try:
        assert QCoreApplication.translate("Labels", "Rescue") == "求援"
        assert QCoreApplication.translate("Labels", "Outside-service form") == "外出服务登记表"
    finally:
        qt_app.set_language("en")
    assert QCoreApplication.translate("Labels", "Rescue") == "Rescue"


def test_language_follows_the_system_by_default():
    from PySide6.QtCore import QLocale
    assert i18n.resolve("", QLocale(QLocale.Language.Chinese, QLocale.Country.China)) == "zh_CN"
    assert i18n.resolve("", QLocale(QLocale.Language.English)) == "en"
    assert i18n.resolve("en", QLocale(QLocale.Language.Chinese)) == "en"


def test_bundled_cjk_font_is_loaded(qt_app):
    from PySide6.QtGui import QFontMetrics
    assert qt_app.cjk_family
    assert qt_app.cjk_family in qt_app.app.font().families()
    assert QFontMetrics(qt_app.app.font()).inFont("服")
