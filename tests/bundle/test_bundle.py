"""The PyInstaller bundle runs on its own: `--version`, the headless demo, and the windowed
demo (offscreen) with the bundled font, translations and sounds found where the program looks;
a bundle missing one of them fails here."""

from __future__ import annotations

import json
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.integration]

RESOURCES_OK = "font WenQuanYi Micro Hei, 2 zh_CN catalogues, sounds new_order.wav,rescue.wav"


def _env() -> dict[str, str]:
    # nothing of the checkout or its virtualenv may help the bundle
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PATH"] = "/usr/bin:/bin"
    return env


def run(program: Path, *args: str, cwd: Path, timeout: float = 180
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(program), *args], capture_output=True, text=True, cwd=cwd,
                          env=_env(), timeout=timeout)


def check_bundle(program: Path, work: Path) -> tuple[str, dict[str, bool]]:
    """Start the windowed demo from the bundle for a few seconds; its log and what the
    support zip says about the bundled files."""
    data = work / "windows"
    shot = work / "demo.png"
    done = run(program, "--data-dir", str(data), "--log-level", "info", "demo",
               "--duration", "6", "--screenshot", str(shot), "--screenshot-at", "3", cwd=work)
    assert done.returncode == 0, done.stderr[-3000:]
    assert shot.stat().st_size > 10_000  # a real picture of the windows
    log = "".join(p.read_text("utf-8") for p in (data / "logs").glob("*.log*"))
    zip_path = work / "support.zip"
    diag = run(program, "--data-dir", str(work / "station"), "diagnostics", "-o", str(zip_path),
               cwd=work)
    assert diag.returncode == 0, diag.stderr
    with zipfile.ZipFile(zip_path) as zf:
        found = json.loads(zf.read("resources.json"))["files"]
        assert json.loads(zf.read("versions.json"))["frozen"] is True
    return log, found


def test_version(bundle: Path, tmp_path: Path) -> None:
    for args, prog in ((("--version",), "station-app"),
                       (("callcenter", "--version"), "callcenter")):
        done = run(bundle / "station-app", *args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"{prog} 0.1.0"


def test_headless_demo_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.json"
    done = run(bundle / "station-app", "demo", "--headless", "--duration", "8",
               "--data-dir", str(tmp_path / "demo"), "--summary-json", str(summary),
               cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "all checks passed" in done.stdout, done.stdout[-3000:]
    data = json.loads(summary.read_text("utf-8"))
    assert data["problems"] == [] and data["orders_issued"] == data["orders_reached"] > 0
    assert data["forms_printed"] == data["receipts_read_back"] >= 1  # fonts, printer, forms


def test_windowed_demo_finds_the_bundled_resources(bundle: Path, tmp_path: Path) -> None:
    log, found = check_bundle(bundle / "station-app", tmp_path)
    assert RESOURCES_OK in log, log[-3000:]
    assert " ERROR " not in log, log[-3000:]
    assert all(found.values()), found


def test_a_bundle_without_its_font_fails_the_check(bundle: Path, tmp_path: Path) -> None:
    font = next((bundle / "_internal" / "resources" / "fonts").glob("*.ttf"))
    aside = tmp_path / font.name
    font.rename(aside)
    try:
        log, found = check_bundle(bundle / "station-app", tmp_path)
    finally:
        aside.rename(font)
    assert RESOURCES_OK not in log
    assert "the bundled Chinese font did not load" in log
    assert found["fonts/wqy-microhei-subset.ttf"] is False
