"""The embedded call center: serves on a free loopback port, stops, and comes back on the same
port and database (the demo's network cut)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from callcenter.embedded import EmbeddedServer

pytestmark = pytest.mark.integration


def test_stop_and_start_again_on_the_same_port(tmp_path: Path) -> None:
    server = EmbeddedServer(str(tmp_path / "cc.sqlite3")).start()
    try:
        port = server.port
        assert httpx.get(f"{server.base_url}/v1/health").status_code == 200
        server.stop()
        assert not server.running
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{server.base_url}/v1/health", timeout=2)
        server.start()
        assert server.port == port
        assert httpx.get(f"{server.base_url}/v1/health").status_code == 200
    finally:
        server.stop()
