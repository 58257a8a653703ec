"""Suite-wide settings: Qt offscreen, and no test ever touches a real station profile; and the
fixtures shared by every part's tests (a real call center server, a throwaway PostgreSQL)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Anything that forgets to pass a data folder lands in a throwaway one, never in ~/.local.
_scratch = tempfile.mkdtemp(prefix="station-desk-tests-")
os.environ["STATION_DESK_DATA_DIR"] = _scratch
atexit.register(shutil.rmtree, _scratch, ignore_errors=True)

from tests.support.callcenter_server import callcenter_server  # noqa: E402, F401
from tests.support.postgres import postgres_cluster, postgres_url  # noqa: E402, F401
from tests.support.small_disk import small_disk  # noqa: E402, F401
