"""Every import of the product goes the way docs/architecture.md's picture says: a module may
import only the packages its layer allows — static imports anywhere in the file (inside
functions and ``if TYPE_CHECKING:`` too) and imports by name (a string naming one of our
modules, as the command tables hand to ``importlib.import_module``)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("common", "station_app", "station_desk", "ui", "forms", "printers", "callcenter",
           "resources")
# The language both sides speak: the call center may import these of station_app, nothing else.
SHARED = ("station_app.domain", "station_app.wire", "station_app.wire_fields",
          "station_app.wire_orders", "station_app.wire_devices", "station_app.console_wire",
          "common")
# module prefix -> what its modules may import of ours (the longest matching prefix decides).
ALLOWED: dict[str, tuple[str, ...]] = {
    "common": ("common",),
    "resources": ("resources",),
    "station_app.domain": ("station_app.domain", "common"),
    "station_app.wire": SHARED,
    "station_app.wire_fields": SHARED,
    "station_app.wire_orders": SHARED,
    "station_app.wire_devices": SHARED,
    "station_app.console_wire": SHARED,
    "station_app": ("station_app", "common", "resources"),
    "forms": ("forms", "station_app", "common", "resources"),
    "printers": ("printers", "forms", "station_app", "common", "resources"),
    "callcenter": ("callcenter", *SHARED, "resources"),
    "ui": ("ui", "forms", "printers", "station_app", "common", "resources"),
    "station_desk": PRODUCT,  # the composition root: the command line and the demo
}
_BY_NAME = re.compile("(" + "|".join(PRODUCT) + r")(\.\w+)+")


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def allowed_for(module: str) -> tuple[str, ...]:
    prefix = max((p for p in ALLOWED if _within(module, p)), key=len)
    return ALLOWED[prefix]


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _logger_names(tree: ast.AST) -> set[int]:
    """ids of the string nodes that name a logger (``getLogger("station_app.sync")``)."""
    return {id(node.args[0]) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and node.args
            and getattr(node.func, "attr", getattr(node.func, "id", None)) == "getLogger"}


def imports_of(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, imported module) for each import of one of our packages in ``source``."""
    tree = ast.parse(source)
    here = module.split(".") if is_package else module.split(".")[:-1]
    found: list[tuple[int, str]] = []
    loggers = _logger_names(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            for alias in node.names:  # `from station_app import wire` imports station_app.wire
                sub = f"{name}.{alias.name}"
                found.append((node.lineno, sub if _is_module(sub) else name))
        elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
              and id(node) not in loggers):
            target = node.value.split(":")[0]
            if _BY_NAME.fullmatch(target) and _is_module(target):
                found.append((node.lineno, target))
    return sorted({(line, name) for line, name in found if name.split(".")[0] in PRODUCT})


def violations(source: str, module: str, is_package: bool = False) -> list[str]:
    allowed = allowed_for(module)
    return [f"{module}:{line} imports {name}"
            for line, name in imports_of(source, module, is_package)
            if not any(_within(name, a) for a in allowed)]


def _product_modules() -> list[tuple[str, Path]]:
    out = []
    for package in PRODUCT:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            out.append((".".join(parts[:-1] if parts[-1] == "__init__" else parts), path))
    return out


def test_every_import_goes_the_declared_way() -> None:
    found = []
    for module, path in _product_modules():
        found += violations(path.read_text("utf-8"), module, path.name == "__init__.py")
    assert found == [], "imports against docs/architecture.md's direction:\n" + "\n".join(found)


def test_every_product_module_has_a_layer() -> None:
    for module, _path in _product_modules():
        assert allowed_for(module), module


def test_the_check_catches_what_it_must() -> None:
    assert violations("from ui.app import x", "station_app.station") == [
        "station_app.station:1 imports ui.app"]
    assert violations("def f():\n    import printers.queue", "forms.pdf") == [
        "forms.pdf:2 imports printers.queue"]
    # the call center may use station_app's rules and wire, not the station core
    assert violations("from station_app import wire\nfrom station_app.domain import sla",
                      "callcenter.ingest") == []
    assert violations("from station_app import store", "callcenter.ingest") == [
        "callcenter.ingest:1 imports station_app.store"]
    assert violations("from station_app.store import Store", "station_app.wire") == [
        "station_app.wire:1 imports station_app.store"]
    # mypy-only imports count: the dependency is in the design all the same
    assert violations("if TYPE_CHECKING:\n    from callcenter.models import X",
                      "ui.main_window") == ["ui.main_window:2 imports callcenter.models"]
    # by name: a command table or importlib.import_module("…")
    assert violations('COMMANDS = {"x": ("printers.queue", "help")}', "callcenter.cli") == [
        "callcenter.cli:1 imports printers.queue"]
    assert violations('importlib.import_module("ui.launch")', "common.commandline") == [
        "common.commandline:1 imports ui.launch"]
    # relative imports are resolved; a logger's name or a file name is not an import
    assert violations("from . import store", "station_app.wire") == [
        "station_app.wire:1 imports station_app.store"]
    assert violations('log = logging.getLogger("ui.launch")\np = "callcenter.sqlite3"',
                      "station_app.sync") == []
    assert violations("from printers import queue\nfrom ui import launch",
                      "station_desk.cli") == []
