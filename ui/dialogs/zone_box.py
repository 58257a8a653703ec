"""The time zone as the clerk reads it: the zones a station in China uses, by their names in
the interface language ("中国标准时间"), the IANA name kept behind; any other can be typed."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QLocale, QTimeZone
from PySide6.QtWidgets import QComboBox, QWidget

ZONES = ("Asia/Shanghai", "Asia/Urumqi", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei", "UTC")


def zone_name(zone: str, locale: QLocale | None = None) -> str:
    """The zone's long name in ``locale`` (the interface language), else its IANA name."""
    tz = QTimeZone(QByteArray(zone.encode()))
    if not tz.isValid():
        return zone
    locale = locale or QLocale()
    name = tz.displayName(QTimeZone.TimeType.StandardTime, QTimeZone.NameType.LongName, locale)
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    if zone == "UTC" or not name or name == zone:
        return name or zone
    return f"{name} ({_city(city, locale)})"


_CITIES_ZH = {"Shanghai": "北京", "Urumqi": "乌鲁木齐", "Hong Kong": "香港", "Macau": "澳门",
              "Taipei": "台北"}


def _city(city: str, locale: QLocale) -> str:
    return _CITIES_ZH.get(city, city) if locale.language() == QLocale.Language.Chinese else city


class ZoneBox(QComboBox):
    """An editable list of zones; `text()` is the IANA name of the one shown (or what was
    typed), `setText()` shows a zone by its name."""

    def __init__(self, zone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        for z in ZONES:
            self.addItem(zone_name(z), z)
        self.setText(zone)

    def setText(self, zone: str) -> None:  # noqa: N802 (like QLineEdit's)
        index = self.findData(zone)
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(zone)

    def text(self) -> str:
        shown = self.currentText().strip()
        index = self.findText(shown)
        return str(self.itemData(index)) if index >= 0 else shown
