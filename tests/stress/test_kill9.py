"""A station killed with SIGKILL at random moments while recording and syncing: after a final
sync the call center holds exactly the events the station committed."""

from __future__ import annotations

import pytest

from tests.stress.kill9 import run

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def test_fifty_kills_lose_nothing_and_send_nothing_twice(callcenter_server, tmp_path):
    out = run(callcenter_server, tmp_path / "station", rounds=50, seed=7)
    assert out.killed == 50  # every round died by the signal, none by an error of its own
    assert out.local_events >= 10  # (how many depends on the machine's speed)
    assert out.killed_with_waiting > 0  # some kills left committed events unacknowledged
    assert (out.missing, out.extra, out.duplicates) == (0, 0, 0)
    assert out.local_events == out.server_events
    assert out.integrity_ok
