"""One station window per data folder: a second start finds the first through a local socket
(a named pipe on Windows), asks it to come to the front, and exits."""

from __future__ import annotations

import getpass
import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

RAISE = b"raise\n"
OK = b"ok\n"
CONNECT_MS = 1000
ANSWER_MS = 5000


def server_name(data_dir: Path) -> str:
    """The same for every start on this data folder by this user; short, no path separators."""
    key = f"{getpass.getuser()}\0{data_dir.resolve()}".encode()
    return "station-desk-" + hashlib.sha256(key).hexdigest()[:16]


def ask_running_to_raise(name: str) -> bool:
    """True if a running window took the request (then this start should end)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(RAISE)
    socket.flush()
    # the running window answers once it took the request (a hung one would not)
    answered = socket.waitForReadyRead(ANSWER_MS) and bytes(socket.readAll().data()) == OK
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later starts; ``activated`` when one asks for the window."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connection)
        if not self.server.listen(name):
            # a socket file left by a crashed run: nobody answered on it, so it is stale
            QLocalServer.removeServer(name)
            if not self.server.listen(name):
                log.warning("cannot listen for a second start (%s): %s", name,
                            self.server.errorString())
                return
        log.info("listening for a second start on %s", self.server.fullServerName())

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            log.info("a second start asked for the window: bringing it to the front")
            socket.write(OK)
            socket.flush()
            self.activated.emit()


def bring_to_front(window: QWidget) -> None:
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
