"""Suite-wide settings: Qt offscreen, no test ever touches a real station profile, commands get
Ctrl-C; and the fixtures shared by every part's tests (a real call center server, a throwaway
PostgreSQL)."""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Anything that forgets to pass a data folder lands in a throwaway one, never in ~/.local.
_scratch = tempfile.mkdtemp(prefix="station-desk-tests-")
os.environ["STATION_DESK_DATA_DIR"] = _scratch
atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
# Started in the background by a script (no job control), the suite inherits SIGINT ignored,
# and every command a test starts would too (an ignored signal stays ignored across exec): a
# Ctrl-C test would find only that. Python's own handler here leaves them the default.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

from tests.support.callcenter_server import callcenter_server  # noqa: E402, F401
from tests.support.postgres import postgres_cluster, postgres_url  # noqa: E402, F401
from tests.support.small_disk import small_disk  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _collect_between_tests() -> Iterator[None]:
    """Once the Qt tests have made the QApplication, cycles are collected by its GUI-thread
    timer (`ui.gui_gc`), which runs only inside an event loop: between tests the main thread
    collects what is due, so tests without one do not pile up garbage."""
    yield
    gui_gc = sys.modules.get("ui.gui_gc")
    if gui_gc is not None:
        gui_gc.collect_due()
