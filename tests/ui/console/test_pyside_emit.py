"""PySide6 6.12.0 drops a reference to ``True`` on every ``Signal.emit()`` made from Python;
after a few hundred emits (the task runner emits once per task, the console on every key)
CPython aborts with "bool_dealloc: deallocating True or False". pyproject.toml excludes that
release; this guard runs the emits in a child process so a bad PySide6 fails one test instead
of killing the whole run."""

from __future__ import annotations

import subprocess
import sys

CHILD = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
app = QCoreApplication([])
class Emitter(QObject):
    fired = Signal(int)
e = Emitter()
e.fired.connect(lambda v: None)
before = sys.getrefcount(True)
for i in range(200):
    e.fired.emit(i)
print(sys.getrefcount(True) - before)
"""


def test_emitting_a_signal_keeps_python_refcounts():
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                          timeout=60, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert done.returncode == 0, done.stderr[-2000:]
    assert abs(int(done.stdout.strip().splitlines()[-1])) < 10, (
        "this PySide6 leaks a reference per emit (6.12.0 does); install another release")
