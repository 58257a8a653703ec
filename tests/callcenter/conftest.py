"""Every call center test runs on SQLite and on PostgreSQL (the throwaway cluster)."""

from __future__ import annotations

import pytest

from tests.support.callcenter_server import CallCenterServer


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "callcenter.sqlite3")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def server(db_url):
    # A fallback poll far beyond the client timeouts: only the real wake-up answers in time.
    with CallCenterServer(db_url, fallback_poll=120) as s:
        yield s
