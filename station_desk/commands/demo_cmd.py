"""`station-app demo`: the whole product on one machine — an embedded call center, a station,
a virtual receipt printer and a scenario of realistic orders; with windows, or headless with a
summary (Qt is imported only for the windows)."""

from __future__ import annotations

import argparse

from common.errors import UserError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--headless", action="store_true",
                        help="no windows: run the scenario, print a summary (无界面运行并打印小结)")
    parser.add_argument("--duration", type=float, metavar="SECONDS",
                        help="stop after this many seconds (headless: default 60) / 运行时长")
    parser.add_argument("--speed", type=float, metavar="N",
                        help="play the scenario N times faster (default 1; headless: fit the "
                             "whole scenario into --duration) / 加速倍数")
    parser.add_argument("--offline-at", type=float, metavar="SECONDS",
                        help="cut the network after this many seconds, for a minute (divided "
                             "by --speed) / 在N秒后断网一分钟")
    parser.add_argument("--data-dir", dest="demo_dir", metavar="DIR",
                        help="keep the demo's data in DIR (default: a fresh temporary folder, "
                             "removed at the end) / 演示数据目录")
    parser.add_argument("--seed", type=int, default=7, help="the scenario's random seed")
    parser.add_argument("--manual", action="store_true",
                        help="windows: leave station 1's work to you instead of the scripted "
                             "clerk / 由您操作服务站1")
    parser.add_argument("--summary-json", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--screenshot", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--screenshot-at", type=float, default=20, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from station_desk.demo import scenario
    from station_desk.demo.session import Options

    for name in ("duration", "speed", "offline_at"):
        value = getattr(args, name)
        if value is not None and value <= 0 and not (name == "offline_at" and value == 0):
            raise UserError(f"--{name.replace('_', '-')} must be positive",
                            f"--{name.replace('_', '-')} 必须大于零")
    duration = args.duration
    speed = args.speed
    if args.headless:
        duration = duration or 60.0
        if speed is None:  # the whole story, with time left to settle
            speed = max(1.0, scenario.build(args.seed).length / (0.75 * duration))
    folder = args.demo_dir or args.data_dir
    options = Options(data_dir=Path(folder) if folder else None,
                      speed=speed or 1.0, duration=duration, offline_at=args.offline_at,
                      seed=args.seed, autopilot=not args.manual,
                      say=lambda text: print(text, flush=True))
    if args.headless:
        from station_desk.demo import headless

        return headless.run(options, json_path=args.summary_json)
    from station_desk.demo.windows import run_windows

    return run_windows(options, screenshot=args.screenshot, screenshot_at=args.screenshot_at)
