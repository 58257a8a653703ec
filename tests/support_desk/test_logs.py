"""The log files support reads: written by a real run of the commands against a real call
center, rotated and capped, level from the setting or --log-level, and never a token."""

from __future__ import annotations

import logging
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from common import logs
from station_app.station import Station
from tests.support.callcenter_server import CallCenterServer

pytestmark = pytest.mark.integration


def station_app(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "station_desk.cli", "--data-dir", str(data_dir),
                           *args], capture_output=True, text=True, timeout=120)


def _all_logs(data_dir: Path) -> str:
    return "".join(p.read_text("utf-8") for p in sorted((data_dir / "logs").iterdir()))


def test_a_real_sync_run_logs_failures_with_their_cause_and_no_token(tmp_path: Path) -> None:
    data = tmp_path / "station"
    with CallCenterServer.sqlite(tmp_path) as server:
        token = server.add_station("12345", "合肥北站")
        server.issue_order("12345")
        with Station.open(data) as station:
            station.set_settings({"server_url": server.base_url, "station_code": "12345"})
            station.set_token(token)
        ok = station_app(data, "--log-level", "debug", "sync", "--once")
        assert ok.returncode == 0, ok.stderr
        assert "new 1" in ok.stdout or "新工单1个" in ok.stdout
        # a token the call center does not know: refused, logged with the reason
        wrong = "0123456789ab." + "Z" * 43
        with Station.open(data) as station:
            station.set_token(wrong)
        refused = station_app(data, "--log-level", "debug", "sync", "--once")
        assert refused.returncode == 1
        with Station.open(data) as station:
            station.set_token(token)
    # the call center is gone now
    gone = station_app(data, "--log-level", "debug", "sync", "--once")
    assert gone.returncode == 1
    text = _all_logs(data)
    assert "station-app 0.1.0: sync" in text
    assert text.count("sync refused") >= 2, text  # both failures, each with its reason
    assert "token" in text.lower()  # the refusal says the token was refused...
    secret = token.split(".", 1)[1]
    assert token not in text and secret not in text and "Z" * 43 not in text  # ...not which
    # and the zip for support carries none of them either
    out = tmp_path / "support.zip"
    assert station_app(data, "diagnostics", "-o", str(out)).returncode == 0
    with zipfile.ZipFile(out) as zf:
        everything = "".join(zf.read(n).decode("utf-8") for n in zf.namelist())
    assert "sync refused" in everything
    assert secret not in everything and "Z" * 43 not in everything


def test_the_level_comes_from_the_setting_unless_the_command_line_says(tmp_path: Path) -> None:
    with Station.open(tmp_path) as station:
        station.set_settings({"log_level": "warning"})
    assert station_app(tmp_path, "status").returncode == 0
    assert "station (no code yet) opened" not in _all_logs(tmp_path)  # an info line
    assert station_app(tmp_path, "--log-level", "info", "status").returncode == 0
    assert "station (no code yet) opened" in _all_logs(tmp_path)
    bad = station_app(tmp_path, "--log-level", "loud", "status")
    assert bad.returncode == 2 and "log level must be one of" in bad.stderr


def test_a_start_up_problem_is_logged_with_its_cause(tmp_path: Path) -> None:
    (tmp_path / "station.sqlite3").write_bytes(b"this is not a database" * 100)
    done = station_app(tmp_path, "status")
    assert done.returncode == 1
    text = _all_logs(tmp_path)
    assert "status refused" in text and "ERROR" in text


def test_files_rotate_at_the_cap_and_only_a_few_are_kept(tmp_path: Path) -> None:
    path = logs.setup(tmp_path, "rot", "info")
    try:
        line = "x" * 1000
        for _ in range(int(logs.MAX_BYTES * (logs.BACKUPS + 3) / 1000)):
            logging.getLogger("test.rotation").info(line)
    finally:
        logs.shutdown()
    files = sorted(path.parent.glob("rot.log*"))
    assert len(files) == logs.BACKUPS + 1
    assert all(f.stat().st_size <= logs.MAX_BYTES + 1200 for f in files)


def test_redaction_covers_every_shape_a_secret_takes() -> None:
    logs.add_secret("my-own-station-secret")
    lines = {
        "Authorization: Bearer abc.def-ghi": "abc.def-ghi",
        "token=0123456789ab.QWERTYUIOPasdfghjkl_zxcvbnm-1234567890": "QWERTYUIOP",
        "postgresql://desk:hunter2@db.local/cc": "hunter2",
        '{"password": "s3cr3t!"}': "s3cr3t!",
        "sent my-own-station-secret along": "my-own-station-secret",
    }
    for line, secret in lines.items():
        assert secret not in logs.redact(line), line


def test_a_data_folder_that_cannot_be_made_is_a_clear_error_not_a_traceback(tmp_path: Path
                                                                            ) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    done = station_app(blocker / "station", "status")
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "cannot create the data folder" in done.stderr and "无法创建数据文件夹" in done.stderr
