"""The call center service embedded in another program (the demo): uvicorn on a thread, on a
loopback port, that can be stopped and started again on the same port and database."""

from __future__ import annotations

import asyncio
import concurrent.futures
import socket
import threading
from collections.abc import Coroutine
from typing import Any, Literal, Self, TypeVar

import uvicorn

from callcenter import db as database
from callcenter.app import create_app

T = TypeVar("T")


class _Server(uvicorn.Server):
    """uvicorn that says when it is listening, and leaves signal handling to its host."""

    def __init__(self, config: uvicorn.Config, ready: threading.Event) -> None:
        super().__init__(config)
        self._ready = ready
        self.loop: asyncio.AbstractEventLoop | None = None

    def install_signal_handlers(self) -> None:
        pass  # the host program owns Ctrl+C

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        self.loop = asyncio.get_running_loop()
        await super().startup(sockets=sockets)
        if self.started:
            self._ready.set()

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await super().shutdown(sockets=sockets)
        # A connection still open after the grace period (a client stuck mid-request) is cut
        # here, so no socket outlives the server's event loop (a ResourceWarning otherwise).
        for connection in list(self.server_state.connections):
            transport = getattr(connection, "transport", None)
            if transport is not None:
                transport.close()


class ThreadedServer:
    """An ASGI ``app`` served by uvicorn on a thread at http://HOST:PORT (a free port unless
    given), stoppable and startable again on the same port."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0,
                 lifespan: Literal["auto", "on", "off"] = "on") -> None:
        self.host = host
        self.port = port
        self.app = app
        self._lifespan = lifespan
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._sock: socket.socket | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> Self:
        """Listen (again, on the same port); returns once requests are accepted."""
        if self.running:
            return self
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((self.host, self.port))
        sock.listen(2048)
        sock.setblocking(False)
        self.port = sock.getsockname()[1]
        self._sock = sock
        ready = threading.Event()
        config = uvicorn.Config(self.app, lifespan=self._lifespan, log_level="warning",
                                interface="asgi3", ws="none", timeout_graceful_shutdown=2,
                                access_log=False)
        server = self._server = _Server(config, ready)
        self._thread = threading.Thread(
            target=lambda: asyncio.run(server.serve(sockets=[sock])),
            name=f"{type(self).__name__}-{self.port}", daemon=True)
        self._thread.start()
        while not ready.wait(0.05):
            if not self._thread.is_alive():
                self._close_socket()
                raise RuntimeError(f"the server did not start on port {self.port}")
        return self

    def run_in_loop(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run ``coro`` on the server's event loop (a test holds a limiter's turn with it)."""
        loop = self._server.loop if self._server is not None else None
        assert loop is not None, "the server is not running"
        return asyncio.run_coroutine_threadsafe(coro, loop)

    def stop(self, timeout: float = 15) -> None:
        """Stop listening."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise RuntimeError(f"the server did not stop within {timeout:.0f} s")
        self._server = None
        self._thread = None
        self._close_socket()

    def _close_socket(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class EmbeddedServer(ThreadedServer):
    """The service on ``db_url`` at http://127.0.0.1:PORT (a free port unless given).

    The call center's models are bound to one database per process: the server created or
    started last has it. Two servers on two databases at once need a second process.
    """

    def __init__(self, db_url: str, *, host: str = "127.0.0.1", port: int = 0,
                 **app_options: Any) -> None:
        super().__init__(create_app(db_url, **app_options), host=host, port=port)

    def start(self) -> Self:
        """Listen (again, on the same port); returns once requests are accepted."""
        if not self.running:
            database.db.initialize(self.app.state.database)  # ours again, if another came
        return super().start()

    def stop(self, timeout: float = 15) -> None:
        """Stop listening; parked long-polls are answered first. The database stays."""
        if self._server is not None:
            self.app.state.notifier.close_waiters_threadsafe()
        super().stop(timeout)
