"""The receipt on screen before it prints: the paper the printer gives for the very bytes the
queue will send (read back and drawn by `printers.paper`, as the virtual printer draws what it
printed), at the printer's width in dots — text, sizes, alignment and the real QR code."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


class ReceiptView(QLabel):
    """The paper, dot for dot."""

    def __init__(self, preview: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptView")
        image = QImage(preview.image, preview.width, preview.height, preview.width,
                       QImage.Format.Format_Grayscale8).copy()  # own the pixels
        self.image = image
        self.setPixmap(QPixmap.fromImage(image))
        self.setFixedSize(image.size())
        self.text_printed: str = preview.text


class PreviewDialog(QDialog):
    """Signals:
        print_requested(): print this document on the receipt printer.
        pdf_requested(): save it as a PDF.
    """

    print_requested = Signal()
    pdf_requested = Signal()

    def __init__(self, title: str, preview: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewDialog")
        self.setWindowTitle(title)
        self.receipt = ReceiptView(preview, self)
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
        self.resize(min(preview.width + 60, 900), 680)

    @property
    def text(self) -> str:
        """What the printer will print, as the virtual printer reads it back."""
        return self.receipt.text_printed
