"""Child processes' log records into the parent's log file (`callcenter serve --workers N`).

A rotating file must have one writer: two processes rotating the same file lose lines, and
Windows cannot rename a file another process holds open. So the parent listens on a loopback
socket that only a holder of a random key may use (the HMAC handshake of
`multiprocessing.connection`), passes the address and key to its children in the environment,
and writes what they send with its own file handler (which redacts, as for its own lines)."""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Connection, Listener
from typing import Any

from common import logs

ENV = "STATION_DESK_LOG_RELAY"
_PLAIN = (str, int, float, bool, type(None))


class Relay:
    """The parent's end: writes every record a child sends into ``handler``."""

    def __init__(self, handler: logging.Handler) -> None:
        self._handler = handler
        self._key = secrets.token_bytes(32)
        self._listener = Listener(("127.0.0.1", 0), authkey=self._key)
        self._closed = False
        threading.Thread(target=self._accept, name="log-relay", daemon=True).start()

    def export(self) -> None:
        """Tell the children (who inherit the environment) where to send."""
        host, port = self._listener.address
        os.environ[ENV] = json.dumps({"host": host, "port": port, "key": self._key.hex()})

    def close(self) -> None:
        self._closed = True
        os.environ.pop(ENV, None)
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn = self._listener.accept()
            except AuthenticationError:
                continue  # not one of ours
            except OSError:
                return  # closed
            threading.Thread(target=self._read, args=(conn,), name="log-relay-reader",
                             daemon=True).start()

    def _read(self, conn: Connection) -> None:
        with conn:
            while True:
                try:
                    fields = conn.recv()
                except (EOFError, OSError):
                    return
                if isinstance(fields, dict):
                    self._handler.handle(logging.makeLogRecord(fields))


class RelayHandler(logging.Handler):
    """A child's end: each record, made plain (message formatted, traceback as text), sent."""

    def __init__(self, address: tuple[str, int], key: bytes) -> None:
        super().__init__()
        self._conn = Client(address, authkey=key)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            fields: dict[str, Any] = {k: v for k, v in vars(record).items()
                                      if isinstance(v, _PLAIN)}
            fields.update(msg=record.getMessage(), args=None, exc_info=None)
            fields.pop("message", None)
            if record.exc_info and not record.exc_text:
                fields["exc_text"] = logging.Formatter().formatException(record.exc_info)
            self._conn.send(fields)
        except Exception:  # noqa: BLE001 - the parent gone: logging must not stop the worker
            self.handleError(record)

    def close(self) -> None:
        self._conn.close()
        super().close()


def start(handler: logging.Handler | None) -> Relay | None:
    """In the parent, before starting the children: a relay into ``handler`` (its log file)."""
    if handler is None:
        return None  # no log file (a read-only folder): the children log to the terminal only
    relay = Relay(handler)
    relay.export()
    return relay


def join(level: str | None, *loggers: str) -> bool:
    """In a child: send the root logger's records (and those of ``loggers``, which do not
    propagate) to the parent's relay, if there is one."""
    raw = os.environ.get(ENV)
    if not raw:
        return False
    where = json.loads(raw)
    logs.setup_handler(RelayHandler((where["host"], int(where["port"])),
                                    bytes.fromhex(where["key"])), level)
    logs.include(*loggers)
    return True
