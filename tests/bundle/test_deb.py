"""The .deb made from the bundle, as a dealer's IT would use it: installed with dpkg (CI runs
as root), started from /usr/bin headless and from its menu entry (the window, offscreen; a second
start hands over to it), upgraded in place with the data kept, removed."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import make_bundle  # installer/make_bundle.py, on the path through tests/bundle/conftest.py
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.integration]

needs_root_dpkg = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0 or shutil.which("dpkg") is None,
    reason="installs a system package: needs dpkg and root (as in CI)")


def sh(*args: str, home: Path | None = None, timeout: float = 300
       ) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(home or Path("/root")), "LANG": "C.UTF-8"}
    deadline = time.monotonic() + 180
    while True:
        done = subprocess.run(list(args), capture_output=True, text=True, env=env,
                              timeout=timeout)
        # another apt or dpkg on this machine (a set-up running beside us): wait for it
        if "lock" not in done.stderr or args[0] != "dpkg" or time.monotonic() > deadline:
            return done
        time.sleep(2)


@pytest.fixture(scope="module")
def deb(bundle: Path, bundle_dist: Path) -> Path:
    return make_bundle.build_deb(bundle, bundle_dist)


def test_the_deb_holds_the_app_in_opt_a_menu_entry_and_the_icon(deb: Path) -> None:
    listing = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True,
                             text=True, check=True).stdout
    for path in ("./opt/station-desk/station-app", "./usr/bin/station-app",
                 "./usr/bin/callcenter", "./usr/share/applications/station-desk.desktop",
                 "./usr/share/icons/hicolor/scalable/apps/station-desk.svg"):
        assert path in listing, path
    desktop = subprocess.run(["dpkg-deb", "--fsys-tarfile", str(deb)], capture_output=True,
                             check=True).stdout
    assert "Name[zh_CN]=服务站派工台".encode() in desktop
    assert b"Exec=/usr/bin/station-app gui" in desktop
    info = subprocess.run(["dpkg-deb", "--field", str(deb), "Package", "Version"],
                          capture_output=True, text=True, check=True).stdout
    assert "station-desk" in info and "0.1.0" in info


@needs_root_dpkg
def test_install_start_upgrade_and_remove(deb: Path, tmp_path: Path) -> None:
    home = tmp_path / "clerk"
    home.mkdir()
    installed = sh("dpkg", "-i", str(deb))
    try:
        assert installed.returncode == 0, installed.stderr
        assert Path("/opt/station-desk/station-app").is_file()
        assert Path("/usr/share/applications/station-desk.desktop").is_file()
        for prog in ("station-app", "callcenter"):
            done = sh(f"/usr/bin/{prog}", "--version", home=home)
            assert done.returncode == 0 and done.stdout.strip() == f"{prog} 0.1.0", done
        demo = sh("/usr/bin/station-app", "demo", "--headless", "--duration", "6",
                  "--data-dir", str(tmp_path / "demo"), home=home)
        assert demo.returncode == 0 and "all checks passed" in demo.stdout, demo.stdout[-2000:]
        # the clerk's data lives in the home folder: an upgrade (same package again) keeps it
        status = sh("/usr/bin/station-app", "status", home=home)
        assert status.returncode == 0, status.stderr
        data = home / ".local" / "share" / "StationDesk"
        assert (data / "station.sqlite3").is_file() and (data / "logs").is_dir()
        _start_from_the_menu(home, data / "logs" / "station-app.log")
        again = sh("dpkg", "-i", str(deb))
        assert again.returncode == 0, again.stderr
        assert (data / "station.sqlite3").is_file()
    finally:
        removed = sh("dpkg", "--purge", "station-desk")
    assert removed.returncode == 0, removed.stderr
    assert not Path("/opt/station-desk").exists() and not Path("/usr/bin/station-app").exists()
    assert (data / "station.sqlite3").is_file()  # removal leaves the data


def _start_from_the_menu(home: Path, log_file: Path) -> None:
    """The menu entry's command opens the station window (offscreen); starting it again hands
    over to the open window instead of failing."""
    entry = Path("/usr/share/applications/station-desk.desktop").read_text("utf-8")
    command = next(line for line in entry.splitlines()
                   if line.startswith("Exec=")).removeprefix("Exec=").split()
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "QT_QPA_PLATFORM": "offscreen",
           "HOME": str(home), "LANG": "C.UTF-8"}
    window = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while "listening for a second start" not in _text(log_file):
            assert window.poll() is None, window.communicate()
            assert time.monotonic() < deadline, _text(log_file)[-2000:]
            time.sleep(0.2)
        second = sh(*command, home=home)
        assert second.returncode == 0, second
        assert "already open" in second.stdout, second
        assert "a second start asked for the window" in _text(log_file)
        assert window.poll() is None  # the first window is still open
    finally:
        window.terminate()
        window.communicate(timeout=30)


def _text(path: Path) -> str:
    return path.read_text("utf-8", errors="replace") if path.exists() else ""
