"""The frozen bundle's one program: `station-app ...`, or the call center's command when
started as `callcenter` (the .deb's link) or as `station-app callcenter ...` (Windows)."""

from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path


def main() -> int:
    args = sys.argv[1:]
    if Path(sys.argv[0]).stem.lower() == "station-desk-gui" and not args:
        args = ["gui"]  # Windows: the windowed program the shortcut starts
    if Path(sys.argv[0]).stem.lower().startswith("callcenter") or args[:1] == ["callcenter"]:
        from callcenter.cli import main as callcenter_main

        return callcenter_main(args[1:] if args[:1] == ["callcenter"] else args)
    from station_desk.cli import main as station_main

    return station_main(args)


if __name__ == "__main__":
    multiprocessing.freeze_support()  # uvicorn --workers on Windows re-runs this program
    sys.exit(main())
