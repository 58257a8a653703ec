"""The dispatch board's live feed: a worker thread long-polls `/v1/board/changes` and a Qt
bridge re-emits each change on the GUI thread (like the station's sync worker and SyncBridge)."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from common.errors import UserError
from station_app.console_client import CallCenterClient, Unreachable

log = logging.getLogger(__name__)


class BoardFeed(QObject):
    """Signals:
        changed(int): the board changed; the new version.
        link(bool): the call center answers (True) or cannot be reached (False).
    """

    changed = Signal(int)
    link = Signal(bool)

    def __init__(self, client: CallCenterClient, wait: float = 20.0, retry: float = 2.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._wait = wait
        self._retry = retry
        self._version = 0
        self._quiet = False  # the first answer only says the version (nobody has loaded yet)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, version: int | None) -> None:
        """Follow the changes after ``version``; None: after the version of the first answer
        (a window that loaded its screens without the board)."""
        self._quiet = version is None
        self._version = version or 0
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="board-feed", daemon=True)
        self._thread.start()

    def set_version(self, version: int) -> None:
        self._version = max(self._version, version)

    def stop(self) -> None:
        """Ask the worker to end; it does after its current long-poll answers (at most
        ``wait`` seconds). Nobody waits for it: it is a daemon and emits nothing after this."""
        self._stop.set()
        self._thread = None

    def _run(self) -> None:
        stop = self._stop
        up = True
        while not stop.is_set():
            try:
                reply = self._client.board_changes(self._version, self._wait)
            except Unreachable:
                if up and not stop.is_set():
                    self._emit_link(False)
                up = False
                stop.wait(self._retry)
                continue
            except UserError as exc:  # token revoked, server error: retry slowly
                log.warning("board feed: %s", exc.en)
                stop.wait(self._retry * 5)
                continue
            except Exception:
                if stop.is_set():  # the window closed, and its client with it
                    return
                log.exception("board feed failed; retrying")
                stop.wait(self._retry * 5)
                continue
            if stop.is_set():
                return
            if not up:
                up = True
                self._emit_link(True)
            quiet, self._quiet = self._quiet, False
            if reply.changed:
                self._version = reply.version
                if not quiet:
                    self._emit_changed(reply.version)

    def _emit_changed(self, version: int) -> None:
        try:
            self.changed.emit(version)
        except RuntimeError:  # the QObject is gone: the window closed
            self._stop.set()

    def _emit_link(self, up: bool) -> None:
        try:
            self.link.emit(up)
        except RuntimeError:
            self._stop.set()
