"""A bounded schemathesis run against a real server, once per role: every operation, all
checks (server errors, statuses, headers and bodies against the document, schema-valid data
accepted, schema-violating data refused, unsupported methods, auth), examples, coverage and
fuzzing phases. It must find nothing: no 5xx and no answer the document does not allow."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.callcenter_server import CallCenterServer

pytestmark = pytest.mark.integration
CONFIG = Path(__file__).with_name("schemathesis.toml")
ROLES = ("station", "dispatcher", "reviewer", "admin")
MAX_EXAMPLES = 10  # per operation and phase: about 20 s a role on a loaded machine


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with CallCenterServer.sqlite(tmp_path_factory.mktemp("st"), fallback_poll=120) as server:
        tokens = {"station": server.add_station("12345")}
        server.add_station("23456")
        for role in ROLES[1:]:
            tokens[role] = server.add_user(f"{role} 测试", role)
        order = server.issue_order("12345")
        yield server, tokens, order


@pytest.fixture(scope="module")
def runs(world, tmp_path_factory) -> dict[str, subprocess.Popen[str]]:
    """The four roles' runs, started together: each waits on the server as much as it works,
    so side by side they take about half as long as one after another."""
    server, tokens, _ = world
    exe = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert exe, "schemathesis is in the test extra (pip install -e .[test])"
    started = {role: subprocess.Popen(
        [exe, "--config-file", str(CONFIG), "run", f"{server.base_url}/openapi.json",
         "--checks", "all", "--phases", "examples,coverage,fuzzing",
         "--max-examples", str(MAX_EXAMPLES), "--seed", "16", "--no-color",
         "--request-timeout", "20",
         "-H", f"Authorization: Bearer {tokens[role]}"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=tmp_path_factory.mktemp(role)) for role in ROLES}
    yield started
    for run in started.values():
        if run.poll() is None:
            run.kill()
            run.communicate()


@pytest.mark.parametrize("role", ROLES)
def test_schemathesis_finds_nothing(runs, role):
    stdout, stderr = runs[role].communicate(timeout=420)
    report = stdout[-6000:] + stderr[-2000:]
    assert runs[role].returncode == 0, report
    assert "Server error" not in stdout
