"""Every product module imports, and a station does a whole round trip with a real call
center, with the POSIX-only modules (fcntl, termios, pty, grp, pwd) refused, as on Windows."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
POSIX_ONLY = {"fcntl", "termios", "pty", "grp", "pwd", "tty", "resource"}

BLOCK = """
import importlib.abc, sys
POSIX_ONLY = ('fcntl', 'termios', 'pty', 'grp', 'pwd', 'tty')
PRODUCT = ('common', 'station_app', 'station_desk', 'forms', 'printers', 'callcenter', 'ui',
           '__main__')
class NoPosix(importlib.abc.MetaPathFinder):
    # Refused to our own modules only: a library's POSIX back end (pyserial's serialposix
    # imports fcntl) is its own platform choice, and Windows loads its other back end.
    def find_spec(self, name, path, target=None):
        if name.split('.')[0] not in POSIX_ONLY:
            return None
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get('__name__', '').startswith(
                ('importlib', '_frozen_importlib')):
            frame = frame.f_back
        who = frame.f_globals.get('__name__', '') if frame is not None else ''
        if who.split('.')[0] in PRODUCT:
            raise ImportError('POSIX-only module blocked in this test: ' + name + ' in ' + who)
        return None
for name in POSIX_ONLY:
    sys.modules.pop(name, None)
sys.meta_path.insert(0, NoPosix())
"""

SCRIPT = BLOCK + """
import pkgutil, importlib
for top in ('common', 'station_app', 'station_desk', 'forms', 'printers', 'callcenter', 'ui'):
    pkg = importlib.import_module(top)
    for info in pkgutil.walk_packages(pkg.__path__, top + '.'):
        for name in POSIX_ONLY:  # a library may have cached one: ours must meet the hook
            sys.modules.pop(name, None)
        importlib.import_module(info.name)
        print(info.name)

import uuid
from pathlib import Path
from callcenter import admin
from callcenter.embedded import EmbeddedServer
from station_app.station import Station
from station_app.store import StoreLocked
from station_app.sync import SyncClient, default_transport_factory

folder = Path(sys.argv[1])
with EmbeddedServer(str(folder / 'callcenter.sqlite3'), fallback_poll=0.5) as server:
    token = admin.add_station('12345', 'Hefei').token
    dispatcher = admin.add_user('dispatcher', 'dispatcher').token
    import httpx
    with httpx.Client(base_url=server.base_url,
                      headers={'Authorization': 'Bearer ' + dispatcher}) as http:
        r = http.post('/v1/orders', json={
            'station_code': '12345', 'kind': 'dispatch',
            'customer': {'name': '张先生', 'phone': '13912345678'},
            'location': '合肥', 'statement': '异响'})
        r.raise_for_status()
        order_id = uuid.UUID(r.json()['id'])
        with Station.open(folder / 'station') as station:
            try:
                Station.open(folder / 'station')
                raise SystemExit('a second instance was let in')
            except StoreLocked:
                print('second instance refused')
            station.set_settings({'station_code': '12345', 'user': '张三',
                                  'server_url': server.base_url})
            station.set_token(token)
            client = SyncClient(station, default_transport_factory(station)())
            client.once()
            station.record_contact(order_id, 'reached', 'Windows')
            report, _ = client.once()
            client.transport.close()
            print('delivered', report.delivered, 'waiting',
                  station.sync_status().events_waiting)
        events = http.get(f'/v1/orders/{order_id}').json()['events']
        print('on server', [e['type'] for e in events])
"""


def _run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, timeout=180, env=env, cwd=Path(__file__).parent.parent)


def test_every_module_imports_and_a_station_round_trips_without_posix_modules(tmp_path):
    done = _run(SCRIPT, str(tmp_path))
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for module in ("station_app.store", "station_app.instance_lock", "station_app.settings",
                   "printers.serial_port", "ui.main_window"):
        assert module in out.splitlines(), module
    assert "second instance refused" in out
    assert "delivered 1 waiting 0" in out
    assert "'contact_attempt'" in out.splitlines()[-1]


def test_the_block_really_blocks():
    for name in ("fcntl", "termios", "pty", "grp", "pwd"):
        done = _run(BLOCK + f"import {name}")
        assert done.returncode != 0 and "POSIX-only module blocked" in done.stderr, name


def _unguarded_posix_imports(tree: ast.Module) -> list[str]:
    """Module-level imports of a POSIX-only module outside ``try: … except ImportError`` and
    outside ``if sys.platform …`` (function bodies import when called: not at start-up)."""
    found: list[str] = []

    def visit(nodes: list[ast.stmt]) -> None:
        for node in nodes:
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""])
                found.extend(f"{n} (line {node.lineno})" for n in names
                             if n.split(".")[0] in POSIX_ONLY)
            elif isinstance(node, ast.Try):
                guarded = any(isinstance(h.type, ast.Name) and h.type.id in (
                    "ImportError", "ModuleNotFoundError") for h in node.handlers)
                if not guarded:
                    visit(node.body)
                visit(node.orelse)
                visit(node.finalbody)
            elif isinstance(node, ast.If):
                if "platform" not in ast.unparse(node.test):
                    visit(node.body)
                    visit(node.orelse)

    visit(tree.body)
    return found


def test_no_product_module_imports_a_posix_only_module_unguarded():
    offenders = {}
    for top in ("common", "station_app", "station_desk", "forms", "printers", "callcenter", "ui"):
        for path in sorted((ROOT / top).rglob("*.py")):
            found = _unguarded_posix_imports(ast.parse(path.read_text(encoding="utf-8")))
            if found:
                offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}
    sample = ast.parse("import fcntl\ntry:\n    import termios\nexcept ImportError:\n    pass\n")
    assert _unguarded_posix_imports(sample) == ["fcntl (line 1)"]  # the check can fail
