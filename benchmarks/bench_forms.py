"""Time and size of each form as an A4 PDF, and of the receipt text layout.

Run: .venv/bin/python benchmarks/bench_forms.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forms import build, pdf, pdf_style  # noqa: E402
from forms.fonts import cjk_font_path  # noqa: E402
from forms.layout import render_text  # noqa: E402
from station_app.domain.events import FormName  # noqa: E402
from station_app.domain.kinds import OrderKind  # noqa: E402
from tests.forms.conftest import PRINTED, TZ, full_history, make_order, station  # noqa: E402

FORMS = [
    (FormName.OUTSIDE_SERVICE, OrderKind.RESCUE),
    (FormName.APPOINTMENT, OrderKind.FAULT_MODE),
    (FormName.JOB_SHEET, OrderKind.RESCUE),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    print(f"font file: {cjk_font_path().name}, {cjk_font_path().stat().st_size:,} bytes")
    t0 = time.perf_counter()
    pdf_style.register_font()
    print(f"font registration (once per process): {(time.perf_counter() - t0) * 1000:.0f} ms")
    print()
    print(f"{'form':<18}{'order':<9}{'build ms':>9}{'pdf ms':>9}{'max ms':>9}{'KB':>7}"
          f"{'pages':>6}{'text32 ms':>10}{'text48 ms':>10}")
    for form, kind in FORMS:
        for full in (True, False):
            order = make_order(kind, full=full)
            events = full_history(order) if full else []
            b, p, t32, t48 = [], [], [], []
            data = b""
            for _ in range(args.repeat):
                t = time.perf_counter()
                doc = build(form, order, events, station(), printed_at=PRINTED, tz=TZ)
                b.append(time.perf_counter() - t)
                t = time.perf_counter()
                data = pdf.render(doc, TZ)
                p.append(time.perf_counter() - t)
                t = time.perf_counter()
                render_text(doc, 32, TZ)
                t32.append(time.perf_counter() - t)
                t = time.perf_counter()
                render_text(doc, 48, TZ)
                t48.append(time.perf_counter() - t)
            pages = data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")
            print(
                f"{form.value:<18}{'full' if full else 'minimal':<9}"
                f"{statistics.median(b) * 1000:>9.1f}{statistics.median(p) * 1000:>9.1f}"
                f"{max(p) * 1000:>9.1f}{len(data) / 1024:>7.1f}{pages:>6}"
                f"{statistics.median(t32) * 1000:>10.2f}{statistics.median(t48) * 1000:>10.2f}"
            )


if __name__ == "__main__":
    main()
