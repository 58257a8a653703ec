"""The frozen bundle, built once per test session with `installer/make_bundle.py` (PyInstaller).
While working on these tests, STATION_DESK_BUNDLE_DIST=DIR reuses a bundle that
`python installer/make_bundle.py --dist DIR` built (CI does not set it: it always builds)."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))

import make_bundle  # noqa: E402  (installer/make_bundle.py)


@pytest.fixture(scope="session")
def bundle_dist(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    prebuilt = os.environ.get("STATION_DESK_BUNDLE_DIST")
    if prebuilt:
        yield Path(prebuilt)
        return
    dist = tmp_path_factory.mktemp("bundle")
    make_bundle.build_bundle(dist, dist / "work")
    yield dist
    shutil.rmtree(dist, ignore_errors=True)


@pytest.fixture(scope="session")
def bundle(bundle_dist: Path) -> Path:
    return bundle_dist / make_bundle.BUNDLE_NAME
