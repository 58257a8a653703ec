"""The console's Chinese catalogue is complete: every string in the sources is in
console_zh_CN.ts with a translation, the .qm is compiled from it, and the console speaks
Chinese when asked."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from resources import build_translations
from ui import i18n

TS = build_translations.ts_path("console", "zh_CN")


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    out = {}
    for ctx in ET.parse(path).getroot():
        name = ctx.findtext("name") or ""
        for m in ctx.findall("message"):
            out[(name, m.findtext("source") or "")] = m
    return out


def test_every_console_string_has_a_chinese_translation():
    messages = _messages(TS)
    assert len(messages) > 100
    missing = [k for k, m in messages.items()
               if m.find("translation").get("type") in ("unfinished", "obsolete", "vanished")
               or not _text(m).strip()]
    assert missing == []
    for (_ctx, source), m in messages.items():
        for marker in ("%1", "%2", "%3", "%n"):
            assert (marker in source) == (marker in _text(m)), source


def _text(m: ET.Element) -> str:
    """The translation; a "%n" text's plural forms (Chinese has one) joined."""
    forms = [f.text or "" for f in m.iter("numerusform")]
    return " ".join(forms) if forms else m.findtext("translation") or ""


def test_the_catalogue_covers_the_sources(tmp_path):
    if shutil.which("pyside6-lupdate") is None and build_translations.tool(
            "pyside6-lupdate") is None:
        pytest.fail("pyside6-lupdate is missing (it comes with PySide6-Essentials)")
    fresh = build_translations.lupdate("console", "zh_CN", target=tmp_path / "fresh.ts")
    assert set(_messages(fresh)) == set(_messages(TS))


def test_the_compiled_catalogue_is_installed_with_the_stations():
    assert i18n.qm_path("zh_CN", "console").exists()
    assert i18n.qm_path("zh_CN", "console") in i18n.catalogs("zh_CN")
    assert TS.stat().st_mtime <= i18n.qm_path("zh_CN", "console").stat().st_mtime + 1


def test_the_console_speaks_chinese(open_console, seeded, qtbot, chinese):
    window = open_console(seeded.tokens["admin"])
    assert window.windowTitle() == "呼叫中心控制台 — 管理员"
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["调度看板", "审核", "统计报表"]
    assert window.audit.close_button.text().startswith("审核关单")
    qtbot.waitUntil(lambda: window.audit.model.rowCount() == 4, timeout=10_000)
    qtbot.waitUntil(lambda: window.audit.current() is not None, timeout=10_000)
    script = window.audit.panel.script.toPlainText()
    assert "开场白" in script and "结束语" in script and "服务技能" in script
