"""constraints.txt pins the versions the suite passed with (`./run` installs with it): every
distribution pyproject.toml declares, the test extra's too, at a version pyproject.toml allows.
A dependency added or narrowed without `./run pin` would install untested on a clean machine."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not name==version"
            pins[canonicalize_name(name)] = version
    return pins


def test_every_declared_dependency_is_pinned_at_a_version_it_allows() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    declared = [Requirement(r) for r in project["dependencies"]]
    declared += [Requirement(r) for extra in project["optional-dependencies"].values()
                 for r in extra]
    pins = _pins()
    wrong = []
    for req in declared:
        if req.marker is not None and not req.marker.evaluate():
            continue  # another platform's (uvloop on Windows)
        version = pins.get(canonicalize_name(req.name))
        if version is None or not req.specifier.contains(version, prereleases=True):
            wrong.append(f"{req} (pinned: {version})")
    assert not wrong, f"run ./run pin: {wrong}"
