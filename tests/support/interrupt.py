"""Stopping a command the way a clerk does (Ctrl-C), and saying where it hung when it does not
stop: the test's failure then holds every thread's stack, not only "timed out"."""

from __future__ import annotations

import signal
import subprocess

FAULTHANDLER = {"PYTHONFAULTHANDLER": "1"}
"""For the command's environment: Python prints every thread's stack when aborted."""


def interrupt(proc: subprocess.Popen[str], timeout: float) -> tuple[int, str, str]:
    """Send SIGINT and wait for ``proc`` to end; its return code and the rest of what it
    printed (stdout, stderr). Still running after ``timeout`` s: it is aborted (started with
    `FAULTHANDLER`, it prints its threads' stacks first), reaped, and the test fails with them."""
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=timeout)
        return proc.returncode, out or "", err or ""
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)
        try:
            out, err = proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    raise AssertionError(f"still running {timeout:.0f} s after Ctrl-C; then:\n"
                         f"{err or ''}\n{out or ''}")
