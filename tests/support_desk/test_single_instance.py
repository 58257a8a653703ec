"""A second `station-app gui` on the same data folder brings the running window to the front
and exits, instead of stopping at "already in use". Two real processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station_app.station import Station

pytestmark = [pytest.mark.integration, pytest.mark.gui]


def _gui(data_dir: Path) -> list[str]:
    return [sys.executable, "-m", "station_desk.cli", "--data-dir", str(data_dir),
            "--log-level", "info", "gui", "--no-sync", "--language", "en"]


def test_a_second_start_raises_the_running_window(tmp_path: Path) -> None:
    Station.open(tmp_path).close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    log = tmp_path / "logs" / "station-app.log"
    first = subprocess.Popen(_gui(tmp_path), env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while "listening for a second start" not in (log.read_text("utf-8") if log.exists()
                                                     else ""):
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first window did not start"
            time.sleep(0.2)
        second = subprocess.run(_gui(tmp_path), env=env, capture_output=True, text=True,
                                timeout=60)
        assert second.returncode == 0, second.stderr
        assert "brought to the front" in second.stdout and "已切换到它的窗口" in second.stdout
        deadline = time.monotonic() + 20
        while "asked for the window: bringing it to the front" not in log.read_text("utf-8"):
            assert time.monotonic() < deadline, log.read_text("utf-8")
            time.sleep(0.2)
        assert first.poll() is None  # the first one still runs
    finally:
        first.terminate()
        first.communicate(timeout=30)
