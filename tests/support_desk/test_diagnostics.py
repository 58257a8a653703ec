"""`station-app diagnostics` and `callcenter diagnostics`: one zip support can read, with the
logs, status, settings, schema, versions and printer; never a token or a password."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from station_app.station import Station
from station_app.store import SCHEMA_VERSION

pytestmark = pytest.mark.integration


def run(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True, text=True,
                          timeout=120)


def test_version_on_both_commands() -> None:
    for module, prog in (("station_desk.cli", "station-app"), ("callcenter.cli", "callcenter")):
        done = run(module, "--version")
        assert done.returncode == 0 and done.stdout.strip() == f"{prog} 0.1.0", done


def test_station_diagnostics_zip(tmp_path: Path) -> None:
    token = "0123456789ab." + "S" * 43
    printer = {"port": "/dev/ttyUSB0", "profile": "tm-t82", "baudrate": 9600}
    with Station.open(tmp_path) as station:
        station.set_settings({"station_code": "12345", "server_url": "https://cc.example.com",
                              "printer": printer})
        station.set_token(token)
    out = tmp_path / "out" / "support.zip"
    done = run("station_desk.cli", "--data-dir", str(tmp_path), "diagnostics", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert str(out) in done.stdout
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        parts = {n.removesuffix(".json"): json.loads(zf.read(n)) for n in names
                 if n.endswith(".json")}
        everything = "".join(zf.read(n).decode("utf-8") for n in names)
    assert {"status", "settings", "schema", "versions", "printer", "resources"} <= set(parts)
    assert "logs/station-app.log" in names
    assert parts["status"]["station_code"] == "12345" and "outbox" in parts["status"]
    assert parts["settings"]["server_url"] == "https://cc.example.com"
    assert parts["settings"]["token"] == "(set)"
    assert "S" * 43 not in everything
    assert parts["schema"] == {"database": SCHEMA_VERSION, "program": SCHEMA_VERSION}
    v = parts["versions"]
    assert v["station_desk"] == "0.1.0" and v["sqlite"] and v["python"].startswith("3.")
    assert v["packages"]["PySide6-Essentials"][0].isdigit()
    assert parts["printer"]["profile"] == printer and parts["printer"]["last_jobs"] == []
    assert all(parts["resources"]["files"].values()), parts["resources"]


def test_callcenter_diagnostics_zip(tmp_path: Path) -> None:
    db = str(tmp_path / "cc" / "callcenter.sqlite3")
    added = run("callcenter.cli", "--db", db, "add-station", "12345", "合肥北站")
    assert added.returncode == 0, added.stderr
    token = added.stdout.splitlines()[0].strip()
    out = tmp_path / "cc-support.zip"
    done = run("callcenter.cli", "--db", db, "diagnostics", "--output", str(out))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        database = json.loads(zf.read("database.json"))
        everything = "".join(zf.read(n).decode("utf-8") for n in names)
    assert "logs/callcenter.log" in names and "versions.json" in names
    assert database["kind"] == "sqlite" and database["database_schema"] >= 1
    assert [s["code"] for s in database["stations"]] == ["12345"]
    assert token.split(".", 1)[1] not in everything


def test_callcenter_diagnostics_hides_the_database_password(tmp_path: Path) -> None:
    out = tmp_path / "z.zip"
    url = "postgresql://desk:hunter2@127.0.0.1:1/none"
    done = run("callcenter.cli", "--db", url, "diagnostics", "-o", str(out))
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(out) as zf:
        database = json.loads(zf.read("database.json"))
        everything = "".join(zf.read(n).decode("utf-8") for n in zf.namelist())
    assert "error" in database  # nothing listens there: support sees why
    assert "hunter2" not in everything


def test_the_served_call_center_logs_its_requests_and_start(tmp_path: Path) -> None:
    import socket
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "callcenter.sqlite3"
    proc = subprocess.Popen([sys.executable, "-m", "callcenter.cli", "--db", str(db), "serve",
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/v1/orders", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, proc.stderr
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
    text = (tmp_path / "logs" / "callcenter.log").read_text("utf-8")
    assert "callcenter 0.1.0: serve" in text
    assert "Uvicorn running on" in text  # uvicorn's own start line
    assert '"GET /v1/orders HTTP/1.1" 405' in text  # the request and its answer
