"""Setting up a station's PC with a one-time enrolment code from the call center: the code is
exchanged for this PC's own device token (no long secret typed by hand), and the call center's
address, the station code and this PC's name are kept in the settings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from common.errors import UserError
from common.version import VERSION
from station_app import wire, wire_devices
from station_app.station import Station
from station_app.transport import tls_context


@dataclass(frozen=True)
class Enrolled:
    device_id: str
    device_name: str
    station_code: str


def enrol(station: Station, server_url: str, station_code: str, code: str,
          device_name: str = "", *, timeout: float = 15.0) -> Enrolled:
    """Exchange ``code`` for this PC's device token; checks the settings first, so a typo in
    the address or station code is said before the code is spent."""
    station.set_settings({"server_url": server_url, "station_code": station_code,
                          "device_name": device_name})
    body = wire_devices.Enrolment(code=code, station_code=station.code,
                                  device_name=device_name)
    url = station.settings.get("server_url").rstrip("/") + "/v1/enrol"
    try:
        with httpx.Client(timeout=timeout, verify=tls_context(),
                          headers={"User-Agent": f"StationDesk/{VERSION}"}) as client:
            response = client.post(url, json=body.model_dump(mode="json"))
    except httpx.TransportError as exc:
        raise UserError(f"cannot reach the call center at {url} ({type(exc).__name__}); check "
                        "the address and the network, then try again (the code is not used up)",
                        f"无法连接呼叫中心({url}),请检查地址和网络后重试(注册码未被使用)"
                        ) from None
    reply = _json(response)
    if wire.SERVER_TIME_HEADER not in response.headers or reply is None:
        raise UserError(f"{url} did not answer as the call center does (HTTP "
                        f"{response.status_code}); check the address",
                        f"{url} 的应答不是呼叫中心的(HTTP {response.status_code}),请检查地址")
    if response.status_code != 201:
        raise _refused(reply, response.status_code)
    done = wire_devices.Enrolled.model_validate(reply)
    station.set_token(done.token)
    station.set_settings({"device_name": done.device_name})
    return Enrolled(done.device_id, done.device_name, done.station_code)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _refused(reply: Any, status: int) -> UserError:
    errors = reply.get("errors") if isinstance(reply, dict) else None
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        return UserError(str(errors[0].get("message", "")), str(errors[0].get("message_zh", "")))
    return UserError(f"the call center refused the enrolment (HTTP {status})",
                     f"呼叫中心拒绝了设备注册(HTTP {status})")
