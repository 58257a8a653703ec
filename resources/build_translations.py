"""Build the interface translations: `lupdate` the Python sources into the .ts catalogues
(``--update``), and compile the .ts into the .qm files Qt loads (`lrelease`).

    python -m resources.build_translations --update     # after changing UI strings
    python -m resources.build_translations --if-stale   # compile only what changed (./run)

The compiled .qm files are committed too, so a fresh clone runs without the Qt tools; with
``--if-stale`` a missing tool is not an error.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = Path(__file__).resolve().parent / "translations"
LANGUAGES = ("zh_CN", "en")
# English is the source language: its catalogues hold only the plural forms of "%n" texts
# (Qt's numerus forms: "printed %n time(s)" reads "1 time" / "2 times").
PLURAL_ONLY = frozenset({"en"})

# catalogue -> (source folders, folders left out).
CATALOGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "station": (("ui", "station_desk/demo"), ("ui/console",)),
    "console": (("ui/console",), ()),
}


def sources(catalog: str) -> list[Path]:
    folders, excluded = CATALOGS[catalog]
    out: list[Path] = []
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if not any(rel == e or rel.startswith(e + "/") for e in excluded):
                out.append(path)
    return out


def tool(name: str) -> str | None:
    """A Qt tool from the venv next to this Python, else from PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def ts_path(catalog: str, language: str) -> Path:
    return TRANSLATIONS / f"{catalog}_{language}.ts"


def lupdate(catalog: str, language: str, target: Path | None = None) -> Path:
    exe = tool("pyside6-lupdate")
    if exe is None:
        raise SystemExit("pyside6-lupdate not found (pip install PySide6-Essentials)")
    out = target or ts_path(catalog, language)
    out.parent.mkdir(parents=True, exist_ok=True)
    cmd = [exe, *(str(p) for p in sources(catalog)), "-no-obsolete", "-locations", "none",
           *(["-pluralonly"] if language in PLURAL_ONLY else []),
           "-target-language", language, "-ts", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return out


def lrelease(ts: Path) -> Path:
    exe = tool("pyside6-lrelease")
    if exe is None:
        raise FileNotFoundError("pyside6-lrelease")
    qm = ts.with_suffix(".qm")
    subprocess.run([exe, "-silent", str(ts), "-qm", str(qm)], check=True, cwd=ROOT)
    return qm


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="run lupdate on the sources first")
    parser.add_argument("--if-stale", action="store_true",
                        help="compile only .ts newer than their .qm; no tools is no error")
    parser.add_argument("--catalog", choices=sorted(CATALOGS), action="append",
                        help="only this catalogue (repeatable; default: all)")
    args = parser.parse_args(argv)
    for catalog in args.catalog or CATALOGS:
        for language in LANGUAGES:
            if args.update:
                lupdate(catalog, language)
            ts = ts_path(catalog, language)
            if not ts.exists():
                continue
            qm = ts.with_suffix(".qm")
            if args.if_stale and qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime:
                continue
            try:
                lrelease(ts)
            except FileNotFoundError:
                if args.if_stale:
                    print("pyside6-lrelease not found; keeping the committed .qm files")
                    return 0
                raise SystemExit("pyside6-lrelease not found") from None
    return 0


if __name__ == "__main__":
    sys.exit(main())
