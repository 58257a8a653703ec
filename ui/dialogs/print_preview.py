"""The receipt on screen before it prints: the same document laid out by the same code as the
printer's, drawn on a column grid (a Chinese character takes two columns, as on paper)."""

from __future__ import annotations

from datetime import tzinfo

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forms.document import Document
from forms.layout import QrLine, TextLine, layout, line_text
from forms.textwidth import char_width, display_width


class ReceiptView(QWidget):
    """Paints the laid-out lines of a document like a paper roll."""

    def __init__(self, document: Document, columns: int, zone: tzinfo, font: QFont,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptView")
        self._lines = layout(document, columns, zone)
        self._columns = columns
        self._font = QFont(font)
        metrics = QFontMetricsF(self._font)
        self._cell = max(metrics.horizontalAdvance("M"), metrics.horizontalAdvance("中") / 2)
        self._line_h = metrics.height() * 1.15
        self._margin = 16.0
        self.text = "\n".join(line_text(line, columns) for line in self._lines) + "\n"

    def sizeHint(self) -> QSize:  # noqa: N802
        height = sum(self._line_h * (line.scale if isinstance(line, TextLine) else 4)
                     for line in self._lines)
        return QSize(int(self._cell * self._columns + 2 * self._margin),
                     int(height + 2 * self._margin))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QColor("#111"))
        y = self._margin
        for line in self._lines:
            if isinstance(line, QrLine):
                size = self._line_h * 3.5
                x = self._margin + (self._cell * self._columns - size) / 2
                painter.drawRect(QRectF(x, y, size, size))
                painter.drawText(QRectF(x, y, size, size), Qt.AlignmentFlag.AlignCenter, "QR")
                y += self._line_h * 4
                continue
            font = QFont(self._font)
            font.setBold(line.bold)
            if line.scale > 1:
                font.setPointSizeF(self._font.pointSizeF() * line.scale)
            painter.setFont(font)
            cell = self._cell * line.scale
            room = self._columns - display_width(line.text) * line.scale
            col = {"center": room // 2, "right": room}.get(line.align, 0)
            x = self._margin + col * self._cell
            for ch in line.text:
                w = char_width(ch)
                painter.drawText(QRectF(x, y, cell * w, self._line_h * line.scale),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, ch)
                x += cell * w
            y += self._line_h * line.scale
        painter.end()


class PreviewDialog(QDialog):
    """Signals:
        print_requested(): print this document on the receipt printer.
        pdf_requested(): save it as a PDF.
    """

    print_requested = Signal()
    pdf_requested = Signal()

    def __init__(self, title: str, document: Document, columns: int, zone: tzinfo, font: QFont,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewDialog")
        self.setWindowTitle(title)
        self.receipt = ReceiptView(document, columns, zone, font, self)
        scroll = QScrollArea(self)
        scroll.setWidget(self.receipt)
        scroll.setWidgetResizable(False)
        scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll.setStyleSheet("QScrollArea { background: #9e9e9e; }")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        print_button = QPushButton(self.tr("Print"), self)
        print_button.setObjectName("previewPrint")
        pdf_button = QPushButton(self.tr("Save as PDF…"), self)
        pdf_button.setObjectName("previewPdf")
        buttons.addButton(print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        print_button.clicked.connect(self.print_requested)
        pdf_button.clicked.connect(self.pdf_requested)
        buttons.rejected.connect(self.reject)
        layout_ = QVBoxLayout(self)
        layout_.addWidget(scroll, 1)
        layout_.addWidget(buttons)
        hint = self.receipt.sizeHint()
        self.resize(min(hint.width() + 60, 900), 720)

    @property
    def text(self) -> str:
        return self.receipt.text
