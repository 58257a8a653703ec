"""Build the Station Desk bundle with PyInstaller (installer/station-desk.spec) and, on a
Debian system, a .deb from it:  python installer/make_bundle.py [--dist DIR] [--no-deb]

The .deb puts the bundle in /opt/station-desk, `station-app` and `callcenter` in /usr/bin,
a menu entry (English and Chinese) and the icon."""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "installer" / "station-desk.spec"
BUNDLE_NAME = "station-desk"
PACKAGE = "station-desk"
# What the Qt libraries in the bundle need from the system (PyInstaller carries the rest).
DEPENDS = ("libc6, libglib2.0-0, libfontconfig1, libfreetype6, libdbus-1-3, libxkbcommon0, "
           "libxkbcommon-x11-0, libegl1, libgl1, libx11-xcb1, libxcb-cursor0, libxcb-icccm4, "
           "libxcb-image0, libxcb-keysyms1, libxcb-render-util0, libxcb-shape0, libxcb-xkb1, "
           "libpulse0")


def version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "common" / "version.py").read_text("utf-8"), namespace)
    return namespace["VERSION"]


def build_bundle(dist: Path, work: Path) -> Path:
    """The one-folder bundle in ``dist/station-desk``; its program is ``station-app``."""
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(dist), "--workpath", str(work), str(SPEC)],
                   check=True, cwd=ROOT)
    return dist / BUNDLE_NAME


def build_deb(bundle: Path, dist: Path) -> Path:
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    stage = dist / "deb-root"
    shutil.rmtree(stage, ignore_errors=True)
    opt = stage / "opt" / PACKAGE
    shutil.copytree(bundle, opt, symlinks=True)
    bin_dir = stage / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("station-app", "callcenter"):  # callcenter: the same program, by its name
        (bin_dir / name).symlink_to(f"/opt/{PACKAGE}/station-app")
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(ROOT / "installer" / "station-desk.desktop", apps / "station-desk.desktop")
    icons = stage / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
    icons.mkdir(parents=True)
    shutil.copy2(ROOT / "resources" / "icons" / "station.svg", icons / "station-desk.svg")
    debian = stage / "DEBIAN"
    debian.mkdir()
    size_kib = sum(f.stat().st_size for f in stage.rglob("*") if f.is_file()) // 1024
    (debian / "control").write_text(
        f"Package: {PACKAGE}\n"
        f"Version: {version()}\n"
        f"Architecture: {arch}\n"
        "Maintainer: Station Desk team <station-desk@localhost>\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {DEPENDS}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: Station Desk, the service station's counter application\n"
        " Receives the call center's orders, records contacts and departures, prints the\n"
        " forms on the receipt printer and syncs with the call center. Data and logs live\n"
        " in each user's data folder and are kept on upgrade and removal.\n", encoding="utf-8")
    for script in ("postinst", "postrm"):
        path = debian / script
        path.write_text("#!/bin/sh\nset -e\n"
                        "if command -v update-desktop-database >/dev/null 2>&1; then\n"
                        "    update-desktop-database -q /usr/share/applications || true\n"
                        "fi\n"
                        "if command -v gtk-update-icon-cache >/dev/null 2>&1; then\n"
                        "    gtk-update-icon-cache -q /usr/share/icons/hicolor || true\n"
                        "fi\n", encoding="utf-8")
        path.chmod(0o755)
    out = dist / f"{PACKAGE}_{version()}_{arch}.deb"
    # gzip: several times faster to build than the default xz, for a few more megabytes
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(stage),
                    str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(stage)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the bundle and the .deb go (default: dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder (default: build/pyinstaller)")
    parser.add_argument("--no-deb", action="store_true", help="the bundle only")
    parser.add_argument("--deb-only", action="store_true",
                        help="make the .deb from the bundle already in --dist")
    args = parser.parse_args(argv)
    bundle = (args.dist / BUNDLE_NAME if args.deb_only
              else build_bundle(args.dist, args.work))
    print(f"bundle: {bundle}")
    if not args.no_deb and os.name == "posix" and shutil.which("dpkg-deb"):
        print(f"deb: {build_deb(bundle, args.dist)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
