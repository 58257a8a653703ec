"""The shared shape of our command lines: lazily imported sub-commands, user errors shown as
two short lines (English, Chinese) instead of a stack trace."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Mapping, Sequence

from station_app.errors import UserError

Commands = Mapping[str, tuple[str, str]]
"""name -> (module, one-line help). The module has `add_arguments(parser)` and `run(args)`."""


def build_parser(
    prog: str,
    description: str,
    commands: Commands,
    add_globals: Callable[[argparse.ArgumentParser], None],
) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description=description)
    add_globals(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in commands.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        importlib.import_module(module).add_arguments(p)
    return parser


def run(parser: argparse.ArgumentParser, commands: Commands, argv: Sequence[str] | None) -> int:
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    module = importlib.import_module(commands[args.command][0])
    try:
        return int(module.run(args) or 0)
    except UserError as exc:
        indent = " " * (len(parser.prog) + 2)
        print(f"{parser.prog}: {exc.en}\n{indent}{exc.zh}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
