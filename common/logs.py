"""The log files support reads: rotating files in ``<data folder>/logs`` (size-capped, a few
kept), level from ``--log-level`` or the setting, every line passed through `redact` so no token
or password reaches a file."""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_DIRNAME = "logs"
MAX_BYTES = 1_000_000
BACKUPS = 5
LEVELS = ("debug", "info", "warning", "error")
DEFAULT_LEVEL = "info"
FORMAT = "%(asctime)s %(levelname)-7s %(process)d %(threadName)s %(name)s: %(message)s"

_SECRET_PATTERNS = (
    # a call center token: <12 hex id>.<secret>
    re.compile(r"\b([0-9a-f]{12}\.)[A-Za-z0-9_-]{20,}"),
    re.compile(r"(?i)(bearer\s+)[^\s'\"]+"),
    re.compile(r"(?i)((?:token|password|secret|authorization)['\"]?\s*[:=]\s*['\"]?)"
               r"(?![(*])[^\s'\",;&}]+"),
    re.compile(r"(?i)(://[^:/@\s]+:)[^@\s]+(@)"),  # postgresql://user:password@host
)
_secrets: set[str] = set()
_handler: logging.Handler | None = None
_console: logging.Handler | None = None
_level_fixed = False
_included: list[logging.Logger] = []
_root_level_before: int | None = None


def add_secret(value: str | None) -> None:
    """A value never to be written, whatever shape it has (a station's token)."""
    if value and len(value) >= 6:
        _secrets.add(value)


def redact(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, "***")
    for pattern in _SECRET_PATTERNS:
        text = pattern.sub(lambda m: m.group(1) + "***" + (m.group(2) if m.re.groups > 1
                                                           else ""), text)
    return text


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_dir(folder: Path) -> Path:
    return folder / LOG_DIRNAME


def check_level(level: str) -> str:
    """``level`` normalised, or ValueError naming the choices."""
    name = level.strip().lower()
    if name not in LEVELS:
        raise ValueError(f"log level must be one of {', '.join(LEVELS)}, not {level!r}")
    return name


def setup(folder: Path, name: str, level: str | None = None) -> Path:
    """Log to ``folder/logs/name.log`` from now on; ``level`` given (the command line) wins
    over the setting read later by `use_setting`. Returns the file's path."""
    directory = log_dir(folder)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.log"
    setup_handler(RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                      encoding="utf-8", delay=True), level)
    return path


def setup_handler(handler: logging.Handler, level: str | None = None) -> None:
    """As `setup`, with ``handler`` in place of the file (a worker's relay to its parent's
    file: `common.log_relay`)."""
    global _handler, _console, _level_fixed, _root_level_before
    shutdown()
    handler.setFormatter(RedactingFormatter(FORMAT))
    console = logging.StreamHandler()  # warnings still reach a terminal, as before
    console.setLevel(logging.WARNING)
    console.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    _root_level_before = root.level
    root.addHandler(handler)
    root.addHandler(console)
    _handler, _console, _level_fixed = handler, console, level is not None
    root.setLevel(_numeric(check_level(level or DEFAULT_LEVEL)))
    # chatty libraries stay quiet below warning whatever our level
    for noisy in ("httpx", "httpcore", "peewee", "asyncio", "PIL", "hpack"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def use_setting(level: str) -> None:
    """The station's ``log_level`` setting, unless the command line fixed the level."""
    if _handler is None or _level_fixed or not level:
        return
    try:
        logging.getLogger().setLevel(_numeric(check_level(level)))
    except ValueError:
        logging.getLogger(__name__).warning("ignoring the log_level setting %r", level)


def include(*names: str) -> None:
    """Also write the named loggers to the file: loggers that do not propagate to the root
    (uvicorn configures its own, with ``propagate`` off)."""
    if _handler is None:
        return
    for name in names:
        logger = logging.getLogger(name)
        if _handler not in logger.handlers:
            logger.addHandler(_handler)
            _included.append(logger)


def shutdown() -> None:
    """Close the file (at the end of a command; a test's folder can then be removed)."""
    global _handler, _console, _level_fixed, _root_level_before
    if _root_level_before is not None:  # a command run inside a test leaves no trace
        logging.getLogger().setLevel(_root_level_before)
        _root_level_before = None
    if _handler is not None:
        for logger in _included:
            logger.removeHandler(_handler)
    _included.clear()
    for handler in (_handler, _console):
        if handler is not None:
            logging.getLogger().removeHandler(handler)
            handler.close()
    _handler, _console, _level_fixed = None, None, False


def handler() -> logging.Handler | None:
    """The handler writing the log file (None before `setup` or after `shutdown`)."""
    return _handler


def current_file() -> Path | None:
    return Path(_handler.baseFilename) if isinstance(_handler, RotatingFileHandler) else None


def _numeric(name: str) -> int:
    return int(logging.getLevelName(name.upper()))
