"""What this process last read or wrote of each order row, by the row's stored texts: a batch on
an order an earlier batch touched skips decoding its state and data, and writes only the
derived columns whose values changed.

The stored texts say whether a memo is current: the derived columns are a function of the
derived state, the order's data and the SLA policy (`callcenter.derived.columns`), so a row
whose ``derived``, ``data`` and ``derived_policy`` are the texts this process wrote holds the
columns it wrote with them, whoever wrote the row since. Decoded values are never changed in
place (a changed order gets new ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pydantic_core

from callcenter import derived

KEEP = 10_000  # orders remembered, the least recently written go first (~4 kB each)


@dataclass(frozen=True)
class Seen:
    derived_text: str
    derived: derived.Derived
    data_text: str
    data: dict[str, Any]
    policy: str
    columns: dict[str, Any] | None  # the derived columns' values stored with these texts


_SEEN: dict[str, Seen] = {}


def read(order_id: str, derived_text: str | None, data_text: str, policy: str
         ) -> tuple[derived.Derived | None, dict[str, Any], dict[str, Any] | None]:
    """The row's derived state (None: not derived yet, or by another version), its data, and
    the derived columns' values it holds if this process knows them."""
    seen = _SEEN.get(order_id)
    if seen is not None and seen.derived_text == derived_text and seen.data_text == data_text:
        return seen.derived, seen.data, seen.columns if seen.policy == policy else None
    d = (derived.from_json(pydantic_core.from_json(derived_text)) if derived_text is not None
         else None)
    data = (seen.data if seen is not None and seen.data_text == data_text
            else pydantic_core.from_json(data_text))
    if d is not None and derived_text is not None:
        _keep(order_id, Seen(derived_text, d, data_text, data, policy, None))
    return d, data, None


def wrote(order_id: str, derived_text: str, d: derived.Derived, data_text: str,
          data: dict[str, Any], columns: dict[str, Any]) -> None:
    """The row now holds these texts and ``columns`` (with their ``derived_policy``)."""
    _keep(order_id, Seen(derived_text, d, data_text, data, columns["derived_policy"], columns))


def _keep(order_id: str, seen: Seen) -> None:
    if _SEEN.pop(order_id, None) is None and len(_SEEN) >= KEEP:
        del _SEEN[next(iter(_SEEN))]  # the oldest: dicts keep their order of insertion
    _SEEN[order_id] = seen
