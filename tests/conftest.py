"""Fixtures shared by every part's tests."""

from tests.support.callcenter_server import callcenter_server  # noqa: F401
from tests.support.postgres import postgres_cluster, postgres_url  # noqa: F401
