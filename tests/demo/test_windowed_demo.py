"""The windowed demo as a real process on the offscreen platform: the station window, the console
and the printer window open, the printer window shows printed paper, and Ctrl+C ends it all."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.support.interrupt import FAULTHANDLER, interrupt

pytestmark = [pytest.mark.integration, pytest.mark.gui]


def test_windows_open_show_the_receipts_and_stop_on_ctrl_c(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "QT_QPA_PLATFORM": "offscreen", **FAULTHANDLER}
    shot = tmp_path / "demo.png"
    proc = subprocess.Popen(
        [sys.executable, "-m", "station_desk.cli", "demo", "--speed", "25", "--duration", "120",
         "--screenshot", str(shot), "--screenshot-at", "9"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    output = []
    try:
        assert proc.stdout is not None
        port = None
        for line in proc.stdout:
            output.append(line)
            if m := re.search(r"call center: http://127\.0\.0\.1:(\d+)", line):
                port = int(m.group(1))
            if line.startswith("screenshots:"):
                break
        assert port is not None, "".join(output)
        code, rest, _err = interrupt(proc, timeout=30)
        output.append(rest)
        assert code == 0, "".join(output)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
    printed = [line for line in output if line.startswith("[station 34101] print")]
    assert printed, "".join(output)
    for name in ("station", "console", "printer"):
        assert (tmp_path / f"demo-{name}.png").exists(), "".join(output)
    paper = Image.open(tmp_path / "demo-printer.png").convert("L")
    dark = paper.histogram()[:100]
    assert sum(dark) > 2000  # text on the receipt, not an empty window
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass


def test_closing_the_station_window_ends_the_demo(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "station_desk.cli", "demo", "--speed", "30", "--duration", "5",
         "--data-dir", str(tmp_path / "kept")],
        capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    port = int(re.search(r"127\.0\.0\.1:(\d+)", done.stdout).group(1))  # type: ignore[union-attr]
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    assert (tmp_path / "kept" / "station1" / "station.sqlite3").exists()  # --data-dir kept it
