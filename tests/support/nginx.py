"""nginx running the proxy configuration docs/deploy.md gives an IT person, as written: only
the ports, the certificate's paths and where nginx keeps its own files are this test's."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.support.tls import self_signed

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_DOC = ROOT / "docs" / "deploy.md"
UNPACKED = ROOT / ".venv" / "nginx" / "usr" / "sbin" / "nginx"  # `./run test` fetches it


def find_nginx() -> Path:
    for candidate in (os.environ.get("NGINX_BIN"), UNPACKED, shutil.which("nginx")):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    pytest.fail("nginx not found: `./run test` unpacks it into .venv/nginx (or put nginx on "
                "PATH, or set NGINX_BIN)", pytrace=False)


def _version(nginx: Path) -> tuple[int, ...]:
    said = subprocess.run([str(nginx), "-v"], capture_output=True, text=True).stderr
    found = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", said)
    return tuple(int(n) for n in found.groups()) if found else (0,)


def documented_config() -> str:
    """The ```nginx block of docs/deploy.md."""
    found = re.findall(r"```nginx\n(.*?)```", DEPLOY_DOC.read_text("utf-8"), re.S)
    assert len(found) == 1, "docs/deploy.md should hold one nginx configuration"
    return found[0]


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, f"docs/deploy.md's nginx block no longer says {old!r}: update this test"
    return text.replace(old, new)


class Nginx:
    """nginx in ``folder`` in front of the service at ``upstream_port``, as documented."""

    def __init__(self, folder: Path, upstream_port: int, https_port: int, http_port: int) -> None:
        self.folder, self.https_port, self.http_port = folder, https_port, http_port
        self.cert, key = self_signed(folder, ("callcenter.example.com", "127.0.0.1"))
        site = documented_config()
        site = _replace(site, "server 127.0.0.1:8700;", f"server 127.0.0.1:{upstream_port};")
        site = _replace(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
        site = _replace(site, "listen 80;", f"listen 127.0.0.1:{http_port};")
        site = _replace(site, "/etc/letsencrypt/live/callcenter.example.com/fullchain.pem",
                        str(self.cert))
        site = _replace(site, "/etc/letsencrypt/live/callcenter.example.com/privkey.pem",
                        str(key))
        temp = "\n".join(f"    {kind}_temp_path {folder / kind};"
                         for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        # As root nginx's workers would drop to "nobody", who may not enter pytest's folders.
        user = "user root;\n" if hasattr(os, "geteuid") and os.geteuid() == 0 else ""
        self.error_log = folder / "error.log"
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\n"
            f"error_log {self.error_log} info;\nevents {{ worker_connections 1024; }}\n"
            f"http {{\n    access_log {folder / 'access.log'};\n{temp}\n{site}\n}}\n", "utf-8")
        self._nginx = find_nginx()
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Nginx:
        args = [str(self._nginx), "-p", str(self.folder), "-c", str(self.folder / "nginx.conf")]
        if _version(self._nginx) >= (1, 19, 5):  # -e: not even start-up's lines elsewhere
            args[1:1] = ["-e", str(self.error_log)]
        checked = subprocess.run([*args, "-t"], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        self._proc = subprocess.Popen([*args, "-g", "daemon off;"])
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{self.http_port}/", timeout=1)
                return self
            except httpx.TransportError:
                assert self._proc.poll() is None, self.errors()
                time.sleep(0.05)
        raise AssertionError(f"nginx did not start: {self.errors()}")

    def __exit__(self, *_exc: object) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()

    def logged(self, words: str) -> list[str]:
        return [line for line in self._log_lines() if words in line]

    def _log_lines(self) -> list[str]:
        text = self.error_log.read_text("utf-8", "replace") if self.error_log.exists() else ""
        return text.splitlines()

    def errors(self) -> list[str]:
        """The error log's lines worse than a warning (an upstream closed under a request, a
        body nginx could not buffer, a timeout)."""
        return [line for line in self._log_lines()
                if re.search(r"\[(error|crit|alert|emerg)\]", line)]
