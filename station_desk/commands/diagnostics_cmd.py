"""`station-app diagnostics`: one zip for support (see `station_app.diagnostics.station_zip`);
the station window's Help menu writes the same."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from common.diagnostics import add_output_argument

    add_output_argument(parser)


def run(args: argparse.Namespace) -> int:
    from common.diagnostics import output_path
    from station_app import diagnostics
    from station_app.station import Station

    out = output_path(args, "station")
    with Station.open(args.data_dir, exclusive=False) as station:
        path = diagnostics.station_zip(station, out)
    print(f"diagnostics written 诊断包已保存: {path}")
    return 0
