"""How `callcenter serve` speaks HTTP under a thousand stations: a keep-alive connection
outlives the clients' own idle expiry (so no request is sent on a connection the server is just
closing), and on Linux the C HTTP parser and event loop are used (Windows keeps the pure-Python
ones: the marker in pyproject.toml leaves uvloop out there)."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import tomllib

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement

from tests.callcenter.test_cli import ROOT, _free_port, _serve, _stop, _wait_until_up

pytestmark = pytest.mark.integration


def _exchange(sock: socket.socket) -> bytes:
    sock.sendall(b"GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n")
    data = b""
    while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


@pytest.mark.slow
def test_an_idle_keep_alive_connection_outlives_the_clients_idle_expiry(tmp_path):
    """httpx keeps an idle connection 5 s (uvicorn's own default closes it after 5 s too, so
    a request could meet the close: ReadError / RemoteProtocolError at the station)."""
    port = _free_port()
    proc = _serve(str(tmp_path / "cc.sqlite3"), port)
    try:
        _wait_until_up(f"http://127.0.0.1:{port}", proc)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            assert _exchange(sock).startswith(b"HTTP/1.1 200")
            time.sleep(6.5)  # idle longer than a client's 5 s keep-alive expiry
            again = _exchange(sock)
        assert again.startswith(b"HTTP/1.1 200"), again
    finally:
        _stop(proc)


def _requirements() -> list[Requirement]:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return [Requirement(r) for r in tomllib.load(f)["project"]["dependencies"]]


def _wanted(platform: str) -> set[str]:
    env = {**default_environment(), "sys_platform": platform,
           "platform_system": {"linux": "Linux", "win32": "Windows"}[platform]}
    return {r.name for r in _requirements() if r.marker is None or r.marker.evaluate(env)}


def test_the_fast_http_parser_everywhere_and_uvloop_off_windows():
    assert {"httptools", "uvloop"} <= _wanted("linux")
    assert "httptools" in _wanted("win32") and "uvloop" not in _wanted("win32")


@pytest.mark.skipif(sys.platform == "win32", reason="uvloop does not exist on Windows")
def test_serve_runs_on_uvloop_with_the_httptools_parser():
    """What `serve` hands uvicorn, resolved as uvicorn resolves it in the server process."""
    probe = (
        "import argparse, uvicorn\n"
        "from callcenter.commands import serve\n"
        "args = argparse.Namespace(host='127.0.0.1', port=1, tls_cert=None, tls_key=None,"
        " log_level='warning')\n"
        "config = uvicorn.Config(lambda *a: None, **serve.uvicorn_options(args))\n"
        "config.load()\n"
        "loop = config.get_loop_factory()()\n"
        "print(type(loop).__module__, config.http_protocol_class.__name__,"
        " config.timeout_keep_alive)\n")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out[0].startswith("uvloop") and out[1] == "HttpToolsProtocol", out
    assert int(out[2]) > 5, out


_SERVE_PROBE = (
    "import gc, sys, uvicorn\n"
    "from callcenter import cli\n"
    "uvicorn.Server.run = lambda self, *a, **k: print('frozen', gc.get_freeze_count())\n"
    "sys.argv = ['callcenter', '--db', sys.argv[1], 'serve', '--port', '1']\n"
    "cli.main()\n")

_WORKER_PROBE = (
    "import argparse, gc, sys\n"
    "from callcenter import worker\n"
    "from callcenter.commands import serve\n"
    "parser = argparse.ArgumentParser()\n"
    "serve.add_arguments(parser)\n"
    "args = parser.parse_args(['--port', '1'])\n"
    "args.db, args.log_level = sys.argv[1], 'warning'\n"
    "worker.export_arguments(args)\n"
    "worker.app()\n"
    "print('frozen', gc.get_freeze_count())\n")


@pytest.mark.parametrize("probe", [_SERVE_PROBE, _WORKER_PROBE], ids=["one process", "worker"])
def test_the_start_up_heap_is_frozen_before_serving(tmp_path, probe):
    """What start-up builds (modules, routes, validators, the app) lives as long as the
    process: it is moved out of the collector's reach before the first request, so a full
    collection walks only what requests made (a collection of the start-up heap held the GIL
    for tens of milliseconds, every request waiting; docs/performance.md)."""
    out = subprocess.run([sys.executable, "-c", probe, str(tmp_path / "cc.sqlite3")], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    frozen = int(out.stdout.split("frozen")[-1])
    assert frozen > 20_000, out.stdout  # the interpreter and start-up: ~75,000 objects
