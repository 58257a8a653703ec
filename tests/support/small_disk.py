"""A really small disk for full-disk tests: a 6 MB tmpfs mounted in tmp_path (needs root; the
tests that use it are skipped, saying why, elsewhere), and a way to fill it to the last byte."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    if getattr(os, "geteuid", lambda: 1)() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mount)],
            capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root; the max_page_count tests above "
                    "cover the same paths")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@contextlib.contextmanager
def disk_filled(folder: Path) -> Iterator[None]:
    filler = folder / "filler.bin"
    with filler.open("wb", buffering=0) as out:
        with contextlib.suppress(OSError):
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        with contextlib.suppress(OSError):
            while True:
                out.write(b"\0" * 512)
                out.flush()
    try:
        yield
    finally:
        filler.unlink()


