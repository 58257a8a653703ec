"""`station-app console`: registered, explains itself, needs an address and a token, and with
a station's token ends with the clear message instead of a window."""

from __future__ import annotations

import subprocess
import sys

from station_desk import cli
from ui.console import launch


def test_console_is_a_sub_command_with_help():
    done = subprocess.run([sys.executable, "-m", "station_desk.cli", "console", "--help"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "--server" in done.stdout and "--token" in done.stdout


def test_without_address_or_token_it_says_so_in_both_languages(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("STATION_DESK_SERVER", raising=False)
    monkeypatch.delenv("STATION_DESK_TOKEN", raising=False)
    code = cli.main(["--data-dir", str(tmp_path / "empty"), "console"])
    assert code == 1
    err = capsys.readouterr().err
    assert "--server URL --token T" in err and "请提供呼叫中心地址和令牌" in err


def test_a_station_token_ends_the_command_without_a_window(qt_app, server, seeded,
                                                           shown_messages):
    code = launch.launch(server.base_url, seeded.tokens["34012"], language="en")
    assert code == 2
    assert len(shown_messages) == 1 and "服务站的令牌" in shown_messages[0]


def test_remembered_address_and_token_are_used_next_time(tmp_path, monkeypatch):
    import argparse
    import stat

    from station_desk.commands import console_cmd as command

    monkeypatch.delenv("STATION_DESK_SERVER", raising=False)
    monkeypatch.delenv("STATION_DESK_TOKEN", raising=False)
    data = str(tmp_path / "data")
    first = argparse.Namespace(server="http://127.0.0.1:9", token="abc.def", remember=True,
                               data_dir=data, language=None)
    assert command.resolve(first) == ("http://127.0.0.1:9", "abc.def")
    saved = command.saved_path(data)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    later = argparse.Namespace(server=None, token=None, remember=False, data_dir=data,
                               language=None)
    assert command.resolve(later) == ("http://127.0.0.1:9", "abc.def")
