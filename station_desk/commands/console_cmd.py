"""`station-app console`: open the call center console (dispatch board, audit, reports).

The address and token come from ``--server``/``--token``, else $STATION_DESK_SERVER /
$STATION_DESK_TOKEN, else what ``--remember`` saved (``console.json`` in the data folder,
readable only by its user), else the station's own settings."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

SAVED = "console.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--server", help="the call center's address (default: "
                        "$STATION_DESK_SERVER, else the saved one) / 呼叫中心地址")
    parser.add_argument("--token", help="a dispatcher's, reviewer's or admin's token (default: "
                        "$STATION_DESK_TOKEN, else the saved one) / 访问令牌")
    parser.add_argument("--remember", action="store_true",
                        help="save this address and token for the next start / 记住地址和令牌")
    parser.add_argument("--language", choices=("zh_CN", "en"),
                        help="interface language for this run / 界面语言")


def saved_path(data_dir: str | None) -> Path:
    from station_app.paths import data_dir as resolve

    return resolve(data_dir) / SAVED


def remember(path: Path, server: str, token: str) -> None:
    """Write atomically, readable only by this user (the token is a password)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"server": server, "token": token}, f)
    os.replace(tmp, path)


def _saved(path: Path) -> tuple[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return str(data.get("server", "")), str(data.get("token", ""))
    except (OSError, ValueError, AttributeError):
        return "", ""


def _station_settings(data_dir: str | None) -> tuple[str, str]:
    from station_app.station import Station

    station = Station.open(data_dir, exclusive=False)
    try:
        return station.settings.get("server_url") or "", station.token() or ""
    finally:
        station.close()


def resolve(args: argparse.Namespace) -> tuple[str, str]:
    server = args.server or os.environ.get("STATION_DESK_SERVER", "")
    token = args.token or os.environ.get("STATION_DESK_TOKEN", "")
    path = saved_path(args.data_dir)
    if server and token and args.remember:
        remember(path, server, token)
    for fallback in (lambda: _saved(path), lambda: _station_settings(args.data_dir)):
        if server and token:
            break
        saved_server, saved_token = fallback()
        server, token = server or saved_server, token or saved_token
    return server, token


def run(args: argparse.Namespace) -> int:
    from common.errors import UserError

    server, token = resolve(args)
    if not server or not token:
        raise UserError("Give the call center's address and a token: --server URL --token T.",
                        "请提供呼叫中心地址和令牌:--server 地址 --token 令牌。")
    from ui.console.launch import launch

    return launch(server, token, language=args.language)
