"""Synthesise the alert sounds (resources/sounds/*.wav) with the standard library only:
a soft two-tone chime for a new order, a louder three-beep alarm for a rescue notice.

    python -m resources.sounds_build
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
SOUNDS_DIR = Path(__file__).resolve().parent / "sounds"


def _tone(freq: float, seconds: float, volume: float) -> list[float]:
    n = int(RATE * seconds)
    fade = int(RATE * 0.01)
    out = []
    for i in range(n):
        envelope = min(1.0, i / fade, (n - i) / fade)
        out.append(volume * envelope * math.sin(2 * math.pi * freq * i / RATE))
    return out


def _silence(seconds: float) -> list[float]:
    return [0.0] * int(RATE * seconds)


def _write(path: Path, samples: list[float]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(s * 32767)) for s in samples))


def build() -> list[Path]:
    chime = _tone(880, 0.15, 0.4) + _silence(0.05) + _tone(1175, 0.25, 0.4)
    alarm: list[float] = []
    for _ in range(3):
        alarm += _tone(1400, 0.18, 0.9) + _silence(0.07) + _tone(1050, 0.18, 0.9) + _silence(0.1)
    paths = [SOUNDS_DIR / "new_order.wav", SOUNDS_DIR / "rescue.wav"]
    _write(paths[0], chime)
    _write(paths[1], alarm)
    return paths


if __name__ == "__main__":
    for p in build():
        print(p, p.stat().st_size)
