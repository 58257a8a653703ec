"""What the call center keeps about an order beside its events: the folded state, its deadlines,
flags and callback state. Ingest advances it one event at a time from what is stored (never
re-reading the order's history); a migration or a changed fold folds the events again; a changed
SLA policy or business calendar recomputes the deadlines from the stored state.

The state is the domain's own (`lifecycle.apply`, `sla.deadlines`): nothing here decides what
an event means, so changes to the fold or the time limits flow through.
"""

from __future__ import annotations

import hashlib
import json
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

from callcenter.config import CLOCK_OFF_MS, ServiceConfig
from station_app.domain import lifecycle, sla
from station_app.domain.events import CallbackOutcome, EventType
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_app.domain.lifecycle import FoldEvent, OrderState

DERIVED_VERSION = 5  # 4: phone-entered, the completion a reopen undid; 5: the audit list row's
# remaining fields as columns (customer, close date, callback outcome and mean, deadline starts
# and ends, the instants open deadlines turn at risk)
"""Bump when what is derived from the events changes: stored rows are then folded again."""

DEADLINE_COLUMNS: dict[sla.DeadlineName, tuple[str, str]] = {
    n: (f"{n.value}_due_at", f"{n.value}_done_at") for n in sla.DeadlineName
}
RISK_COLUMNS: dict[sla.DeadlineName, str] = {n: f"{n.value}_risk_at" for n in sla.DeadlineName}
"""When each open deadline turns at risk (`sla.turns_at_risk`); None once done or ended."""


@dataclass(frozen=True)
class Derived:
    """The fold's state plus what the audit reads off the events themselves."""

    state: OrderState = OrderState()
    backdated: bool = False
    clock_off: bool = False
    late_facts: bool = False
    phoned: bool = False                 # the station entered the order from a phone call
    without_callback: bool = False       # the last close gave a reason for no callback
    callback_outcome: str = ""           # outcome of the callback that decided it (since reopen)
    callback_mean: float | None = None   # mean score of the reached callback (since reopen)
    satisfaction_sum: float = 0.0        # every reached, scored callback, for the reports
    satisfaction_count: int = 0
    undone_at: datetime | None = None    # the completion (or decline) the last reopen undid


def _with(d: Derived, **changes: Any) -> Derived:
    """`dataclasses.replace` without its walk over every field at each call (ingest makes one
    or two per event); `Derived` has no ``__post_init__``."""
    new = object.__new__(Derived)
    new.__dict__.update(d.__dict__)  # frozen: setattr refuses, the instance dict does not
    new.__dict__.update(changes)
    return new


def fold_event_of(event_id: str | UUID, etype: str, occurred_at: datetime,
                  station_code: str | None, content: Mapping[str, Any]) -> FoldEvent:
    """The fold's view of one stored (or about to be stored) event, from its wire JSON."""
    # A station's time on the call center's clock (corrected by the offset it measured).
    at = lifecycle.corrected_time(occurred_at, content.get("clock_offset_ms"))
    uid = event_id if isinstance(event_id, UUID) else UUID(event_id)  # ingest passes a UUID
    return FoldEvent(uid, etype, at, station_code, content.get("payload") or {})


def seen(d: Derived, content: Mapping[str, Any], stored_status: str) -> Derived:
    """The flags the reviewer reads off every stored entry, voided ones too."""
    offset = content.get("clock_offset_ms")
    by_station = content.get("station_code") is not None
    # only the station's own entries (a call center's handling-log line is not backdating)
    backdated = d.backdated or (by_station and bool(content.get("backdate_reason")))
    clock_off = d.clock_off or (by_station and offset is not None
                                and abs(offset) > CLOCK_OFF_MS)
    late_facts = d.late_facts or stored_status == "late"
    phoned = d.phoned or (by_station and content.get("phoned_at") is not None)
    if (backdated, clock_off, late_facts, phoned) == (d.backdated, d.clock_off, d.late_facts,
                                                      d.phoned):
        return d  # most entries raise no flag: no copy of the state for them
    return _with(d, backdated=backdated, clock_off=clock_off, late_facts=late_facts,
                   phoned=phoned)


def advance(d: Derived, fe: FoldEvent, content: Mapping[str, Any], stored_status: str
            ) -> Derived:
    """``d`` after one more stored event (``stored_status``: accepted | late)."""
    out = _with(seen(d, content, stored_status), state=lifecycle.apply(d.state, fe))
    if fe.type == EventType.CLOSED.value:
        out = _with(out, without_callback=bool(fe.payload.get("without_callback_reason")))
    if stored_status != "accepted":
        return out
    if fe.type == EventType.REOPENED.value:
        undone = d.state.completed_at or d.state.declined_at
        return _with(out, callback_outcome="", callback_mean=None,
                       undone_at=undone or d.undone_at)
    if fe.type == EventType.CALLBACK.value:
        payload = fe.payload
        outcome = str(payload.get("outcome", ""))
        mean = _scores_mean(payload.get("scores")) if outcome == CallbackOutcome.REACHED else None
        if mean is not None:
            out = _with(out, satisfaction_sum=out.satisfaction_sum + mean,
                          satisfaction_count=out.satisfaction_count + 1)
        decided = outcome == CallbackOutcome.REACHED or bool(payload.get("unreachable"))
        if decided and not d.callback_outcome:
            out = _with(out, callback_outcome=outcome, callback_mean=mean)
    return out


def _scores_mean(scores: Any) -> float | None:
    if not scores:
        return None
    from station_app import wire

    return wire.Scores.model_validate(scores).mean


def full(events: Iterable[tuple[FoldEvent, Mapping[str, Any], str]]) -> Derived:
    """The same, folded from an order's whole history (server order), leaving out the
    entries a station voided."""
    events = list(events)
    voided = lifecycle.voided_ids(fe for fe, _c, _s in events)
    d = Derived()
    for fe, content, status in events:
        if str(fe.id) not in voided:
            d = advance(d, fe, content, status)
        else:  # out of the fold, still on the reviewer's record
            d = seen(d, content, status)
    return d


def callback_state(d: Derived) -> str:
    """reached | unreachable | pending."""
    if d.state.callback_reached_at is not None:
        return "reached"
    return "unreachable" if d.state.callback_unreachable else "pending"


def callback_unreached(d: Derived) -> int:
    return max(0, d.state.callback_attempts - (d.state.callback_reached_at is not None))


_DUE: dict[tuple[str, sla.Limit, datetime], datetime] = {}
_RISK: dict[tuple[str, sla.Limit, datetime], datetime | None] = {}
_DUE_KEEP = 200_000  # due times remembered (an order's start rarely moves between batches)


def due_of(config: ServiceConfig) -> Callable[[sla.Limit, datetime], datetime]:
    """``limit.due(start, calendar)``, remembered per config: an order's deadlines start
    when it is assigned or completed, so ingest asks the same again at every batch."""
    calendar, key = config.business_calendar, policy_fingerprint(config)

    def due(limit: sla.Limit, start: datetime) -> datetime:
        at = _DUE.get((key, limit, start))
        if at is None:
            if len(_DUE) >= _DUE_KEEP:
                _DUE.clear()
            at = _DUE[(key, limit, start)] = limit.due(start, calendar)
        return at

    return due


def _risk_of(config: ServiceConfig
             ) -> Callable[[sla.Limit, datetime, datetime], datetime | None]:
    """`sla.turns_at_risk`, remembered per config like `due_of` (the due time follows from
    the limit and the start)."""
    policy, calendar, key = config.policy, config.business_calendar, policy_fingerprint(config)

    def risk(limit: sla.Limit, start: datetime, due: datetime) -> datetime | None:
        memo = (key, limit, start)
        if memo in _RISK:
            return _RISK[memo]
        if len(_RISK) >= _DUE_KEEP:
            _RISK.clear()
        at = _RISK[memo] = sla.turns_at_risk(limit, start, due, policy, calendar)
        return at

    return risk


def order_deadlines(kind: str, level: str | None, state: OrderState, now: datetime,
                    config: ServiceConfig) -> list[sla.Deadline]:
    return sla.deadlines(OrderKind(kind), ComplaintLevel(level) if level else None, state, now,
                         config.policy, config.business_calendar, due_of(config))


def columns(d: Derived, data: Mapping[str, Any], now: datetime, config: ServiceConfig,
            encoded: bool = True) -> dict[str, Any]:
    """The order row's query columns for ``d`` (``data``: the order's wire JSON). Not
    ``encoded``: ``derived`` keeps its moments, enums and ids as they are, for an encoder
    that writes them to JSON itself (pydantic-core's)."""
    s = d.state
    customer = data.get("customer") or {}
    out: dict[str, Any] = {
        "status": s.status.value if s.status else "new",
        "done_at": s.completed_at or s.declined_at,
        "closed_at": s.closed_at,
        "reopened_count": s.reopened_count,
        "derived": to_json(d, encoded),
        "flag_backdated": d.backdated,
        "flag_clock_off": d.clock_off,
        "flag_late_facts": d.late_facts,
        "flag_phoned": d.phoned,
        "flag_corrected": bool(s.correction_ids),
        "flag_urged": s.urges > 0,
        "flag_without_callback": d.without_callback,
        "reopened_done_at": d.undone_at,
        "callback_state": callback_state(d),
        "callback_unreached": callback_unreached(d),
        "satisfaction_sum": d.satisfaction_sum,
        "satisfaction_count": d.satisfaction_count,
        "complaint_level": data.get("complaint_level"),
        "customer_name": customer.get("name", ""),
        "customer_phone": customer.get("phone", ""),
        "close_date": s.close_date.isoformat() if s.close_date else None,
        "callback_outcome": d.callback_outcome,
        "callback_mean": d.callback_mean,
        "assigned_at": s.assigned_at,
        "cancelled_at": s.cancelled_at,
        "declined_at": s.declined_at,
    }
    out.update(deadline_columns(s, data, now, config))
    return out


def deadline_columns(state: OrderState, data: Mapping[str, Any], now: datetime,
                     config: ServiceConfig) -> dict[str, Any]:
    out: dict[str, Any] = {c: None for pair in DEADLINE_COLUMNS.values() for c in pair}
    out.update({c: None for c in RISK_COLUMNS.values()})
    level = data.get("complaint_level")
    for name, due, done, risk in sla.deadline_times(
            OrderKind(data["kind"]), ComplaintLevel(level) if level else None, state, now,
            config.policy, config.business_calendar, due_of(config), _risk_of(config)):
        due_col, done_col = DEADLINE_COLUMNS[name]
        out[due_col], out[done_col], out[RISK_COLUMNS[name]] = due, done, risk
    out["derived_policy"] = policy_fingerprint(config)
    return out


_FINGERPRINTS: dict[int, tuple[ServiceConfig, str]] = {}
FINGERPRINTS_KEPT = 16  # configs remembered (a server has one; a script may make many)


def policy_fingerprint(config: ServiceConfig) -> str:
    """Names the SLA policy and business calendar the stored deadlines were computed with."""
    known = _FINGERPRINTS.get(id(config))
    if known is not None and known[0] is config:
        return known[1]
    text = json.dumps([config.policy.to_json(), config.business_calendar.to_json()],
                      sort_keys=True)
    fp = hashlib.sha256(text.encode()).hexdigest()[:16]
    if len(_FINGERPRINTS) >= FINGERPRINTS_KEPT:
        _FINGERPRINTS.clear()
    _FINGERPRINTS[id(config)] = (config, fp)  # the config is kept, so its id stays its own
    return fp


# -- the state as JSON ----------------------------------------------------------------------

_DECODERS: dict[str, Any] = {}


def _decoders() -> dict[str, Any]:
    """Per field of the state, how its JSON value becomes the field's type (worked out once
    from the type hints, so fields added to the state are kept without code here)."""
    if not _DECODERS:
        for name, hint in typing.get_type_hints(OrderState).items():
            _DECODERS[name] = _decoder(hint)
    return _DECODERS


_ISO: dict[datetime, str] = {}
_ISO_KEEP = 200_000


def _iso(value: datetime) -> str:
    """``value.isoformat()``, remembered for UTC times: an order's moments come back with
    every event of it, and formatting one cost more than the rest of its encoding."""
    if value.tzinfo is not UTC:  # equal moments in other zones are written differently
        return value.isoformat()
    text = _ISO.get(value)
    if text is None:
        if len(_ISO) >= _ISO_KEEP:
            _ISO.clear()
        text = _ISO[value] = value.isoformat()
    return text


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_encode(v) for v in value]
    if isinstance(value, UUID):
        return str(value)
    return value


def _decoder(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
        origin = typing.get_origin(hint)
    if origin is tuple:
        inner = _decoder(typing.get_args(hint)[0])
        return lambda v: tuple(inner(x) for x in v)
    if isinstance(hint, type):
        if issubclass(hint, Enum):
            return hint
        if issubclass(hint, datetime):
            return datetime.fromisoformat
        if issubclass(hint, date):
            return date.fromisoformat
        if issubclass(hint, UUID):
            return UUID
    return None


_ENCODERS: list[tuple[str, Any]] = []


def _encoders() -> list[tuple[str, Any]]:
    """The fields of the state whose values are not JSON as they are, each with how it
    becomes JSON: worked out once from the type hints like `_decoders`."""
    if not _ENCODERS:
        for name, hint in typing.get_type_hints(OrderState).items():
            if _decoder(hint) is not None:
                _ENCODERS.append((name, _encode))
    return _ENCODERS


def _none_by_default(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls) if f.default is None)


_STATE_NONE = _none_by_default(OrderState)


def state_to_json(state: OrderState, encoded: bool = True) -> dict[str, Any]:
    """The state as JSON; a field that is None, as it is by default, is left out (the stored
    text is about half as long, and `state_from_json` reads it back the same)."""
    out = {k: v for k, v in state.__dict__.items() if v is not None or k not in _STATE_NONE}
    if not encoded:
        return out
    for name, encode in _encoders():
        value = out.get(name)
        if value is not None:
            out[name] = encode(value)
    return out


def state_from_json(data: Mapping[str, Any]) -> OrderState:
    decoders = _decoders()
    values = {}
    for k, v in data.items():
        if k in decoders:
            decode = decoders[k]
            values[k] = decode(v) if decode is not None and v is not None else v
    return OrderState(**values)


def to_json(d: Derived, encoded: bool = True) -> dict[str, Any]:
    out = {k: v for k, v in d.__dict__.items()
           if k != "state" and (v is not None or k not in _DERIVED_NONE)}  # as the state's
    if d.undone_at and encoded:
        out["undone_at"] = _iso(d.undone_at)
    out["state"] = state_to_json(d.state, encoded)
    out["version"] = DERIVED_VERSION
    return out


_DERIVED_NONE = _none_by_default(Derived)


def from_json(data: Mapping[str, Any] | None) -> Derived | None:
    """The stored value, or None when there is none or it was derived by another version."""
    if not data or data.get("version") != DERIVED_VERSION:
        return None
    known = {f.name for f in fields(Derived)} - {"state", "undone_at"}
    undone = data.get("undone_at")
    return Derived(state=state_from_json(data["state"]),
                   undone_at=datetime.fromisoformat(undone) if undone else None,
                   **{k: v for k, v in data.items() if k in known})
