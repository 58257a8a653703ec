"""Render the sample PNG of each form shown in the README (needs poppler's pdftoppm).

Run from the repository root: .venv/bin/python docs/forms/make_pngs.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from forms import build, pdf  # noqa: E402
from station_app.domain.events import FormName  # noqa: E402
from station_app.domain.kinds import OrderKind  # noqa: E402
from tests.forms.conftest import PRINTED, TZ, full_history, make_order, station  # noqa: E402

SAMPLES = [
    (FormName.OUTSIDE_SERVICE, OrderKind.RESCUE),
    (FormName.APPOINTMENT, OrderKind.FAULT_MODE),
    (FormName.JOB_SHEET, OrderKind.RESCUE),
]


def main() -> None:
    out = Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory() as tmp:
        for form, kind in SAMPLES:
            order = make_order(kind)
            doc = build(form, order, full_history(order), station(), printed_at=PRINTED, tz=TZ)
            path = pdf.write(doc, Path(tmp) / f"{form.value}.pdf", TZ)
            png = out / form.value.replace("_", "-")
            subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", str(path), str(png)],
                           check=True)
            print(f"{png}.png")


if __name__ == "__main__":
    main()
