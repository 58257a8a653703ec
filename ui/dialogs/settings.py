"""Settings: the station and its link to the call center, the receipt printer, the language
and the business calendar. Every value is checked by the same rules the core applies, with the
message at the field; saving is one transaction and takes effect without a restart."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from printers.config import BAUD_RATES, FLOW_CONTROLS, PrinterConfig
from station_app import settings as core_settings
from station_app.domain.calendar import BusinessCalendar
from station_app.domain.errors import DomainError
from ui.dialogs.enrol_box import EnrolBox
from ui.dialogs.field_errors import FieldErrors
from ui.dialogs.zone_box import ZoneBox

# what each "print mode" choice stores (README: "Picking a printer profile")
PROFILE_CHOICES: dict[str, dict[str, str]] = {
    "text": {"mode": "text", "encoding": "gb18030", "chinese_mode": "once"},
    "gbk": {"mode": "text", "encoding": "gbk", "chinese_mode": "switch"},
    "raster": {"mode": "raster", "encoding": "gb18030", "chinese_mode": "once"},
}
LANGUAGE_CHOICES = (("", None), ("zh_CN", "简体中文"), ("en", "English"))


class SettingsDialog(QDialog):
    """Signals:
        test_print_requested(): the clerk pressed "Test print" (with the settings as saved).
        find_printer_requested(): the clerk pressed "Find printer" (answer with `set_found`).
        save_requested(dict, str): the values (and token) passed the checks here; the owner
            saves them and calls `saved()` or `show_errors()`.
        enrol_requested(str, str, str, str): server address, station code, enrolment code and
            this PC's name, checked here; the owner enrols and calls `enrolled()` or
            `enrol_failed()`.
    """

    test_print_requested = Signal()
    find_printer_requested = Signal()
    save_requested = Signal(dict, str)
    enrol_requested = Signal(str, str, str, str)

    def __init__(self, values: dict[str, Any], language: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("Settings"))
        self._language = language
        self._result: tuple[dict[str, Any], str | None] | None = None
        self.errors = FieldErrors(self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._station_tab(values), self.tr("Station"))
        self.tabs.addTab(self._printer_tab(values.get("printer") or {}), self.tr("Printer"))
        self.tabs.addTab(self._calendar_tab(values["calendar"]), self.tr("Business calendar"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.resize(640, 560)

    # -- tabs ---------------------------------------------------------------------------

    def _station_tab(self, v: dict[str, Any]) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        e = self.errors
        self.station_code = QLineEdit(v.get("station_code", ""), tab)
        self.station_code.setObjectName("station_code")
        self.station_code.setMaxLength(5)
        self.station_name = QLineEdit(v.get("station_name", ""), tab)
        self.station_name.setObjectName("station_name")
        self.user = QLineEdit(v.get("user", ""), tab)
        self.user.setObjectName("user")
        self.server_url = QLineEdit(v.get("server_url", ""), tab)
        self.server_url.setObjectName("server_url")
        self.server_url.setPlaceholderText("https://callcenter.example.com")
        self.token = QLineEdit(v.get("token", ""), tab)
        self.token.setObjectName("token")
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.timezone = ZoneBox(v.get("timezone", ""), tab)
        self.timezone.setObjectName("timezone")
        self.due_soon = QSpinBox(tab)
        self.due_soon.setObjectName("due_soon_minutes")
        self.due_soon.setRange(1, 24 * 60)
        self.due_soon.setValue(int(v.get("due_soon_minutes", 30)))
        self.due_soon.setSuffix(self.tr(" min"))
        self.language = QComboBox(tab)
        self.language.setObjectName("language")
        for code, name in LANGUAGE_CHOICES:
            self.language.addItem(name or self.tr("Follow the system"), code)
        self.language.setCurrentIndex(max(0, self.language.findData(v.get("language", ""))))
        e.add_row(form, "station_code", self.tr("Station ERP code"), self.station_code)
        e.add_row(form, "station_name", self.tr("Station name"), self.station_name)
        e.add_row(form, "user", self.tr("Clerk (who records)"), self.user)
        e.add_row(form, "server_url", self.tr("Call center address"), self.server_url)
        e.add_row(form, "token", self.tr("Station token"), self.token)
        self.enrol = EnrolBox(v.get("device_name", ""), tab)
        self.enrol.requested.connect(self._enrol_clicked)
        form.addRow(self.tr("Enrolment code"), self.enrol)
        e.add_row(form, "timezone", self.tr("Time zone"), self.timezone)
        e.add_row(form, "due_soon_minutes", self.tr("\"Due soon\" within"), self.due_soon)
        e.add_row(form, "language", self.tr("Language"), self.language)
        return tab

    def _printer_tab(self, p: dict[str, Any]) -> QWidget:
        tab = QWidget(self)
        form = QFormLayout(tab)
        self.port = QComboBox(tab)
        self.port.setObjectName("port")
        self.port.setEditable(True)
        self.port.setCurrentText(p.get("port", ""))
        self.baud = QComboBox(tab)
        self.baud.setObjectName("baud")
        for rate in BAUD_RATES:
            self.baud.addItem(str(rate), rate)
        self.baud.setCurrentIndex(max(0, self.baud.findData(p.get("baud", 9600))))
        self.flow = QComboBox(tab)
        self.flow.setObjectName("flow")
        flow_names = {"none": self.tr("None"), "rtscts": "RTS/CTS", "dsrdtr": "DSR/DTR",
                      "xonxoff": "XON/XOFF"}
        for flow in FLOW_CONTROLS:
            self.flow.addItem(flow_names[flow], flow)
        self.flow.setCurrentIndex(max(0, self.flow.findData(p.get("flow", "none"))))
        self.paper = QComboBox(tab)
        self.paper.setObjectName("paper")
        self.paper.addItem(self.tr("80 mm"), 80)
        self.paper.addItem(self.tr("58 mm"), 58)
        self.paper.setCurrentIndex(max(0, self.paper.findData(p.get("paper", 80))))
        self.mode = QComboBox(tab)
        self.mode.setObjectName("mode")
        self.mode.addItem(self.tr("Chinese text (GB18030)"), "text")
        self.mode.addItem(self.tr("Chinese text (GBK, older printers)"), "gbk")
        self.mode.addItem(self.tr("Raster image (any printer)"), "raster")
        shown = ("raster" if p.get("mode") == "raster"
                 else "gbk" if p.get("encoding") == "gbk" else "text")
        self.mode.setCurrentIndex(max(0, self.mode.findData(shown)))
        self.cutter = QCheckBox(self.tr("The printer has a cutter"), tab)
        self.cutter.setObjectName("cutter")
        self.cutter.setChecked(bool(p.get("cut", True)))
        self._printer_saved = dict(p)
        self.answers = QComboBox(tab)
        self.answers.setObjectName("answersStatus")
        self.answers.addItem(self.tr("Not known yet (found by the test print)"), None)
        self.answers.addItem(self.tr("Yes: a form is done only when the printer confirms it"),
                             True)
        self.answers.addItem(self.tr("No: forms end as “sent”, the printer cannot confirm"),
                             False)
        self.answers.setCurrentIndex(max(0, self.answers.findData(p.get("answers_status"))))
        self.port.currentTextChanged.connect(self._port_changed)
        self.find_button = QPushButton(self.tr("Find printer"), tab)
        self.find_button.setObjectName("findPrinter")
        self.find_button.clicked.connect(self._find_clicked)
        self.found = QLabel(tab)
        self.found.setObjectName("foundPrinter")
        self.found.setWordWrap(True)
        self.test_button = QPushButton(self.tr("Test print"), tab)
        self.test_button.setObjectName("testPrint")
        self.test_button.clicked.connect(self.test_print_requested)
        e = self.errors
        e.add_row(form, "printer.port", self.tr("Port"), self.port)
        e.add_row(form, "printer.baud", self.tr("Baud rate"), self.baud)
        e.add_row(form, "printer.flow", self.tr("Flow control"), self.flow)
        e.add_row(form, "printer.paper", self.tr("Paper width"), self.paper)
        e.add_row(form, "printer.mode", self.tr("Print mode"), self.mode)
        form.addRow("", self.cutter)
        form.addRow(self.tr("Answers status"), self.answers)
        form.addRow("", self.find_button)
        form.addRow("", self.found)
        form.addRow("", self.test_button)
        note = QLabel(self.tr("Test print uses the saved settings: save first."), tab)
        note.setWordWrap(True)
        form.addRow("", note)
        return tab

    def _port_changed(self, _text: str) -> None:
        if self.port_value() != self._printer_saved.get("port", ""):
            self.answers.setCurrentIndex(0)  # another printer: not known yet

    def _find_clicked(self) -> None:
        self.find_button.setEnabled(False)
        self.found.setText(self.tr("Asking every serial port at 9600, 19200, 38400 and 115200 "
                                   "baud…"))
        self.find_printer_requested.emit()

    def set_found(self, found: list[Any]) -> None:
        """The printers that answered: the first is chosen (port, baud, answers status)."""
        self.find_button.setEnabled(True)
        if not found:
            self.found.setText(self.tr(
                "No printer answered on any port. Check that it is on and its cable is "
                "plugged in; a printer that never answers status can still be used: choose "
                "its port and baud rate by hand."))
            return
        first = found[0]
        self.port.setCurrentText(first.port)
        self.baud.setCurrentIndex(max(0, self.baud.findData(first.baud)))
        self.answers.setCurrentIndex(max(0, self.answers.findData(True)))
        self.found.setText(self.tr("Found a printer on %1 at %2 baud. Save, then print a test "
                                   "page.").replace("%1", first.port)
                           .replace("%2", str(first.baud)))

    def port_value(self) -> str:
        listed = self.port.findText(self.port.currentText())
        port = self.port.itemData(listed) if listed >= 0 else self.port.currentText().strip()
        return str(port or "")

    def set_ports(self, ports: list[Any]) -> None:
        current = self.port.currentText()
        self.port.blockSignals(True)  # the same port, listed: not another printer
        self.port.clear()
        for info in ports:
            said = info.description if info.description not in ("", "n/a") else ""
            label = f"{info.device} — {said}" if said else info.device
            self.port.addItem(label, info.device)
        self.port.setCurrentText(current)
        self.port.blockSignals(False)

    def _calendar_tab(self, cal: dict[str, Any]) -> QWidget:
        tab = QWidget(self)
        layout = QVBoxLayout(tab)
        grid = QGridLayout()
        days = [self.tr("Monday"), self.tr("Tuesday"), self.tr("Wednesday"), self.tr("Thursday"),
                self.tr("Friday"), self.tr("Saturday"), self.tr("Sunday")]
        hours = cal.get("hours", {})
        self.day_open: list[QCheckBox] = []
        self.day_start: list[QTimeEdit] = []
        self.day_end: list[QTimeEdit] = []
        for d, name in enumerate(days):
            window = hours.get(str(d))
            check = QCheckBox(name, tab)
            check.setObjectName(f"day{d}")
            check.setChecked(window is not None)
            start = QTimeEdit(QTime.fromString((window or ["08:00", "20:00"])[0], "HH:mm"), tab)
            end = QTimeEdit(QTime.fromString((window or ["08:00", "20:00"])[1], "HH:mm"), tab)
            for edit in (start, end):
                edit.setDisplayFormat("HH:mm")
            grid.addWidget(check, d, 0)
            grid.addWidget(start, d, 1)
            grid.addWidget(QLabel("–", tab), d, 2)
            grid.addWidget(end, d, 3)
            self.day_open.append(check)
            self.day_start.append(start)
            self.day_end.append(end)
        layout.addLayout(grid)
        form = QFormLayout()
        self.holidays = QPlainTextEdit("\n".join(cal.get("holidays", [])), tab)
        self.holidays.setObjectName("holidays")
        self.holidays.setPlaceholderText("2026-10-01")
        self.makeup_days = QPlainTextEdit("\n".join(cal.get("makeup_days", [])), tab)
        self.makeup_days.setObjectName("makeup_days")
        self._tz = cal.get("tz")
        self._makeup_hours = cal.get("makeup_hours", ["08:00", "20:00"])
        e = self.errors
        e.add_row(form, "calendar", self.tr("Holidays (one date a line)"), self.holidays)
        e.add_row(form, "calendar.makeup_days", self.tr("Make-up working days (调休)"),
                  self.makeup_days)
        e.register("calendar.hours", e.label("calendar"))
        layout.addLayout(form)
        hint = QHBoxLayout()
        hint.addWidget(QLabel(self.tr("Dates as YYYY-MM-DD."), tab))
        layout.addLayout(hint)
        return tab

    # -- enrolment ----------------------------------------------------------------------

    def _enrol_clicked(self, code: str, device_name: str) -> None:
        """The address and station code as typed are checked first (a typo is said before
        the code is spent)."""
        values, _token, errors = self.collect()
        link = {k: m for k, m in errors.items() if k in ("server_url", "station_code")}
        if not values["server_url"] and "server_url" not in link:
            link["server_url"] = self.tr("Type the call center's address first")
        if link:
            self.show_errors(link)
            self.enrol.failed(self.tr("Check the call center address and station code first"))
            return
        self.errors.show({})
        self.enrol.busy()
        self.enrol_requested.emit(values["server_url"], values["station_code"], code,
                                  device_name)

    def enrolled(self, device_name: str, token: str) -> None:
        """Enrolled: this PC's own token is stored and shown (saving keeps it)."""
        self.token.setText(token)
        self.enrol.done(device_name)

    def enrol_failed(self, text: str) -> None:
        self.enrol.failed(text)

    # -- reading and checking -----------------------------------------------------------

    def _dates(self, edit: QPlainTextEdit, field: str, errors: dict[str, str]) -> list[str]:
        out = []
        for line in edit.toPlainText().split():
            try:
                out.append(date.fromisoformat(line.strip()).isoformat())
            except ValueError:
                errors.setdefault(field, self.tr("Not a date: %1").replace("%1", line))
        return out

    def collect(self) -> tuple[dict[str, Any], str, dict[str, str]]:
        """The settings as typed, the token, and the messages for fields that are wrong."""
        errors: dict[str, str] = {}
        values: dict[str, Any] = {
            "station_code": self.station_code.text().strip(),
            "station_name": self.station_name.text(),
            "user": self.user.text(),
            "server_url": self.server_url.text(),
            "timezone": self.timezone.text(),
            "due_soon_minutes": self.due_soon.value(),
            "language": self.language.currentData(),
        }
        for key, value in list(values.items()):
            option = core_settings.OPTIONS[key]
            try:
                values[key] = option.check(value) if option.check else value
            except DomainError as exc:
                errors[key] = exc.message(self._language)
        printer = {**self._printer_saved,  # settings this tab does not show are kept
                   "port": self.port_value(), "baud": self.baud.currentData(),
                   "flow": self.flow.currentData(), "paper": self.paper.currentData(),
                   **PROFILE_CHOICES[self.mode.currentData()], "cut": self.cutter.isChecked(),
                   "answers_status": self.answers.currentData()}
        try:
            if printer["port"]:
                PrinterConfig.from_json(printer)
        except (ValueError, TypeError) as exc:
            errors["printer.port"] = str(exc)
        values["printer"] = printer
        calendar = {
            "tz": self._tz or values.get("timezone") or "Asia/Shanghai",
            "hours": {str(d): [self.day_start[d].time().toString("HH:mm"),
                               self.day_end[d].time().toString("HH:mm")]
                      for d in range(7) if self.day_open[d].isChecked()},
            "holidays": self._dates(self.holidays, "calendar", errors),
            "makeup_days": self._dates(self.makeup_days, "calendar.makeup_days", errors),
            "makeup_hours": self._makeup_hours,
        }
        if not calendar["hours"]:
            errors.setdefault("calendar", self.tr("At least one working day is needed"))
        if "calendar" not in errors:
            try:
                calendar = BusinessCalendar.from_json(calendar).to_json()
            except DomainError as exc:
                errors["calendar"] = exc.message(self._language)
        values["calendar"] = calendar
        token = self.token.text().strip()
        if token and any(c.isspace() for c in token):
            errors["token"] = self.tr("The token cannot contain spaces")
        return values, token, errors

    def result_values(self) -> tuple[dict[str, Any], str | None] | None:
        return self._result

    def show_errors(self, errors: dict[str, str]) -> None:
        self.errors.show(errors)
        for i in range(self.tabs.count()):  # bring the first tab with an error forward
            page = self.tabs.widget(i)
            if page is not None and any(label.isVisible() or label.text() for label in
                   page.findChildren(QLabel) if label.objectName().startswith("error_")
                   and label.text()):
                self.tabs.setCurrentIndex(i)
                break

    def accept(self) -> None:
        values, token, errors = self.collect()
        if errors:
            self.show_errors(errors)
            return
        self._result = (values, token)
        self.save_requested.emit(values, token)

    def saved(self) -> None:
        super().accept()
