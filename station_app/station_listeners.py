"""What the UI and the sync worker register on a `Station` to hear of its changes."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from station_app.sync_status import SyncStatus

OrdersChanged = Callable[[list[UUID], list[UUID]], None]
SyncStateChanged = Callable[[SyncStatus], None]


class Callbacks:
    """Plain callables the UI and the sync worker register; called from the thread that made
    the change (the UI adapts them to Qt signals)."""

    def __init__(self) -> None:
        self.orders_changed: list[OrdersChanged] = []
        self.sync_state: list[SyncStateChanged] = []
        self.local_write: list[Callable[[], None]] = []  # something new to send
        self.settings_changed: list[Callable[[], None]] = []  # the link's settings or token
