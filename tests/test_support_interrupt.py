"""The Ctrl-C helper the command tests stop their commands with: a command that stops is
reaped with its return code; one that does not fails the test with its threads' stacks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.support.interrupt import FAULTHANDLER, interrupt

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

STOPS = "import time\nprint('up', flush=True)\ntime.sleep(60)\n"
HANGS = ("import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
         "def parked_forever():\n    time.sleep(60)\nprint('up', flush=True)\nparked_forever()\n")


def _start(code: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, **FAULTHANDLER})
    assert proc.stdout is not None and proc.stdout.readline() == "up\n"
    return proc


def test_a_command_that_stops_is_reaped_with_its_code():
    proc = _start(STOPS)
    code, _out, err = interrupt(proc, timeout=15)
    assert code != 0 and "KeyboardInterrupt" in err
    assert proc.poll() is not None


def test_a_command_that_hangs_fails_with_where_it_hangs():
    proc = _start(HANGS)
    with pytest.raises(AssertionError, match="parked_forever"):
        interrupt(proc, timeout=1)
    assert proc.poll() is not None  # aborted and reaped, nothing left for the next test


def test_commands_get_ctrl_c_even_when_the_suite_was_started_with_it_ignored():
    """A suite started in the background by a script (`./run test &`: no job control) inherits
    SIGINT ignored, and so would every command a test starts; the suite gives them back the
    default, so a Ctrl-C test tests the command, not how the suite was started."""
    probe = ("import signal, subprocess, sys\n"
             "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
             "import tests.conftest\n"
             "print(subprocess.run([sys.executable, '-c', 'import signal; "
             "print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)'], "
             "capture_output=True, text=True, check=True).stdout.strip())\n")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = subprocess.run([sys.executable, "-c", probe], cwd=root, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-1] == "True", out.stdout
