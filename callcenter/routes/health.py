"""`GET /v1/health`: is the service up, which database, what time the server has."""

from __future__ import annotations

from fastapi import APIRouter

from callcenter import db as database
from callcenter.routes.common import now
from station_app import wire

router = APIRouter(prefix="/v1", tags=["health"])
VERSION = "1"


@router.get("/health", response_model=wire.Health)
def health() -> wire.Health:
    kind = "postgresql" if database.is_postgres_db() else "sqlite"
    database.read(lambda: database.db.execute_sql("SELECT 1").fetchone())
    return wire.Health(version=VERSION, server_time=now(), database=kind)
