"""A PC is enrolled from the settings window: the call center's address, the one-time code and
this PC's name → its own device token, stored and shown; the window waits for nothing meanwhile
(the exchange runs off the GUI thread); a wrong, used or expired code and an unreachable call
center are said at the code in the interface language (real call center)."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication

from callcenter import devices
from station_app.sync_status import Link
from tests.ui import seed
from tests.ui.conftest import wait_idle
from tests.ui.test_settings import open_dialog, save

pytestmark = pytest.mark.integration


def enrol(qtbot, dialog, code: str, name: str = "前台") -> str:
    dialog.enrol.code.setText(code)
    dialog.enrol.device_name.setText(name)
    dialog.enrol.button.click()
    assert not dialog.enrol.button.isEnabled()  # asked, and the window goes on
    QApplication.processEvents()
    qtbot.waitUntil(lambda: dialog.enrol.button.isEnabled(), timeout=20_000)
    return dialog.enrol.status.text()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_enrol_this_pc_from_the_settings(qtbot, callcenter_server, window, station, ctx,
                                         english):
    server = callcenter_server
    server.add_station(seed.CODE, "合肥北城服务站")
    dialog = open_dialog(qtbot, window)
    dialog.enrol.code.setText("K7QX-M2PA")
    dialog.enrol.button.click()  # no address yet: said at the address, the code not sent
    assert "address first" in dialog.errors.shown()["server_url"]
    assert "address and station code first" in dialog.enrol.status.text()
    dialog.enrol.code.clear()
    dialog.enrol.button.click()
    assert "Type the enrolment code" in dialog.enrol.status.text()
    dialog.server_url.setText(server.base_url)
    assert "unknown" in enrol(qtbot, dialog, "K7QX-M2PA")
    used = devices.issue_code(seed.CODE).code
    assert server.client().post("/v1/enrol", json={"code": used, "station_code": seed.CODE}
                                ).status_code == 201
    assert "already used" in enrol(qtbot, dialog, used)
    old = devices.issue_code(seed.CODE, minutes=1, now=datetime.now(UTC) - timedelta(minutes=5))
    assert "expired" in enrol(qtbot, dialog, old.code)
    dialog.server_url.setText(f"http://127.0.0.1:{closed_port()}")
    said = enrol(qtbot, dialog, devices.issue_code(seed.CODE).code)
    assert "cannot reach the call center" in said and "not used up" in said
    assert station.token() is None

    dialog.server_url.setText(server.base_url)
    order = server.issue_order(seed.CODE, business_no="HF-ENROL-1")
    said = enrol(qtbot, dialog, devices.issue_code(seed.CODE).code.lower(), "前台")
    assert "enrolled as “前台”" in said
    token = station.token()
    assert token and dialog.token.text() == token
    assert [d.name for d in devices.devices(seed.CODE)][-1] == "前台"
    assert station.device_id() == devices.devices(seed.CODE)[-1].id
    save(dialog)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(),
                    timeout=5000)
    assert station.token() == token and station.settings.get("device_name") == "前台"
    from ui import services
    services.start_sync(ctx, long_poll=2.0, backoff_base=0.05, backoff_cap=0.3)
    qtbot.waitUntil(lambda: UUID(order["id"]) in station.order_ids(), timeout=15_000)
    qtbot.waitUntil(lambda: window.status.sync.status is not None
                    and window.status.sync.status.link is Link.ONLINE, timeout=10_000)
    wait_idle(qtbot, ctx)


def test_a_wrong_code_is_said_in_chinese(qtbot, callcenter_server, window, chinese):
    callcenter_server.add_station(seed.CODE, "合肥北城服务站")
    dialog = open_dialog(qtbot, window)
    dialog.server_url.setText(callcenter_server.base_url)
    said = enrol(qtbot, dialog, "K7QX-M2PA")
    assert "注册码不存在" in said and "unknown" not in said
    dialog.server_url.setText(f"http://127.0.0.1:{closed_port()}")
    said = enrol(qtbot, dialog, "K7QX-M2PA")
    assert "无法连接呼叫中心" in said and "注册码未被使用" in said
