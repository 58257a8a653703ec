"""What the interface calls the domain's values (statuses, kinds, event types...), translated.

Each table is written as literal `QCoreApplication.translate` calls so lupdate finds every
string; the Chinese in the catalogue uses the words of the call center's manuals. Tables are
built once per language (`clear()` after switching).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from station_app.domain.events import ContactOutcome, EventType, FormName
from station_app.domain.kinds import ComplaintLevel, OrderKind
from station_app.domain.lifecycle import Status
from station_app.domain.sla import DeadlineName, SlaState
from station_app.order_detail import Notice, SyncMark
from station_app.orders_query import OrderFilter

Table = dict[str, str]
_cache: dict[Callable[[], Table], Table] = {}


def clear() -> None:
    _cache.clear()


def _look(table: Callable[[], Table], value: str | StrEnum) -> str:
    built = _cache.get(table)
    if built is None:
        built = _cache[table] = table()
    key = value.value if isinstance(value, StrEnum) else value
    return built.get(key, key)


def _kinds() -> Table:
    return {
        OrderKind.RESCUE: QCoreApplication.translate("Labels", "Rescue"),
        OrderKind.FAULT_MODE: QCoreApplication.translate("Labels", "New fault mode"),
        OrderKind.DISPATCH: QCoreApplication.translate("Labels", "Dispatch"),
        OrderKind.COMPLAINT: QCoreApplication.translate("Labels", "Complaint"),
        OrderKind.REPAIR: QCoreApplication.translate("Labels", "Repair"),
    }


def _levels() -> Table:
    return {
        ComplaintLevel.GENERAL: QCoreApplication.translate("Labels", "General complaint"),
        ComplaintLevel.MEDIUM: QCoreApplication.translate("Labels", "Medium complaint"),
        ComplaintLevel.STRONG: QCoreApplication.translate("Labels", "Strong complaint"),
    }


def _statuses() -> Table:
    return {
        Status.NEW: QCoreApplication.translate("Labels", "New"),
        Status.RECEIVED: QCoreApplication.translate("Labels", "Received"),
        Status.CONTACTED: QCoreApplication.translate("Labels", "Contacted"),
        Status.APPOINTED: QCoreApplication.translate("Labels", "Appointment booked"),
        Status.DEPARTED: QCoreApplication.translate("Labels", "On the road"),
        Status.ARRIVED: QCoreApplication.translate("Labels", "Arrived"),
        Status.COMPLETED: QCoreApplication.translate("Labels", "Completed (pending review)"),
        Status.DECLINED: QCoreApplication.translate("Labels", "Cannot serve"),
        Status.CANCELLED: QCoreApplication.translate("Labels", "Cancelled"),
        Status.CLOSED: QCoreApplication.translate("Labels", "Closed"),
    }


def _event_types() -> Table:
    return {
        EventType.RECEIVED: QCoreApplication.translate("Labels", "Received"),
        EventType.CONTACT_ATTEMPT: QCoreApplication.translate("Labels", "Phoned the customer"),
        EventType.APPOINTMENT_BOOKED: QCoreApplication.translate("Labels", "Appointment booked"),
        EventType.DEPARTED: QCoreApplication.translate("Labels", "Departed"),
        EventType.ARRIVED: QCoreApplication.translate("Labels", "Arrived"),
        EventType.COMPLETED: QCoreApplication.translate("Labels", "Completed"),
        EventType.DECLINED: QCoreApplication.translate("Labels", "Cannot serve"),
        EventType.NOTE: QCoreApplication.translate("Labels", "Note"),
        EventType.FORM_PRINTED: QCoreApplication.translate("Labels", "Form printed"),
        EventType.VOIDED: QCoreApplication.translate("Labels", "Entry taken back"),
        EventType.ISSUED: QCoreApplication.translate("Labels", "Issued by the call center"),
        EventType.UPDATED: QCoreApplication.translate("Labels", "Updated by the call center"),
        EventType.CANCELLED: QCoreApplication.translate("Labels", "Cancelled by the call center"),
        EventType.REASSIGNED: QCoreApplication.translate("Labels", "Reassigned"),
        EventType.CALLBACK: QCoreApplication.translate("Labels", "Customer callback"),
        EventType.CLOSED: QCoreApplication.translate("Labels", "Audited and closed"),
        EventType.REOPENED: QCoreApplication.translate("Labels", "Reopened"),
        EventType.SENT_BACK: QCoreApplication.translate("Labels", "Sent back to re-fill"),
        EventType.URGED: QCoreApplication.translate("Labels", "Urged by the call center"),
    }


def _outcomes() -> Table:
    return {
        ContactOutcome.REACHED: QCoreApplication.translate("Labels", "Reached the customer"),
        ContactOutcome.NO_ANSWER: QCoreApplication.translate("Labels", "No answer"),
        ContactOutcome.BUSY: QCoreApplication.translate("Labels", "Line busy"),
        ContactOutcome.WRONG_NUMBER: QCoreApplication.translate("Labels", "Wrong number"),
        ContactOutcome.REFUSED: QCoreApplication.translate("Labels", "Customer refused"),
    }


def _forms() -> Table:
    return {
        FormName.OUTSIDE_SERVICE: QCoreApplication.translate("Labels", "Outside-service form"),
        FormName.APPOINTMENT: QCoreApplication.translate("Labels", "Appointment form"),
        FormName.JOB_SHEET: QCoreApplication.translate("Labels", "Job sheet"),
    }


def _deadlines() -> Table:
    return {
        DeadlineName.CONTACT: QCoreApplication.translate("Labels", "Contact the customer"),
        DeadlineName.APPOINTMENT: QCoreApplication.translate("Labels", "Book the appointment"),
        DeadlineName.COMPLETION: QCoreApplication.translate("Labels", "Complete the job"),
        DeadlineName.CALLBACK: QCoreApplication.translate("Labels", "Call center callback"),
    }


def _sla_states() -> Table:
    return {
        SlaState.MET: QCoreApplication.translate("Labels", "Met"),
        SlaState.ON_TRACK: QCoreApplication.translate("Labels", "On track"),
        SlaState.AT_RISK: QCoreApplication.translate("Labels", "At risk"),
        SlaState.BREACHED: QCoreApplication.translate("Labels", "Overdue"),
        SlaState.MISSED: QCoreApplication.translate("Labels", "Missed"),
        SlaState.NOT_MET: QCoreApplication.translate("Labels", "Not met"),
        SlaState.VOID: QCoreApplication.translate("Labels", "Not counted"),
    }


def _sync_marks() -> Table:
    return {
        SyncMark.WAITING: QCoreApplication.translate("Labels", "Waiting to send"),
        SyncMark.HELD: QCoreApplication.translate("Labels", "Held until matched"),
        SyncMark.DELIVERED: QCoreApplication.translate("Labels", "Delivered"),
        SyncMark.LATE: QCoreApplication.translate("Labels", "Delivered late"),
        SyncMark.REJECTED: QCoreApplication.translate("Labels", "Rejected"),
        SyncMark.FROM_SERVER: QCoreApplication.translate("Labels", "From the call center"),
        SyncMark.WITHDRAWN: QCoreApplication.translate("Labels", "Lost at the call center"),
    }


def _notices() -> Table:
    return {
        Notice.CANCELLED: QCoreApplication.translate(
            "Labels", "The call center cancelled this order"),
        Notice.REASSIGNED_AWAY: QCoreApplication.translate(
            "Labels", "This order was reassigned to another station"),
        Notice.REOPENED: QCoreApplication.translate(
            "Labels", "The call center reopened this order"),
        Notice.SENT_BACK: QCoreApplication.translate(
            "Labels", "Sent back: correct the completion report"),
        Notice.URGED: QCoreApplication.translate(
            "Labels", "The call center urges this order"),
        Notice.GONE_FROM_CALL_CENTER: QCoreApplication.translate(
            "Labels", "The call center no longer has this order: its database was restored from "
            "an older backup, and what this station sent for it is lost there. Phone the call "
            "center with the order number"),
        Notice.RESTORED_AT_CALL_CENTER: QCoreApplication.translate(
            "Labels", "The call center's database was restored from an older backup: what it did "
            "to this order since (marked lost in the history) no longer counts, and the order "
            "stands as the call center has it now. Phone the call center if in doubt"),
    }


def _filters() -> Table:
    return {
        OrderFilter.OPEN: QCoreApplication.translate("Labels", "Open"),
        OrderFilter.DUE_SOON: QCoreApplication.translate("Labels", "Due soon"),
        OrderFilter.OVERDUE: QCoreApplication.translate("Labels", "Overdue"),
        OrderFilter.WAITING_SYNC: QCoreApplication.translate("Labels", "Waiting for sync"),
        OrderFilter.CLOSED: QCoreApplication.translate("Labels", "Finished"),
        OrderFilter.ALL: QCoreApplication.translate("Labels", "All"),
    }


def kind(value: str) -> str:
    return _look(_kinds, value)


def complaint_level(value: str) -> str:
    return _look(_levels, value)


def status(value: str) -> str:
    return _look(_statuses, value)


def event_type(value: str) -> str:
    return _look(_event_types, value)


def contact_outcome(value: str) -> str:
    return _look(_outcomes, value)


def form(value: str) -> str:
    return _look(_forms, value)


def deadline(value: str) -> str:
    return _look(_deadlines, value)


def sla_state(value: str) -> str:
    return _look(_sla_states, value)


def sync_mark(value: str) -> str:
    return _look(_sync_marks, value)


def notice(value: str) -> str:
    return _look(_notices, value)


def order_filter(value: str) -> str:
    return _look(_filters, value)
