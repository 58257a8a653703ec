"""A throwaway TLS certificate for a test's server (openssl, which `./run` installs)."""

from __future__ import annotations

import ipaddress
import shutil
import subprocess
from pathlib import Path

import pytest


def self_signed(folder: Path, hosts: tuple[str, ...] = ("127.0.0.1",)) -> tuple[Path, Path]:
    """A certificate for ``hosts`` (names or IP addresses; the first is its subject), valid a
    day, and its key."""
    if shutil.which("openssl") is None:
        pytest.fail("openssl is needed to make a test certificate", pytrace=False)

    def alt(host: str) -> str:
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return f"DNS:{host}"
        return f"IP:{host}"

    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", f"/CN={hosts[0]}",
                    "-addext", "subjectAltName=" + ",".join(alt(h) for h in hosts),
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key
