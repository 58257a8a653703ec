"""Fixtures for the printer tests: a station store in tmp_path and virtual printers on ptys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from printers.emulator import VirtualPrinter
from station_app.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "station.sqlite")
    yield s
    s.close()


@pytest.fixture
def port_link(tmp_path: Path) -> Path:
    """A stable port name re-pointed at each new virtual printer (like socat's link=)."""
    return tmp_path / "ttyPRN"


@pytest.fixture
def vprinter(port_link: Path) -> Iterator[VirtualPrinter]:
    printer = VirtualPrinter(80, link=port_link).start()
    yield printer
    printer.stop()
