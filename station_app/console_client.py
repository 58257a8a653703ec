"""A typed client of the call center's v1 HTTP API for people's tools (the console, the demo):
httpx, no Qt; every call blocks, so a GUI runs it off its own thread. Errors come back as
`UserError` in English and Chinese."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID

import httpx
from pydantic import BaseModel, TypeAdapter

from common.errors import UserError
from common.refusal import STATUS_CODES, Code, Refusal
from station_app import console_wire, wire, wire_orders
from station_app.domain.events import CallbackOutcome

M = TypeVar("M", bound=BaseModel)
DEFAULT_TIMEOUT = 15.0


class ApiError(UserError):
    """The server refused a request: ``status`` is the HTTP status, ``refusal`` (code, field,
    both texts) what its body says."""

    def __init__(self, status: int, refusal: Refusal) -> None:
        super().__init__(refusal.message_en, refusal.message_zh, refusal=refusal)
        self.status = status


class Unreachable(UserError):
    """The server could not be reached at all."""


def _error(response: httpx.Response) -> ApiError:
    try:
        why = wire.error_refusal(response.json())
    except ValueError:
        why = None
    status = response.status_code
    if why is None:  # not the call center's body (a proxy's page?)
        code = STATUS_CODES.get(status, Code.BAD_REQUEST)
        why = Refusal.of(code, f"HTTP {status} {response.reason_phrase}".strip(),
                         f"HTTP {status}")
    if status == 401:
        why = why.model_copy(update={
            "message_en": f"The call center refused the token: {why.message_en}",
            "message_zh": f"呼叫中心拒绝了此令牌:{why.message_zh}"})
    return ApiError(status, why)


class CallCenterClient:
    """One client per server and token; safe to share between threads (httpx.Client is)."""

    def __init__(self, base_url: str, token: str, *, timeout: float = DEFAULT_TIMEOUT,
                 transport: httpx.BaseTransport | None = None) -> None:
        if not base_url.strip():
            raise UserError("No call center address is set.", "未设置呼叫中心服务器地址。")
        if not token.strip():
            raise UserError("No access token is set.", "未设置访问令牌。")
        self.base_url = base_url.rstrip("/")
        self._timeout = timeout
        verify: Any = True
        if self.base_url.startswith("https"):
            from station_app.transport import tls_context
            verify = tls_context()
        self._http = httpx.Client(
            base_url=self.base_url, timeout=timeout, verify=verify, transport=transport,
            headers={"Authorization": f"Bearer {token.strip()}",
                     "User-Agent": "StationDesk-Console/1"})

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CallCenterClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing --------------------------------------------------------------------------

    def _request(self, method: str, path: str, *, timeout: float | None = None,
                 **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, timeout=timeout or self._timeout,
                                          **kwargs)
        except httpx.TransportError as exc:
            raise Unreachable(
                f"Cannot reach the call center at {self.base_url} ({type(exc).__name__}).",
                f"无法连接呼叫中心服务器 {self.base_url}({type(exc).__name__})。") from exc
        if response.status_code >= 400:
            raise _error(response)
        return response.json()

    def _get(self, model: type[M], path: str, **kwargs: Any) -> M:
        return model.model_validate(self._request("GET", path, **kwargs))

    def _post(self, model: type[M], path: str, body: BaseModel | dict[str, Any]) -> M:
        data = body.model_dump(mode="json", exclude_none=True) if isinstance(body, BaseModel) \
            else body
        return model.model_validate(self._request("POST", path, json=data))

    # -- everyone --------------------------------------------------------------------------

    def me(self) -> console_wire.Me:
        return self._get(console_wire.Me, "/v1/me")

    def health(self) -> wire.Health:
        return self._get(wire.Health, "/v1/health")

    def stations(self) -> list[wire.StationInfo]:
        data = self._request("GET", "/v1/stations")
        return TypeAdapter(list[wire.StationInfo]).validate_python(data)

    def order(self, order_id: UUID) -> wire.OrderWithEvents:
        return self._get(wire.OrderWithEvents, f"/v1/orders/{order_id}")

    # -- dispatcher ------------------------------------------------------------------------

    def board(self, day: date | None = None) -> console_wire.BoardPage:
        params = {"date": day.isoformat()} if day else {}
        return self._get(console_wire.BoardPage, "/v1/board", params=params)

    def board_changes(self, after: int, wait: float = 25.0) -> console_wire.BoardChanges:
        return self._get(console_wire.BoardChanges, "/v1/board/changes",
                         params={"after": after, "wait": wait}, timeout=wait + self._timeout)

    def issue(self, fields: dict[str, Any], order_id: UUID | None = None) -> wire_orders.Order:
        """Issue an order; ``fields`` as `wire_orders.OrderFields`. A fresh id makes retries
        safe."""
        body = {**fields, "id": str(order_id or uuid.uuid4())}
        return wire_orders.Order.model_validate(self._request("POST", "/v1/orders", json=body))

    def cancel(self, order_id: UUID, reason: str) -> wire.OrderWithEvents:
        return self._post(wire.OrderWithEvents, f"/v1/orders/{order_id}/cancel",
                          console_wire.CancelRequest(reason=reason))

    def reassign(self, order_id: UUID, to_station: str, reason: str) -> wire.OrderWithEvents:
        return self._post(wire.OrderWithEvents, f"/v1/orders/{order_id}/reassign",
                          console_wire.ReassignRequest(to_station=to_station, reason=reason))

    def add_note(self, order_id: UUID, text: str, at: datetime | None = None
                 ) -> wire.OrderWithEvents:
        """A line in the order's handling log (处理情况); its author is this token's person."""
        return self._post(wire.OrderWithEvents, f"/v1/orders/{order_id}/log",
                          console_wire.LogRequest(text=text, at=at))

    def urge(self, order_id: UUID, reason: str) -> wire.OrderWithEvents:
        """催办: the station is alerted with the reason."""
        return self._post(wire.OrderWithEvents, f"/v1/orders/{order_id}/urge",
                          console_wire.UrgeRequest(reason=reason))

    def sla_policy(self) -> console_wire.SlaPolicyTable:
        return self._get(console_wire.SlaPolicyTable, "/v1/sla-policy")

    # -- reviewer --------------------------------------------------------------------------

    def audit(self, day: date, state: str = "unaudited", station: str | None = None,
              cursor: str | None = None, limit: int = 100) -> console_wire.AuditPage:
        """A page of the day's orders with their whole timelines."""
        params: dict[str, str | int] = {"date": day.isoformat(), "state": state,
                                        "limit": limit}
        if station:
            params["station"] = station
        if cursor:
            params["cursor"] = cursor
        return self._get(console_wire.AuditPage, "/v1/audit", params=params)

    def audit_rows(self, day: date, state: str = "unaudited", station: str | None = None,
                   kind: str | None = None, flag: str | None = None,
                   cursor: str | None = None, limit: int = 200) -> console_wire.AuditRowsPage:
        """A page of the audit list's summary rows; ``cursor`` is the last page's
        ``next_cursor``."""
        params: dict[str, str | int] = {"date": day.isoformat(), "state": state,
                                        "limit": limit}
        for key, value in (("station", station), ("kind", kind), ("flag", flag),
                           ("cursor", cursor)):
            if value:
                params[key] = value
        return self._get(console_wire.AuditRowsPage, "/v1/audit/list", params=params)

    def audit_order(self, order_id: UUID) -> console_wire.AuditOrder:
        """One order of the audit list with its timeline."""
        return self._get(console_wire.AuditOrder, f"/v1/audit/orders/{order_id}")

    def callback(self, order_id: UUID, outcome: CallbackOutcome, note: str = "",
                 scores: wire.Scores | None = None, at: datetime | None = None
                 ) -> wire.OrderWithEvents:
        return self._post(wire.OrderWithEvents, f"/v1/orders/{order_id}/callbacks",
                          console_wire.CallbackRequest(outcome=outcome, note=note, scores=scores,
                                               occurred_at=at))

    def close_order(self, order_id: UUID, close_date: date | None = None, note: str = "",
                    without_callback_reason: str = "") -> wire.OrderWithEvents:
        return self._post(wire.OrderWithEvents, f"/v1/orders/{order_id}/close",
                          console_wire.CloseRequest(close_date=close_date, note=note,
                                            without_callback_reason=without_callback_reason))

    def send_back(self, order_id: UUID, mode: str, reason: str) -> wire.OrderWithEvents:
        """退回: ``refill`` (退回重填) or ``redo`` (退回重办)."""
        return self._post(wire.OrderWithEvents, f"/v1/orders/{order_id}/send-back",
                          {"mode": mode, "reason": reason})

    def reopen(self, order_id: UUID, reason: str) -> wire.OrderWithEvents:
        return self._post(wire.OrderWithEvents, f"/v1/orders/{order_id}/reopen",
                          console_wire.ReopenRequest(reason=reason))

    def stations_report(self, date_from: date, date_to: date) -> console_wire.StationsReport:
        return self._get(console_wire.StationsReport, "/v1/reports/stations",
                         params={"from": date_from.isoformat(), "to": date_to.isoformat()})

    def satisfaction_trend(self, date_from: date, date_to: date) -> console_wire.SatisfactionTrend:
        return self._get(console_wire.SatisfactionTrend, "/v1/reports/satisfaction",
                         params={"from": date_from.isoformat(), "to": date_to.isoformat()})
