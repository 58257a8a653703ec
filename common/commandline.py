"""The shared shape of our command lines: lazily imported sub-commands, user errors shown as
two short lines (English, Chinese) instead of a stack trace."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from common import logs
from common.errors import UserError
from common.version import VERSION

Commands = Mapping[str, tuple[str, str]]
"""name -> (module, one-line help). The module has `add_arguments(parser)` and `run(args)`."""
LogTo = Callable[[argparse.Namespace], Path]
"""The data folder a command's log file goes in (under its ``logs/``)."""

log = logging.getLogger("station_desk.command")


def _level(text: str) -> str:
    try:
        return logs.check_level(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser(
    prog: str,
    description: str,
    commands: Commands,
    add_globals: Callable[[argparse.ArgumentParser], None],
) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--version", action="version", version=f"{prog} {VERSION}")
    parser.add_argument("--log-level", type=_level, metavar="LEVEL",
                        help=f"how much goes into the log file: {', '.join(logs.LEVELS)} "
                        f"(default: the setting, else {logs.DEFAULT_LEVEL}) / 日志级别")
    add_globals(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in commands.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(p)
    return parser


def run(parser: argparse.ArgumentParser, commands: Commands, argv: Sequence[str] | None,
        log_to: LogTo | None = None) -> int:
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        if log_to is not None:
            _start_log(parser.prog, args, log_to)
        module = importlib.import_module(commands[args.command][0])
        return int(module.run(args) or 0)
    except UserError as exc:
        log.error("%s %s refused: %s", parser.prog, args.command, exc.en)
        indent = " " * (len(parser.prog) + 2)
        print(f"{parser.prog}: {exc.en}\n{indent}{exc.zh}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BaseException:
        log.exception("%s %s failed", parser.prog, args.command)
        raise
    finally:
        logs.shutdown()


def _start_log(prog: str, args: argparse.Namespace, log_to: LogTo) -> None:
    folder = log_to(args)
    try:
        path = logs.setup(folder, prog, args.log_level)
    except OSError as exc:  # a read-only folder must not stop the counter
        print(f"{prog}: cannot write the log file in {folder}: {exc}\n"
              f"{' ' * (len(prog) + 2)}无法写入日志文件", file=sys.stderr)
        return
    log.info("%s %s: %s (python %s, log %s)", prog, VERSION, args.command,
             sys.version.split()[0], path)
