"""The console's words for the review vocabulary (callback outcomes, scores, audit flags,
roles) and the callback script (回访话术) filled in from the order, all through `translate`."""

from __future__ import annotations

import html
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from station_app import console_wire, wire
from station_app.domain.events import SCORE_NAMES, CallbackOutcome, EventType

translate = QCoreApplication.translate


def callback_outcome(value: str) -> str:
    table: dict[str, str] = {
        CallbackOutcome.REACHED.value: translate("ConsoleTexts", "Reached"),
        CallbackOutcome.NO_ANSWER.value: translate("ConsoleTexts", "No answer"),
        CallbackOutcome.REFUSED.value: translate("ConsoleTexts", "Refused"),
        CallbackOutcome.NOT_OWNER.value: translate("ConsoleTexts", "Not the owner"),
        CallbackOutcome.VEHICLE_SOLD.value: translate("ConsoleTexts", "Vehicle sold"),
    }
    return table.get(str(value), str(value))


def score_name(name: str) -> str:
    table = {
        "skill": translate("ConsoleTexts", "Service skill"),
        "attitude": translate("ConsoleTexts", "Attitude"),
        "timeliness": translate("ConsoleTexts", "Timeliness"),
        "parts": translate("ConsoleTexts", "Parts supply"),
        "overall": translate("ConsoleTexts", "Overall"),
    }
    return table.get(name, name)


FLAG_NAMES = ("contact_late", "completion_late", "backdated", "clock_off", "late_facts",
              "reopened_before", "phone_entered", "corrected", "urged", "without_callback")


def flag(name: str) -> str:
    table = {
        "contact_late": translate("ConsoleTexts", "Contact late"),
        "completion_late": translate("ConsoleTexts", "Completion late"),
        "backdated": translate("ConsoleTexts", "Backdated entries"),
        "clock_off": translate("ConsoleTexts", "Station clock off"),
        "late_facts": translate("ConsoleTexts", "Facts after cancellation"),
        "reopened_before": translate("ConsoleTexts", "Reopened before"),
        "phone_entered": translate("ConsoleTexts", "Phone-entered"),
        "corrected": translate("ConsoleTexts", "Filled in afterwards"),
        "urged": translate("ConsoleTexts", "Urged"),
        "without_callback": translate("ConsoleTexts", "Closed without callback"),
    }
    return table.get(name, name)


def flags_text(flags: console_wire.AuditFlags) -> str:
    return "、".join(flag(n) for n in FLAG_NAMES if getattr(flags, n))


def role(value: str) -> str:
    table = {
        "station": translate("ConsoleTexts", "Station"),
        "dispatcher": translate("ConsoleTexts", "Dispatcher"),
        "reviewer": translate("ConsoleTexts", "Dispatch reviewer"),
        "admin": translate("ConsoleTexts", "Administrator"),
    }
    return table.get(value, value)


def audit_state(value: str) -> str:
    table = {"unaudited": translate("ConsoleTexts", "Unaudited"),
             "audited": translate("ConsoleTexts", "Audited"),
             "all": translate("ConsoleTexts", "All")}
    return table.get(value, value)


def scores_text(scores: dict[str, int]) -> str:
    return " ".join(f"{score_name(n)} {scores.get(n, '')}" for n in SCORE_NAMES)


def money(value: Decimal | str | float) -> str:
    return f"¥{Decimal(str(value)):,.2f}"


def _last(events: list[wire.Event], etype: EventType) -> wire.Event | None:
    return next((e for e in reversed(events) if e.type is etype), None)


def callback_script(item: console_wire.AuditOrder, zone: tzinfo) -> str:
    """The callback script as HTML (the seeds' 回访 structure: opening, the checks — with what
    the station reported beside them, so the reviewer can compare — the scoring, the closing);
    times in ``zone``."""
    order = item.order
    e = html.escape
    arrived = _last(item.events, EventType.ARRIVED)
    completed = _last(item.events, EventType.COMPLETED)
    body = completed.payload if completed else {}
    parts = ("、".join(p.get("name", "") for p in body.get("parts") or [])
             or translate("ConsoleTexts", "none"))
    fees = (wire.Fees.model_validate(body["fees_out_of_warranty"]).total
            if body.get("fees_out_of_warranty") else Decimal(0))

    reading = " / ".join(f"{v:g} {unit}" for v, unit in (
        (body.get("mileage_km"), "km"), (body.get("machine_hours"), "h")) if v is not None) or "—"

    def reported(text: str) -> str:
        return f' <span style="color:#1565c0">[{e(text)}]</span>'

    opening = translate(
        "ConsoleTexts", "Hello, is this %1? I am calling from the manufacturer's customer "
        "service center about the service you had on %2. Could you spare two minutes?")
    opening = opening.replace("%1", e(order.customer.name)).replace(
        "%2", order.issued_at.astimezone(zone).strftime("%m-%d"))
    station_times = translate("ConsoleTexts", "station: arrived %1, finished %2").replace(
        "%1", local_time(arrived, zone)).replace("%2", local_time(completed, zone))
    checks = [
        translate("ConsoleTexts", "Confirm identity: are you the owner, or were you there "
                  "during the service?"),
        translate("ConsoleTexts", "You reported: %1. Did the service station come (or call "
                  "you)?").replace("%1", e(order.statement[:60] or order.location)),
        translate("ConsoleTexts", "When did the technician arrive, and when did he finish?")
        + reported(station_times),
        translate("ConsoleTexts", "What was done, and which parts were replaced?")
        + reported(f"{body.get('work_done', '')}; {parts}"),
        translate("ConsoleTexts", "Out of warranty: how much were you charged?")
        + reported(money(fees)),
        translate("ConsoleTexts", "How many kilometres (or working hours) does the vehicle "
                  "show now?") + reported(reading),
        translate("ConsoleTexts", "Where was it serviced?") + reported(order.location),
        translate("ConsoleTexts", "Is the problem solved? Is the vehicle running normally now?"),
        translate("ConsoleTexts", "Is anything left unresolved?"),
    ]
    scoring = translate(
        "ConsoleTexts", "Please rate from 1 (very dissatisfied) to 5 (very satisfied): "
        "service skill, attitude, timeliness, parts supply, overall.")
    closing = translate(
        "ConsoleTexts", "Please keep up regular maintenance; if anything comes up, call our "
        "service hotline. Thank you for your support, goodbye! (Let the customer hang up "
        "first.)")
    heads = [translate("ConsoleTexts", "Opening"), translate("ConsoleTexts", "Checks"),
             translate("ConsoleTexts", "Scores"), translate("ConsoleTexts", "Closing")]
    items = "".join(f"<li>{c}</li>" for c in checks)
    return (f"<p><b>{heads[0]}</b>: {opening}</p>"
            f"<p><b>{heads[1]}</b></p><ol>{items}</ol>"
            f"<p><b>{heads[2]}</b>: {scoring}</p>"
            f"<p><b>{heads[3]}</b>: {closing}</p>")


def local_time(event: wire.Event | None, zone: tzinfo) -> str:
    """When a station event happened, corrected for the station's clock, in ``zone``."""
    if event is None:
        return "—"
    return corrected(event).astimezone(zone).strftime("%m-%d %H:%M")


CLOCK_OFF = timedelta(minutes=2)


def corrected(event: wire.Event) -> datetime:
    """The event's time corrected by the station's clock offset (server minus station)."""
    if event.station_code is None or not event.clock_offset_ms:
        return event.occurred_at
    return event.occurred_at + timedelta(milliseconds=event.clock_offset_ms)


def clock_was_off(event: wire.Event) -> bool:
    return (event.station_code is not None and event.clock_offset_ms is not None
            and abs(event.clock_offset_ms) > CLOCK_OFF / timedelta(milliseconds=1))


def limit_text(limit: str) -> str:
    """A limit as the service states it ("15 elapsed") in the interface's words."""
    amount, _, clock = limit.partition(" ")
    table = {
        "elapsed": translate("ConsoleTexts", "%1 min"),
        "working": translate("ConsoleTexts", "%1 working min"),
        "working_days": translate("ConsoleTexts", "%1 working days"),
        "end_of_working_days": translate("ConsoleTexts", "by the close of working day %1"),
    }
    return table[clock].replace("%1", amount) if clock in table else limit
