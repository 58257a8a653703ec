"""The callback panel (回访): the customer's name and phone large, the script, the outcome, the
five 1–5 scores with their mean, a note; keyboard-driven (R/N/F/O/S outcome, 1–5 scores)."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QDateTime, Qt, QTimeZone, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from station_app import console_wire, wire
from station_app.domain.events import SCORE_NAMES, CallbackOutcome
from ui import labels
from ui.console import texts
from ui.console.audit_model import callback_state, mean_of

OUTCOME_KEYS = {
    CallbackOutcome.REACHED: "R",
    CallbackOutcome.NO_ANSWER: "N",
    CallbackOutcome.REFUSED: "F",
    CallbackOutcome.NOT_OWNER: "O",
    CallbackOutcome.VEHICLE_SOLD: "S",
}
ATTEMPTS = 3


class CallbackPanel(QWidget):
    """Signals:
        changed(): the outcome, a score or the note changed (the verdict buttons follow).
    """

    changed = Signal()

    def __init__(self, zone: tzinfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callbackPanel")
        self._zone = zone
        self.item: console_wire.AuditOrder | None = None
        self.finished = False  # the callback is over for this order (reached or unreachable)
        self.current_score = 0

        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.7)
        big.setBold(True)
        self.customer = QLabel(self)
        self.customer.setObjectName("callbackCustomer")
        self.customer.setFont(big)
        self.phone = QLabel(self)
        self.phone.setObjectName("callbackPhone")
        self.phone.setFont(big)
        self.phone.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phone.setStyleSheet("color: #1565c0;")
        head = QHBoxLayout()
        head.addWidget(self.customer)
        head.addStretch(1)
        head.addWidget(self.phone)

        self.script = QTextBrowser(self)
        self.script.setObjectName("callbackScript")
        self.script.setOpenLinks(False)
        self.script.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.state = QLabel(self)
        self.state.setObjectName("callbackState")
        self.state.setWordWrap(True)

        outcome_box = QGroupBox(self.tr("Outcome"), self)
        self.outcomes = QButtonGroup(self)
        grid = QGridLayout(outcome_box)
        self.outcome_buttons: dict[CallbackOutcome, QRadioButton] = {}
        for i, outcome in enumerate(CallbackOutcome):
            button = QRadioButton(f"{texts.callback_outcome(outcome)} ({OUTCOME_KEYS[outcome]})",
                                  outcome_box)
            button.setObjectName(f"outcome_{outcome.value}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.outcomes.addButton(button, i)
            self.outcome_buttons[outcome] = button
            grid.addWidget(button, 0, i)
        self.outcomes.buttonToggled.connect(self._outcome_toggled)

        checked = "QToolButton:checked { background: #1565c0; color: white; font-weight: bold; }"
        self.scores_box = QGroupBox(self.tr("Satisfaction (1 very dissatisfied … 5 very "
                                            "satisfied; keys 1–5)"), self)
        scores_grid = QGridLayout(self.scores_box)
        scores_grid.setVerticalSpacing(4)
        scores_grid.setHorizontalSpacing(4)
        scores_grid.setColumnMinimumWidth(6, 24)
        self.score_labels: list[QLabel] = []
        self.score_groups: list[QButtonGroup] = []
        for i, name in enumerate(SCORE_NAMES):
            row, block = i // 2, (i % 2) * 7  # two per row, in the order the keys fill them
            label = QLabel(texts.score_name(name), self.scores_box)
            self.score_labels.append(label)
            scores_grid.addWidget(label, row, block)
            group = QButtonGroup(self)
            group.setExclusive(True)
            for value in range(1, 6):
                b = QToolButton(self.scores_box)
                b.setText(str(value))
                b.setCheckable(True)
                b.setObjectName(f"score_{name}_{value}")
                b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                b.setMinimumWidth(28)
                b.setStyleSheet(checked)
                group.addButton(b, value)
                scores_grid.addWidget(b, row, block + value)
            group.idClicked.connect(lambda _v, r=i: self._score_clicked(r))
            self.score_groups.append(group)
        self.mean = QLabel(self.scores_box)
        self.mean.setObjectName("callbackMean")
        mean_font = QFont(self.font())
        mean_font.setBold(True)
        mean_font.setPointSizeF(mean_font.pointSizeF() * 1.3)
        self.mean.setFont(mean_font)
        scores_grid.addWidget(self.mean, 2, 7, 1, 6)

        self.note = QLineEdit(self)
        self.note.setObjectName("callbackNote")
        self.note.setPlaceholderText(self.tr("What the customer said"))
        self.note.textChanged.connect(lambda _t: self.changed.emit())
        # An attempt made earlier, entered from the phone log (not in the future, not before
        # the completion: the call center checks).
        self.earlier = QCheckBox(self.tr("Called earlier, at"), self)
        self.earlier.setObjectName("callbackEarlier")
        self.when = QDateTimeEdit(self)
        self.when.setObjectName("callbackTime")
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setEnabled(False)
        self.earlier.toggled.connect(self.when.setEnabled)
        when_row = QHBoxLayout()
        when_row.addWidget(self.earlier)
        when_row.addWidget(self.when)
        when_row.addStretch(1)
        self.limit = QLabel(self)
        self.limit.setObjectName("callbackLimit")

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.script, 1)
        layout.addWidget(self.state)
        layout.addWidget(outcome_box)
        layout.addWidget(self.scores_box)
        layout.addWidget(self.note)
        layout.addLayout(when_row)
        layout.addWidget(self.limit)
        self.show_order(None)

    # -- showing an order ------------------------------------------------------------------

    def show_order(self, item: console_wire.AuditOrder | None) -> None:
        self.item = item
        self._reset_inputs()
        if item is None:
            self.customer.setText("")
            self.phone.setText("")
            self.script.clear()
            self.state.setText("")
            self.limit.setText("")
            self.setEnabled(False)
            return
        self.setEnabled(True)
        self.customer.setText(item.order.customer.name)
        self.phone.setText(item.customer_phone)
        self.script.setHtml(texts.callback_script(item, self._zone))
        state, event, unreached = callback_state(item)
        self.finished = state != "pending"
        if state == "reached" and event is not None:
            text = self.tr("Callback done: reached, mean %1 (%2)").replace(
                "%1", f"{mean_of(event) or 0:.2f}").replace(
                "%2", texts.scores_text(event.payload.get("scores") or {}))
            self._show_scores(event.payload.get("scores") or {})
        elif state == "unreachable" and event is not None:
            text = self.tr("Callback ended: unreachable (%1) after %n attempt(s)", "",
                           unreached).replace(
                "%1", texts.callback_outcome(event.payload.get("outcome", "")))
        else:
            text = self.tr("Unreached attempts in the last 7 days: %1 of %2").replace(
                "%1", str(unreached)).replace("%2", str(ATTEMPTS))
        self.state.setText(text)
        self.limit.setText(self._limit_text(item))
        for button in self.outcome_buttons.values():
            button.setEnabled(not self.finished)
        self.note.setEnabled(not self.finished)
        self._update_scores_enabled()

    def _limit_text(self, item: console_wire.AuditOrder) -> str:
        d = next((x for x in item.deadlines if x.name == "callback"), None)
        if d is None:
            return ""
        due = d.due_at.astimezone(self._zone).strftime("%m-%d %H:%M")
        text = self.tr("Callback limit %1: due %2 (%3)")
        return text.replace("%1", texts.limit_text(d.limit)).replace("%2", due).replace(
            "%3", labels.sla_state(d.state))

    def called_at(self) -> datetime | None:
        """The time of the call when it was made earlier; None: now."""
        if not self.earlier.isChecked():
            return None
        return datetime.fromtimestamp(self.when.dateTime().toSecsSinceEpoch(), UTC)

    def _reset_inputs(self) -> None:
        self.earlier.setChecked(False)
        self.when.setTimeZone(QTimeZone(str(self._zone).encode()))
        self.when.setDateTime(QDateTime.currentDateTime())
        self.outcomes.setExclusive(False)
        for b in self.outcomes.buttons():
            b.setChecked(False)
        self.outcomes.setExclusive(True)
        self._show_scores({})
        self.note.clear()
        self.current_score = 0
        self._mark_current()

    def _show_scores(self, scores: dict[str, int]) -> None:
        for name, group in zip(SCORE_NAMES, self.score_groups, strict=True):
            group.setExclusive(False)
            for b in group.buttons():
                b.setChecked(group.id(b) == scores.get(name))
            group.setExclusive(True)
        self._update_mean()

    # -- input -----------------------------------------------------------------------------

    def outcome(self) -> CallbackOutcome | None:
        checked = self.outcomes.checkedId()
        return list(CallbackOutcome)[checked] if checked >= 0 else None

    def set_outcome(self, outcome: CallbackOutcome) -> None:
        if self.finished or self.item is None:
            return
        self.outcome_buttons[outcome].setChecked(True)

    def set_score(self, value: int, row: int | None = None) -> None:
        """Score the current indicator (or ``row``) and move to the next one."""
        if not self.scores_box.isEnabled():
            return
        row = self.current_score if row is None else row
        button = self.score_groups[row].button(value)
        if button is not None:
            button.setChecked(True)
        self.current_score = min(row + 1, len(SCORE_NAMES) - 1)
        self._mark_current()
        self._update_mean()
        self.changed.emit()

    def scores(self) -> wire.Scores | None:
        values = [g.checkedId() for g in self.score_groups]
        if any(v < 1 for v in values):
            return None
        return wire.Scores(**dict(zip(SCORE_NAMES, values, strict=True)))

    def pending(self) -> bool:
        """An outcome is chosen but not yet recorded."""
        return not self.finished and self.outcome() is not None

    def ready(self) -> bool:
        outcome = self.outcome()
        if outcome is None:
            return False
        declined = self.item is not None and self.item.status == "declined"
        # a declined order's reached callback confirms the customer agreed: no scores
        return outcome is not CallbackOutcome.REACHED or declined or self.scores() is not None

    def _score_clicked(self, row: int) -> None:
        self.current_score = min(row + 1, len(SCORE_NAMES) - 1)
        self._mark_current()
        self._update_mean()
        self.changed.emit()

    def _outcome_toggled(self, *_args: object) -> None:
        self._update_scores_enabled()
        self.changed.emit()

    def _update_scores_enabled(self) -> None:
        reached = self.outcome() is CallbackOutcome.REACHED
        self.scores_box.setEnabled(reached and not self.finished)

    def _mark_current(self) -> None:
        for i, label in enumerate(self.score_labels):
            font = label.font()
            font.setBold(i == self.current_score)
            label.setFont(font)

    def _update_mean(self) -> None:
        values = [g.checkedId() for g in self.score_groups if g.checkedId() > 0]
        if not values:
            self.mean.setText(self.tr("Mean: —"))
            return
        mean = sum(values) / len(values)
        text = self.tr("Mean: %1").replace("%1", f"{mean:.2f}")
        if len(values) < len(SCORE_NAMES):
            text += " " + self.tr("(%1 of 5 scored)").replace("%1", str(len(values)))
        self.mean.setText(text)
