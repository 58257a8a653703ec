"""What the call center's console and the service exchange beside the sync: the dispatcher's
and reviewer's requests, the audit, the board, the reports and the SLA table. The station core
does not use these (its contract is `station_app.wire`); they sit beside it because both sides
import them: `callcenter` (the service) and `station_app.console_client` / `ui/console`."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal
from uuid import UUID

from pydantic import Field

from station_app.domain.events import CallbackOutcome
from station_app.wire import Event, Scores
from station_app.wire_fields import Day, ErpCode, LongText, Text, UtcDatetime, WireModel
from station_app.wire_orders import Order

# ---------------------------------------------------------------------------------------------
# Call center requests and review (audit, callbacks, reports): what the console sends and reads


class CancelRequest(WireModel):
    reason: Text = Field(min_length=1)


class ReassignRequest(WireModel):
    to_station: ErpCode
    reason: Text = Field(min_length=1)


class CallbackRequest(WireModel):
    """A callback as the reviewer records it; the server numbers the attempt and applies the
    three-unreachable-attempts rule (different occasions, within the window)."""

    outcome: CallbackOutcome
    note: LongText = ""
    scores: Scores | None = None
    # When the call was made (from the phone log); now when absent. Not in the future, not
    # before the completion.
    occurred_at: UtcDatetime | None = None


class CloseRequest(WireModel):
    close_date: Day | None = None  # 关单日期; today (call center's zone) when absent
    note: Text = ""
    # Closing without a finished callback needs the reason (the report counts these).
    without_callback_reason: Text = ""


class SendBackRequest(WireModel):
    """退回: ``refill`` (退回重填) the station corrects its report; ``redo`` (退回重办) a new
    visit, the order is reopened and its deadlines restart."""

    mode: Literal["refill", "redo"]
    reason: Text = Field(min_length=1)


class LogRequest(WireModel):
    """A handling-log line (处理情况) by a dispatcher or reviewer; ``at`` defaults to now."""

    text: LongText = Field(min_length=1)
    at: UtcDatetime | None = None


class UrgeRequest(WireModel):
    reason: Text = Field(min_length=1)


class SlaPolicyRow(WireModel):
    kind: str
    level: str | None = None
    deadline: str
    deadline_zh: str
    amount: float
    clock: str
    clock_zh: str
    starts_at: str
    source: str


class SlaPolicyTable(WireModel):
    """`GET /v1/sla-policy`: every limit in force, its clock and its source."""

    contact_rule: str
    at_risk_fraction: float
    callback_attempts: int
    callback_window_days: int
    callback_min_gap_minutes: int
    timezone: str
    working_hours: str
    rows: list[SlaPolicyRow]


class ReopenRequest(WireModel):
    reason: Text = Field(min_length=1)


class AuditFlags(WireModel):
    contact_late: bool = False       # first contact (or appointment) after its deadline
    completion_late: bool = False    # completed after its deadline (or still open past it)
    backdated: bool = False          # an entry was recorded later than it happened, with a reason
    clock_off: bool = False          # the station's clock was off by more than 2 min
    late_facts: bool = False         # facts arrived after a cancel or reassignment
    reopened_before: bool = False
    corrected: bool = False          # the station filled in facts after its completion report
    urged: bool = False              # the dispatcher urged the station (催办)
    without_callback: bool = False   # closed without a finished callback (reason given)
    phone_entered: bool = False      # the station entered the order from a phone call


class AuditDeadline(WireModel):
    name: str
    due_at: UtcDatetime
    done_at: UtcDatetime | None = None
    state: str  # met / missed / breached / on_track / at_risk / not_met / void
    started_at: UtcDatetime | None = None
    limit: str = ""  # e.g. "15 elapsed", for the board and the audit
    at_risk_at: UtcDatetime | None = None  # on the board: when the open deadline turns at risk


class AuditTime(WireModel):
    """An event's time as the station stated it and on the call center's clock."""

    event_id: UUID
    station_time: UtcDatetime
    corrected_time: UtcDatetime
    clock_offset_ms: int | None = None
    entered_by: Literal["station", "call_center"]
    correction: bool = False  # filled in after the completion report


class ReportChange(WireModel):
    """One field of the completion report the station changed after a send-back."""

    field: str
    before: Any = None
    after: Any = None


class AuditOrder(WireModel):
    order: Order
    station_name: str
    customer_phone: str
    status: str
    audited: bool
    close_date: date | None = None
    done_at: UtcDatetime | None = None
    events: list[Event]
    late_event_ids: list[UUID] = Field(default_factory=list)
    flags: AuditFlags
    deadlines: list[AuditDeadline] = Field(default_factory=list)
    callbacks: list[Event] = Field(default_factory=list)
    forms_printed: list[Event] = Field(default_factory=list)
    times: list[AuditTime] = Field(default_factory=list)  # same order as ``events``
    handling_log: list[Event] = Field(default_factory=list)  # the call center's notes
    report_changes: list[ReportChange] = Field(default_factory=list)
    completed_at: UtcDatetime | None = None


class AuditPage(WireModel):
    date: date
    timezone: str
    state: Literal["unaudited", "audited", "all"]
    orders: list[AuditOrder]
    next_cursor: str | None = None  # more orders follow: ask again with this cursor


AUDIT_PAGE_MAX = 500
AuditFlagName = Literal["contact_late", "completion_late", "backdated", "clock_off",
                        "late_facts", "reopened_before", "phone_entered", "corrected", "urged",
                        "without_callback"]


class AuditRow(WireModel):
    """One line of the audit list: a summary, not the timeline (`GET /v1/audit/orders/{id}`)."""

    id: UUID
    business_no: str
    station_code: str
    station_name: str
    kind: str
    complaint_level: str | None = None
    customer_name: str
    customer_phone: str
    done_at: UtcDatetime | None = None
    audit_at: UtcDatetime | None = None  # what the list is ordered by: the completion that puts
    #                                      it on the day (for a reopened order, the undone one)
    status: str
    audited: bool
    close_date: date | None = None
    flags: AuditFlags
    callback_state: Literal["pending", "reached", "unreachable"]
    callback_unreached: int = 0             # unreached attempts since the last reopen
    callback_outcome: str = ""              # the outcome that decided it, when decided
    callback_mean: float | None = None      # the reached callback's mean score
    deadlines: list[AuditDeadline] = Field(default_factory=list)


class AuditRowsPage(WireModel):
    """A page of the audit list in (completed at, business number) order; `next_cursor` asks
    for the next page, None on the last. `total` counts every row of the filter."""

    date: date
    timezone: str
    state: Literal["unaudited", "audited", "all"]
    rows: list[AuditRow]
    next_cursor: str | None = None
    total: int | None = None  # on the first page only


class StationReport(WireModel):
    station_code: str
    station_name: str
    orders: int
    contact_sla_met_pct: float | None = None     # None when no order had that deadline yet
    completion_sla_met_pct: float | None = None
    mean_satisfaction: float | None = None       # mean of the five scores, reached callbacks
    closed_pct: float
    reopened_pct: float
    # The counts behind each figure: met of decided deadlines, scored callbacks, orders.
    contact_sla_met: int = 0
    contact_sla_decided: int = 0
    completion_sla_met: int = 0
    completion_sla_decided: int = 0
    satisfaction_callbacks: int = 0
    closed: int = 0
    reopened: int = 0
    # The callback limit (per kind, docs/sla-policy.md), closes without one, urges (催办).
    callback_sla_met_pct: float | None = None
    callback_sla_met: int = 0
    callback_sla_decided: int = 0
    closed_without_callback: int = 0
    urges: int = 0


class StationsReport(WireModel):
    date_from: date
    date_to: date
    timezone: str
    stations: list[StationReport]




# ---------------------------------------------------------------------------------------------
# Call center console: who a token is, the dispatch board, the satisfaction trend


class Me(WireModel):
    """`GET /v1/me`: the caller's role and name (the console picks its screens from it)."""

    role: str
    name: str
    station_code: str | None = None
    timezone: str = ""  # the call center's zone: its local day and the times it shows


class BoardOrder(WireModel):
    order: Order
    station_name: str
    status: str
    deadlines: list[AuditDeadline] = Field(default_factory=list)
    last_event_at: UtcDatetime | None = None
    contact_attempts: int = 0
    mark: Literal["", "at_risk", "breached"] = ""  # the worst open deadline: whom to urge
    urges: int = 0
    handling_log: list[Event] = Field(default_factory=list)


class BoardPage(WireModel):
    """Today's orders across all stations; ``version`` is what `/v1/board/changes` waits past."""

    date: date
    timezone: str
    server_time: UtcDatetime
    version: int
    orders: list[BoardOrder]


class BoardChanges(WireModel):
    version: int
    changed: bool
    server_time: UtcDatetime


class SatisfactionDay(WireModel):
    date: date
    callbacks: int  # reached callbacks with scores that day
    mean: float | None = None


class SatisfactionTrend(WireModel):
    date_from: date
    date_to: date
    timezone: str
    days: list[SatisfactionDay]
