"""Counted texts read right (#19 item 9's "(s)" left over): the reprint question says "printed 1
time" / "printed 2 times" in English and "已打印过1次" in Chinese — Qt's plural forms (%n), no
"(s)" — asked through the real window before a reprint to a virtual printer."""

from __future__ import annotations

import pytest

from forms import FormName
from tests.ui import seed
from tests.ui.test_printing import vprinter  # noqa: F401 (the virtual printer fixture)
from tests.ui.test_window import open_order
from ui import services


def _print(qtbot, window, messages, answer: bool | None) -> str:
    if answer is None:
        with qtbot.waitSignal(window.orders.printed, timeout=5000):
            window.orders.print_form(FormName.OUTSIDE_SERVICE)
        return ""
    messages.answers.append(answer)
    with qtbot.waitSignal(window.orders.printed, timeout=5000):
        window.orders.print_form(FormName.OUTSIDE_SERVICE)
    asked = messages.take()
    assert [kind for kind, _ in asked] == ["ask"]
    return asked[0][1]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_the_reprint_question_counts_in_words(qtbot, window, station, ctx, vprinter,  # noqa: F811
                                              messages, qt_app, language):
    qt_app.set_language(language)
    try:
        window.rebuild()
        station.set_settings({"printer": {"port": vprinter.port_name, "paper": 80}})
        services.apply_printer(ctx, station.settings.all())
        oid = seed.issue(station, "rescue", business_no=f"RS-PLURAL-{language[:2].upper()}")
        open_order(qtbot, window, oid)
        _print(qtbot, window, messages, None)
        qtbot.waitUntil(lambda: len(vprinter.cut_receipts) == 1, timeout=10_000)
        qtbot.waitUntil(lambda: any(e.event.type.value == "form_printed"
                                    for e in window.orders.detail.timeline), timeout=5000)
        once = _print(qtbot, window, messages, True)
        qtbot.waitUntil(lambda: len(vprinter.cut_receipts) == 2, timeout=10_000)
        qtbot.waitUntil(lambda: sum(e.event.type.value == "form_printed"
                                    for e in window.orders.detail.timeline) == 2, timeout=5000)
        twice = _print(qtbot, window, messages, True)
        qtbot.waitUntil(lambda: len(vprinter.cut_receipts) == 3, timeout=10_000)
        assert "(s)" not in once + twice
        if language == "en":
            assert "printed 1 time." in once and "printed 2 times." in twice
        else:
            assert "已打印过1次" in once and "已打印过2次" in twice
        qtbot.waitUntil(lambda: window.ctx.runner.pending == 0, timeout=10_000)
    finally:
        qt_app.set_language("en")
