"""The console follows a language switch: its screens are built again in the new language,
on the same tab, still loaded."""

from __future__ import annotations


def test_the_console_follows_a_switch_to_chinese_and_back(open_console, seeded, qtbot, qt_app,
                                                         english):
    window = open_console(seeded.tokens["admin"])
    window.start()
    assert window.tabs.tabText(0) == "Dispatch board"
    window.tabs.setCurrentIndex(1)
    qt_app.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "调度看板", timeout=5000)
    assert window.tabs.currentIndex() == 1
    assert "呼叫中心" in window.windowTitle()
    assert window.audit is not None and window.tabs.currentWidget() is window.audit
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0, timeout=10_000)
    qt_app.set_language("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Dispatch board", timeout=5000)
    qtbot.waitUntil(lambda: window.ctx.runner.pending == 0, timeout=10_000)
