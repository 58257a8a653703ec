"""`GET /v1/sla-policy`: every time limit in force, its clock, its source in the manuals."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from callcenter.auth import Principal, current_principal
from callcenter.routes.common import config
from station_app import console_wire
from station_app.domain import sla

router = APIRouter(prefix="/v1", tags=["review"])


def _hours_text(cfg_hours: dict[int, tuple[object, object]]) -> str:
    days = "一二三四五六日"
    return ", ".join(f"周{days[d]} {a:%H:%M}–{b:%H:%M}"
                     for d, (a, b) in sorted(cfg_hours.items()))


@router.get("/sla-policy", response_model=console_wire.SlaPolicyTable)
def sla_policy(request: Request, who: Principal = Depends(current_principal)
               ) -> console_wire.SlaPolicyTable:
    """One row per limit: kind (and complaint level), deadline, value, clock (elapsed minutes,
    working minutes, working days, end of the Nth working day), what starts it and its source
    (seed and passage, or "our default: not in the manuals")."""
    cfg = config(request)
    policy = cfg.policy
    return console_wire.SlaPolicyTable(
        contact_rule=policy.contact_rule.value, at_risk_fraction=policy.at_risk_fraction,
        callback_attempts=policy.callback_attempts,
        callback_window_days=policy.callback_window_days,
        callback_min_gap_minutes=policy.callback_min_gap_minutes,
        timezone=str(cfg.tz), working_hours=_hours_text(dict(cfg.business_calendar.hours)),
        rows=[console_wire.SlaPolicyRow(**row) for row in sla.policy_table(policy)],
    )
