"""`station-app console`: open the call center console (dispatch board, audit, reports)."""

from __future__ import annotations

import argparse
import os


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", help="the call center's address (default: "
                        "$STATION_DESK_SERVER, else the saved setting) / 呼叫中心地址")
    parser.add_argument("--token", help="a dispatcher's, reviewer's or admin's token (default: "
                        "$STATION_DESK_TOKEN, else the saved one) / 访问令牌")
    parser.add_argument("--language", choices=("zh_CN", "en"),
                        help="interface language for this run / 界面语言")


def _saved(data_dir: str | None) -> tuple[str, str]:
    from station_app.station import Station

    station = Station.open(data_dir, exclusive=False)
    try:
        return station.settings.get("server_url") or "", station.token() or ""
    finally:
        station.close()


def run(args: argparse.Namespace) -> int:
    from station_app.errors import UserError

    server = args.server or os.environ.get("STATION_DESK_SERVER", "")
    token = args.token or os.environ.get("STATION_DESK_TOKEN", "")
    if not server or not token:
        saved_server, saved_token = _saved(args.data_dir)
        server, token = server or saved_server, token or saved_token
    if not server or not token:
        raise UserError("Give the call center's address and a token: --server URL --token T.",
                        "请提供呼叫中心地址和令牌:--server 地址 --token 令牌。")
    from ui.console.launch import launch

    return launch(server, token, language=args.language)
