"""The installed console scripts start and explain themselves."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def _script(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"console script {name} is not installed next to {sys.executable}"
    return found


@pytest.mark.parametrize(("name", "words"), [("station-app", "服务站"), ("callcenter", "呼叫中心")])
def test_console_script_help(name: str, words: str) -> None:
    done = subprocess.run([_script(name), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"usage: {name}" in done.stdout
    assert words in done.stdout
