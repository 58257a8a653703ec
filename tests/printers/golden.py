"""Golden-byte files: compare exactly, show the first difference as a hex dump.

Run with UPDATE_GOLDEN=1 to rewrite the files on purpose (then review and commit them).
"""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent / "golden"


def hexdump(data: bytes, start: int, length: int = 48) -> str:
    lo = max(start - 16, 0) // 16 * 16
    rows = []
    for off in range(lo, min(lo + length + 16, len(data)), 16):
        chunk = data[off:off + 16]
        asc = "".join(chr(b) if 32 <= b < 127 else "." for b in chunk)
        rows.append(f"{off:06x}  {chunk.hex(' '):<47}  {asc}")
    return "\n".join(rows)


def check_golden(name: str, data: bytes) -> None:
    path = GOLDEN_DIR / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"no golden file {path}; generate it with UPDATE_GOLDEN=1"
    expected = path.read_bytes()
    if data == expected:
        return
    at = next((i for i, (a, b) in enumerate(zip(data, expected, strict=False)) if a != b),
              min(len(data), len(expected)))
    raise AssertionError(
        f"{name}: bytes differ at offset {at} (got {len(data)} bytes, golden {len(expected)})\n"
        f"got:\n{hexdump(data, at)}\ngolden:\n{hexdump(expected, at)}\n"
        "if the change is intended, regenerate with UPDATE_GOLDEN=1 and commit the file"
    )
