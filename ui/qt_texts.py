"""Qt's own texts that the ``qtbase_zh_CN.qm`` bundled with PySide6 lacks: Qt 6's file dialog
asks for "&Look in:" and "Files of &type:", and that catalogue has only the older wording
without "&". Named here, in Qt's own context, so lupdate puts them into our catalogue, where
Qt finds them when its own has nothing (tests/ui/test_all_chinese.py opens the dialog)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP

QT_TEXTS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
