"""Where a station keeps its data: platform folder, overridable by --data-dir or an environment
variable so tests and support staff never touch a real profile by accident."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from common.errors import UserError

APP_NAME = "StationDesk"
DATA_DIR_ENV = "STATION_DESK_DATA_DIR"
DB_FILENAME = "station.sqlite3"
TOKEN_FILENAME = "token"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The station's data folder, created if missing (mode 700)."""
    chosen = override or os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_NAME)
    path = Path(chosen).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UserError(
            f"cannot create the data folder {path}: {reason}; choose another with --data-dir",
            f"无法创建数据文件夹 {path}:{reason};请用 --data-dir 指定其他位置") from exc
    return path
