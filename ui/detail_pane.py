"""The order on screen: customer, phone (large, copyable), vehicle, place, statement, live
deadlines, the actions, the timeline, and a banner when the call center cancelled, reassigned
or reopened it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from station_app.domain.kinds import OrderKind
from station_app.domain.lifecycle import Status
from station_app.order_detail import Notice, OrderDetail
from ui import labels, operations
from ui.actions import (
    PRINT_ACTION,
    ActionBar,
    ActionId,
    OrderActions,
    default_form,
    needs_receiving,
)
from ui.inbox_rows import KIND_COLOURS
from ui.sla_badge import SecondTicker, SlaBadge
from ui.timeline import TimelineModel, TimelineView


def _value_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class DetailPane(QWidget):
    def __init__(self, actions: OrderActions, ticker: SecondTicker, zone: Any,
                 due_soon: timedelta, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.detail: OrderDetail | None = None
        self._zone = zone
        self._due_soon = due_soon
        self._badges: list[SlaBadge] = []

        self.empty = QLabel(self.tr("Choose an order on the left"), self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("detailEmpty")

        body = QWidget(self)
        self.banner = QLabel(body)
        self.banner.setObjectName("noticeBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)

        self.kind = QLabel(body)
        self.kind.setObjectName("detailKind")
        self.business_no = QLabel(body)
        self.business_no.setObjectName("detailBusinessNo")
        self.business_no.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.4)
        big.setBold(True)
        self.business_no.setFont(big)
        self.status = QLabel(body)
        self.status.setObjectName("detailStatus")
        head = QHBoxLayout()
        head.addWidget(self.kind)
        head.addWidget(self.business_no)
        head.addStretch(1)
        head.addWidget(self.status)
        self.receive_button = QToolButton(body)
        self.receive_button.setObjectName("receiveButton")
        self.receive_button.setDefaultAction(actions.actions[ActionId.RECEIVE])
        self.receive_button.setToolTip(self.tr(
            "Take this order in: records 已接收 and stops its alert (Enter or Ctrl+R)"))
        self.receive_button.setStyleSheet("QToolButton { background:#2e7d32; color:white;"
                                          " font-weight:bold; padding:4px 12px; }")
        head.addWidget(self.receive_button)

        self.customer = _value_label(body)
        self.phone = _value_label(body)
        self.phone.setObjectName("detailPhone")
        phone_font = QFont(self.font())
        phone_font.setPointSizeF(phone_font.pointSizeF() * 1.8)
        phone_font.setBold(True)
        self.phone.setFont(phone_font)
        self.copy_phone = QToolButton(body)
        self.copy_phone.setDefaultAction(actions.actions[ActionId.COPY_PHONE])
        phone_row = QHBoxLayout()
        phone_row.addWidget(self.phone)
        phone_row.addWidget(self.copy_phone)
        phone_row.addStretch(1)
        self.vehicle = _value_label(body)
        self.place = _value_label(body)
        self.statement = _value_label(body)
        self.issued = _value_label(body)
        self.category = _value_label(body)

        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        form.addRow(self.tr("Customer"), self.customer)
        form.addRow(self.tr("Phone"), phone_row)
        form.addRow(self.tr("Vehicle"), self.vehicle)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("Customer statement"), self.statement)
        form.addRow(self.tr("Issued"), self.issued)
        self._category_label = QLabel(self.tr("Category"), body)
        form.addRow(self._category_label, self.category)

        self.deadlines = QHBoxLayout()
        self.deadlines.setSpacing(8)
        deadline_row = QHBoxLayout()
        deadline_row.addWidget(QLabel(self.tr("Deadlines"), body))
        deadline_row.addLayout(self.deadlines)
        deadline_row.addStretch(1)

        self.action_bar = ActionBar(actions, body)
        self._actions = actions
        self.next_step = QFrame(body)  # after 完工: the usual next step, one key away
        self.next_step.setObjectName("nextStep")
        self.next_step.setStyleSheet("#nextStep { background:#e8f5e9; border:1px solid #2e7d32;"
                                     " }")
        self.next_step_text = QLabel(self.next_step)
        self.next_step_button = QToolButton(self.next_step)
        self.next_step_button.setObjectName("nextStepButton")
        self.next_step_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        step_row = QHBoxLayout(self.next_step)
        step_row.setContentsMargins(8, 4, 8, 4)
        step_row.addWidget(self.next_step_text, 1)
        step_row.addWidget(self.next_step_button)
        self.next_step.setVisible(False)

        self.timeline_model = TimelineModel(zone, self)
        self.timeline = TimelineView(self.timeline_model, body)
        self.timeline.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        line = QFrame(body)
        line.setFrameShape(QFrame.Shape.HLine)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.next_step)
        layout.addLayout(head)
        layout.addLayout(form)
        layout.addLayout(deadline_row)
        layout.addWidget(line)
        layout.addWidget(self.action_bar)
        layout.addWidget(QLabel(self.tr("Timeline"), body))
        layout.addWidget(self.timeline, 1)

        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.empty)
        self._stack.addWidget(body)
        ticker.tick.connect(self._tick)

    def show_detail(self, detail: OrderDetail | None, zone: Any = None) -> None:
        if zone is not None:
            self._zone = zone
        self.detail = detail
        if detail is None:
            self._stack.setCurrentIndex(0)
            self.timeline_model.set_entries([])
            return
        o = detail.order
        kind = OrderKind(o.kind)
        kind_text = labels.kind(kind)
        if o.complaint_level:
            kind_text += f" · {labels.complaint_level(o.complaint_level)}"
        self.kind.setText(kind_text)
        colour = KIND_COLOURS.get(kind, "#757575")
        self.kind.setStyleSheet(f"background:{colour}; color:white; padding:3px 8px;"
                                "border-radius:4px; font-weight:bold;")
        self.business_no.setText(o.business_no)
        self.status.setText(labels.status(detail.state.status or "new"))
        self.customer.setText(o.customer.name)
        self.phone.setText(o.customer.phone)
        v = o.vehicle
        bits = [v.model, v.plate or "", v.vin or "", v.colour]
        if v.mileage_km is not None:
            bits.append(self.tr("%1 km").replace("%1", f"{v.mileage_km:,.0f}"))
        if v.machine_hours is not None:
            bits.append(self.tr("%1 h").replace("%1", f"{v.machine_hours:,.0f}"))
        self.vehicle.setText("  ".join(b for b in bits if b) or "—")
        self.place.setText(o.location or "—")
        self.statement.setText(o.statement or "—")
        issued = o.issued_at.astimezone(self._zone).strftime("%Y-%m-%d %H:%M")
        self.issued.setText(f"{issued}  {o.issued_by}")
        category = " / ".join(c for c in (o.result_category, o.result_detail) if c)
        self.category.setText(category)
        self.category.setVisible(bool(category))
        self._category_label.setVisible(bool(category))
        self.receive_button.setVisible(needs_receiving(detail))
        self._show_next_step(detail)
        self._show_notice(detail)
        self._show_deadlines(detail)
        self.timeline_model.set_entries(detail.timeline, self._zone)
        self.timeline.scrollToBottom()
        self._stack.setCurrentIndex(1)

    def _show_next_step(self, detail: OrderDetail) -> None:
        """Completed and its form not printed yet: offer the print."""
        form = default_form(detail.order.kind)
        due = (detail.state.status is Status.COMPLETED
               and operations.copies_printed(detail, form) == 0)
        self.next_step.setVisible(due)
        if not due:
            return
        action = self._actions.actions[PRINT_ACTION[form]]
        self.next_step_text.setText(self.tr("Completed. Next: print the %1.").replace(
            "%1", labels.form(form)))
        self.next_step_button.setDefaultAction(action)
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.next_step_button.setText(f"{action.text()} ({key})")

    def _show_notice(self, detail: OrderDetail) -> None:
        if detail.notice is None:
            self.banner.setVisible(False)
            return
        text = labels.notice(detail.notice)
        if detail.notice_reason:
            text += self.tr(" — reason: %1").replace("%1", detail.notice_reason)
        self.banner.setText(text)
        colour = "#fde0e0" if detail.notice is not Notice.REOPENED else "#fff1d6"
        self.banner.setStyleSheet(f"background:{colour}; color:#5d1a1a; padding:8px;"
                                  "font-weight:bold; border:1px solid #c62828;")
        self.banner.setVisible(True)

    def _show_deadlines(self, detail: OrderDetail) -> None:
        for badge in self._badges:
            self.deadlines.removeWidget(badge)
            badge.deleteLater()
        self._badges = []
        now = datetime.now(UTC)
        for d in detail.deadlines:
            badge = SlaBadge(labels.deadline(d.name), d.due_at, d.done_at, d.state.value, now,
                             self._due_soon, self)
            due = d.due_at.astimezone(self._zone).strftime("%m-%d %H:%M")
            badge.setToolTip(f"{labels.sla_state(d.state)} · {due}")
            self.deadlines.addWidget(badge)
            self._badges.append(badge)

    def _tick(self) -> None:
        if self.detail is None or not self.isVisible():
            return
        now = datetime.now(UTC)
        for badge in self._badges:
            badge.refresh(now)

    def copy_phone_number(self) -> None:
        if self.detail is not None:
            QGuiApplication.clipboard().setText(self.detail.order.customer.phone)
