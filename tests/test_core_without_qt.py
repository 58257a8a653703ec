"""The core packages, the command line and the headless demo import and work with Qt absent (a
meta-path hook refuses PySide6)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import importlib.abc, sys
class NoQt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError('Qt is blocked in this test: ' + name)
        return None
sys.meta_path.insert(0, NoQt())
import pkgutil, importlib
for top in ('common', 'station_app', 'station_desk', 'forms', 'printers', 'callcenter'):
    pkg = importlib.import_module(top)
    for info in pkgutil.walk_packages(pkg.__path__, top + '.'):
        if info.name == 'station_desk.demo.windows':  # the windowed demo: Qt is its point
            continue
        importlib.import_module(info.name)
        print(info.name)
from station_app.domain.lifecycle import fold
print('fold ok', fold([]).status)
"""


def test_core_imports_without_qt() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "station_app.domain.lifecycle" in done.stdout
    assert "station_app.store" in done.stdout
    assert "station_desk.demo.headless" in done.stdout
    assert "fold ok None" in done.stdout


def test_qt_block_really_blocks() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT.split("import pkgutil")[0]
                           + "import PySide6"], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "Qt is blocked" in done.stderr
