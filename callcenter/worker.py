"""One worker process of `callcenter serve --workers N`: uvicorn imports this module in each
process and calls `app()`, which builds the service from the arguments the parent left in the
environment. PostgreSQL LISTEN/NOTIFY wakes the long-polls parked in the other workers."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI

ENV = "CALLCENTER_SERVE_ARGUMENTS"
_PATHS = ("sla", "calendar", "tls_cert", "tls_key")


def export_arguments(args: argparse.Namespace) -> None:
    """Leave ``serve``'s arguments for the workers (the environment is inherited)."""
    values = {k: (str(v) if k in _PATHS and v is not None else v) for k, v in vars(args).items()
              if isinstance(v, str | int | float | bool | Path) or v is None}
    os.environ[ENV] = json.dumps(values)


def _arguments() -> argparse.Namespace:
    values = json.loads(os.environ[ENV])
    for key in _PATHS:
        if values.get(key) is not None:
            values[key] = Path(values[key])
    return argparse.Namespace(**values)


def app() -> FastAPI:

    from callcenter.commands.serve import build_app
    from callcenter.gc_pauses import freeze_start_up
    from common import log_relay

    args = _arguments()
    # uvicorn has set up its loggers in this process by now: theirs (they do not propagate)
    # and the root's go to the parent, which alone writes the file
    log_relay.join(args.log_level, "uvicorn", "uvicorn.access")
    built = build_app(args)
    _answer_parked_polls_on_exit(built)
    freeze_start_up()
    return built


def _answer_parked_polls_on_exit(built: FastAPI) -> None:
    """As in one process: a stop signal answers the parked long-polls at once, so shutdown
    does not wait for them (and cancel them with a 500 after its timeout). uvicorn installed
    its handlers before building the app (this runs inside `Server.serve`), so they are
    wrapped here; it restores its own when it is done."""
    import signal

    from uvicorn.server import HANDLED_SIGNALS

    for sig in HANDLED_SIGNALS:
        before = signal.getsignal(sig)

        def handler(signum: int, frame: FrameType | None, before: Any = before) -> None:
            built.state.notifier.close_waiters_threadsafe()
            if callable(before):
                before(signum, frame)

        signal.signal(sig, handler)
