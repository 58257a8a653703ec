"""Fixtures shared by every part's tests."""

from tests.support.callcenter_server import callcenter_server  # noqa: F401
