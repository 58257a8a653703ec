"""The reviewer's reports: per station for a date range (orders, SLA met, satisfaction, closed,
reopened), charts of SLA compliance per station and the satisfaction trend, CSV export."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QMargins, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from station_app import console_wire
from station_app.console_client import CallCenterClient
from ui.console import report_table
from ui.console.context import ConsoleContext, api
from ui.console.widgets import ChangeFollower, loaded_label, say_loaded, shortcut_button
from ui.file_dialogs import ask_save_path
from ui.item_views import TableView


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _date(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class ReportsWidget(QWidget):
    """Signals:
        loaded(): the report and the trend arrived.
        exported(str): the CSV was written to this path.
    """

    loaded = Signal()
    exported = Signal(str)

    def __init__(self, ctx: ConsoleContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsScreen")
        self.ctx = ctx
        self.report: console_wire.StationsReport | None = None
        self.trend: console_wire.SatisfactionTrend | None = None

        today = ctx.today()
        self.date_from = QDateEdit(_qdate(today - timedelta(days=29)), self)
        self.date_from.setObjectName("reportFrom")
        self.date_to = QDateEdit(_qdate(today), self)
        self.date_to.setObjectName("reportTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.load_button = shortcut_button(self.tr("Load"), "F5", self)
        self.load_button.setObjectName("reportLoad")
        self.export_button = shortcut_button(self.tr("Export CSV"), "Ctrl+E", self)
        self.export_button.setObjectName("reportExport")
        self.export_button.setEnabled(False)
        self.load_button.clicked.connect(self.load)
        self.export_button.clicked.connect(lambda _checked=False: self.export())
        self.policy_button = shortcut_button(self.tr("Time limits"), "Ctrl+L", self)
        self.policy_button.setObjectName("policyButton")
        self.policy_button.clicked.connect(lambda _checked=False: self.show_policy())
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("From"), self))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(self.tr("to"), self))
        bar.addWidget(self.date_to)
        bar.addWidget(self.load_button)
        bar.addStretch(1)
        self.loaded_at = loaded_label(self)
        bar.addWidget(self.loaded_at)
        bar.addWidget(self.export_button)
        bar.addWidget(self.policy_button)

        self.model = QStandardItemModel(self)
        self.table = TableView(self)
        self.table.setObjectName("reportTable")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(90)

        self.sla_chart = QChart()
        self.sla_chart.setTitle(self.tr("SLA compliance per station"))
        self.trend_chart = QChart()
        self.trend_chart.setTitle(self.tr("Satisfaction trend (daily mean)"))
        self.charts: list[QChartView] = []
        for chart in (self.sla_chart, self.trend_chart):
            chart.setMargins(QMargins(4, 4, 4, 4))
            chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
            view = QChartView(chart, self)
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.charts.append(view)
        charts = QSplitter(Qt.Orientation.Horizontal, self)
        for view in self.charts:
            charts.addWidget(view)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(charts)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        self._fill_table()
        # read again when the call center says an order changed (at most every 10 s)
        self.follower = ChangeFollower(self, self.load, min_gap_ms=10_000)

    def show_policy(self) -> None:
        """The table of every time limit in force (GET /v1/sla-policy), with its source."""
        from ui.console.review_dialogs import PolicyDialog

        def shown(table: console_wire.SlaPolicyTable) -> None:
            self.policy_dialog = PolicyDialog(table, self)
            self.policy_dialog.open()

        api(self.ctx, self, lambda c: c.sla_policy(), read=True).success(shown).run()

    def period(self) -> tuple[date, date]:
        return _date(self.date_from.date()), _date(self.date_to.date())

    def load(self) -> None:
        start, end = self.period()

        def work(c: CallCenterClient
                 ) -> tuple[console_wire.StationsReport, console_wire.SatisfactionTrend]:
            return c.stations_report(start, end), c.satisfaction_trend(start, end)

        def done(result: tuple[console_wire.StationsReport, console_wire.SatisfactionTrend]
                 ) -> None:
            self.report, self.trend = result
            self._fill_table()
            self._fill_charts()
            self.export_button.setEnabled(True)
            say_loaded(self.loaded_at, self.ctx.local(datetime.now(UTC), "%H:%M:%S"))
            self.loaded.emit()

        api(self.ctx, self, work).success(done).run()

    def _fill_table(self) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels(report_table.headers())
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if self.report is None:
            return
        for values in report_table.rows(self.report):
            items = [QStandardItem(v) for v in values]
            for it in items[2:]:
                it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.model.appendRow(items)

    def _fill_charts(self) -> None:
        assert self.report is not None and self.trend is not None
        chart = self.sla_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        contact = QBarSet(self.tr("Contact SLA met %"))
        contact.setColor(QColor("#1565c0"))
        completion = QBarSet(self.tr("Completion SLA met %"))
        completion.setColor(QColor("#2e7d32"))
        names = []
        for s in self.report.stations:
            contact.append(s.contact_sla_met_pct or 0.0)
            completion.append(s.completion_sla_met_pct or 0.0)
            names.append(s.station_name or s.station_code)
        bars = QBarSeries()
        bars.append(contact)
        bars.append(completion)
        chart.addSeries(bars)
        x = QBarCategoryAxis()
        x.append(names)
        y = QValueAxis()
        y.setRange(0, 100)
        y.setLabelFormat("%d%%")
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(x)
        bars.attachAxis(y)

        chart = self.trend_chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        line = QLineSeries()
        line.setName(self.tr("Mean satisfaction (1–5)"))
        colour = QColor("#1565c0")
        line.setColor(colour)
        points = QScatterSeries()
        points.setMarkerSize(8)
        points.setColor(colour)
        points.setBorderColor(colour)
        for day in self.trend.days:
            if day.mean is None:
                continue
            ms = float(_local(datetime.combine(day.date, time(12))).toMSecsSinceEpoch())
            line.append(ms, day.mean)
            points.append(ms, day.mean)
        chart.addSeries(line)
        chart.addSeries(points)
        chart.legend().markers(points)[0].setVisible(False)
        tx = QDateTimeAxis()
        tx.setFormat("MM-dd")
        # From the first day to the report's end date: the points sit at noon, the ticks on
        # whole days, at most 8 intervals, the last tick on the end date itself.
        days = (self.trend.date_to - self.trend.date_from).days
        step = next(n for n in range(1, days + 2) if days == 0 or (days % n == 0
                                                                  and days // n <= 8))
        start = datetime.combine(self.trend.date_from, time(12))
        end = datetime.combine(self.trend.date_to, time(12))
        if days == 0:
            start, end = start - timedelta(hours=12), end + timedelta(hours=11, minutes=59)
        tx.setRange(_local(start), _local(end))
        tx.setTickCount(days // step + 1 if days else 2)
        ty = QValueAxis()
        ty.setRange(1, 5)
        ty.setTickCount(5)
        ty.setLabelFormat("%.0f")
        chart.addAxis(tx, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(ty, Qt.AlignmentFlag.AlignLeft)
        for series in (line, points):
            series.attachAxis(tx)
            series.attachAxis(ty)

    def export(self, path: str | None = None) -> None:
        """Write the report as CSV to ``path``; without one, ask where (a save dialog)."""
        if self.report is None:
            return
        if path is None:
            start, end = self.period()
            suggested = Path.home() / self.tr("station-report-%1-%2.csv").replace(
                "%1", str(start)).replace("%2", str(end))
            ask_save_path(self, self.tr("Export CSV"), suggested, self.tr("CSV files (*.csv)"),
                          lambda chosen: self.export(str(chosen)))
            return
        head, body, target = report_table.headers(), report_table.rows(self.report), Path(path)
        api(self.ctx, self, lambda _c: report_table.write_csv(target, head, body)).success(
            self._exported).run()

    def _exported(self, written: Path) -> None:
        window = self.window()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(
                self.tr("Report saved to %1").replace("%1", str(written)), 10_000)
        self.exported.emit(str(written))


def _local(value: datetime) -> QDateTime:
    """A naive datetime as the PC's local time (what QDateTime(datetime) makes)."""
    return QDateTime.fromMSecsSinceEpoch(int(value.timestamp() * 1000))
