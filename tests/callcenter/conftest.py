"""Every call center test runs on SQLite and on PostgreSQL (the throwaway cluster)."""

from __future__ import annotations

import pytest

from callcenter.models import ALL_MODELS
from tests.support.callcenter_server import CallCenterServer


@pytest.fixture(scope="session")
def callcenter_pg_database(postgres_cluster):
    """One PostgreSQL database for the call center tests; emptied before each test."""
    url = postgres_cluster.create_database()
    yield url
    postgres_cluster.drop_database(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return str(tmp_path / "callcenter.sqlite3")
    url = request.getfixturevalue("callcenter_pg_database")
    cluster = request.getfixturevalue("postgres_cluster")
    cluster.truncate(url, [m._meta.table_name for m in ALL_MODELS
                           if m._meta.table_name != "cc_meta"] if _has_schema(cluster, url)
                     else [])
    return url


def _has_schema(cluster, url) -> bool:
    import psycopg2

    conn = psycopg2.connect(dbname=url.rsplit("/", 1)[1], user="postgres", host="127.0.0.1",
                            port=cluster.port)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT to_regclass('cc_orders') IS NOT NULL")
            return bool(cur.fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def server(db_url):
    # A fallback poll far beyond the client timeouts: only the real wake-up answers in time.
    with CallCenterServer(db_url, fallback_poll=120) as s:
        yield s


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_server(request, tmp_path_factory):
    """One server for a whole module of table-driven tests (access matrix, malformed input)."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("cc") / "callcenter.sqlite3")
    else:
        url = request.getfixturevalue("callcenter_pg_database")
        cluster = request.getfixturevalue("postgres_cluster")
        if _has_schema(cluster, url):
            cluster.truncate(url, [m._meta.table_name for m in ALL_MODELS
                                   if m._meta.table_name != "cc_meta"])
    with CallCenterServer(url, fallback_poll=120) as s:
        yield s
