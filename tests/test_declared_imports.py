"""Every third-party module the product imports comes from a distribution pyproject.toml
declares: an undeclared one works on a developer's machine (something else pulled it in) and
breaks on a clean install or in the bundle."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("common", "station_app", "station_desk", "ui", "forms", "printers", "callcenter",
           "resources")
# Build tools kept beside the resources they make: they may use the test/dev extras.
TOOLS = {"resources/fonts/make_subset.py", "resources/build_translations.py",
         "resources/sounds_build.py"}


def _top_level_imports() -> dict[str, set[str]]:
    """module name -> the files importing it (absolute imports only)."""
    found: dict[str, set[str]] = {}
    for package in PRODUCT:
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text("utf-8"), str(path))
            for node in ast.walk(tree):
                names: list[str] = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                for name in names:
                    found.setdefault(name.split(".")[0], set()).add(
                        str(path.relative_to(ROOT)))
    return found


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _names(requirements: list[str]) -> set[str]:
    return {_normalise(re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0]) for req in requirements}


def _declared() -> tuple[set[str], set[str]]:
    """(the product's dependencies, those plus every optional extra)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    runtime = _names(project["dependencies"])
    extras = {n for reqs in project.get("optional-dependencies", {}).values()
              for n in _names(reqs)}
    return runtime, runtime | extras


def test_every_third_party_import_is_declared() -> None:
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    providers = metadata.packages_distributions()
    runtime, with_extras = _declared()
    undeclared = {}
    for module, files in sorted(_top_level_imports().items()):
        if module in stdlib or module in PRODUCT:
            continue
        dists = {_normalise(d) for d in providers.get(module, [])}
        assert dists, f"{module} (imported by {sorted(files)}) comes from no installed package"
        allowed = with_extras if files <= TOOLS else runtime
        if not dists & allowed:
            undeclared[module] = (sorted(dists), sorted(files)[:3])
    assert undeclared == {}, f"imported but not in pyproject.toml dependencies: {undeclared}"


def test_the_check_sees_the_imports_it_must() -> None:
    imports = _top_level_imports()
    for module in ("PySide6", "peewee", "reportlab", "serial", "fastapi", "httpx"):
        assert module in imports
