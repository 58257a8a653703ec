"""`station-app gui`: open the station window."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--language", choices=("zh_CN", "en"),
                        help="interface language for this run (default: the setting, else the "
                        "system's) / 界面语言")
    parser.add_argument("--no-sync", action="store_true",
                        help="do not connect to the call center (work offline) / 不连接呼叫中心")


def run(args: argparse.Namespace) -> int:
    from ui.launch import launch

    return launch(args.data_dir, language=args.language, sync=not args.no_sync)
