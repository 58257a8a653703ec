"""The station a form is printed at: what its header and footer say about it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StationInfo:
    name: str
    erp_code: str  # 5 digits
    address: str = ""
    phone: str = ""
