"""Receipt printing figures: bytes per form (our text and raster modes, python-escpos,
receiptline) and wall time to print through the virtual printer against the line's limit.

    .venv/bin/python benchmarks/bench_printing.py [--no-others] [--raster-timing]

python-escpos and receiptline are installed only into a temporary folder for this run (pip
--target, npm --prefix); if that fails their columns say so.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from forms.document import Document  # noqa: E402
from forms.layout import QrLine, TextLine, layout, render_text  # noqa: E402
from printers import escpos  # noqa: E402
from printers.config import PrinterConfig  # noqa: E402
from printers.emulator import VirtualPrinter  # noqa: E402
from printers.paper import paper_for  # noqa: E402
from printers.profiles import PrinterProfile, profile_for  # noqa: E402
from printers.queue import DONE, PrintQueue  # noqa: E402
from station_app.store import Store  # noqa: E402
from tests.printers.sample_docs import TZ, real_forms, typical_outside_service  # noqa: E402

# -- other encoders, for the same laid-out lines --------------------------------------------


def python_escpos_bytes(lib: Path, doc: Document, columns: int) -> int | str:
    code = r"""
import sys, json
sys.path.insert(0, sys.argv[1])
from escpos.printer import Dummy
lines = json.load(sys.stdin)
p = Dummy()
for kind, text, scale, bold, align in lines:
    if kind == "qr":
        p.set(align="center")
        p.qr(text, native=True, size=8)
        continue
    p.set(align=align, bold=bold, double_height=scale == 2, double_width=scale == 2)
    p.textln(text)
p.cut()
sys.stdout.write(str(len(p.output)))
"""
    return _run_other([sys.executable, "-c", code, str(lib)], _lines_json(doc, columns))


def receiptline_bytes(prefix: Path, doc: Document, columns: int) -> int | str:
    code = r"""
const receiptline = require(process.argv[1] + '/node_modules/receiptline');
let input = '';
process.stdin.on('data', d => input += d);
process.stdin.on('end', () => {
  const lines = JSON.parse(input);
  const esc = s => s.replace(/[\\|{}\-=~_"`^]/g, c => '\\' + c).replace(/ /g, '~');
  const out = [];
  for (const [kind, text, scale, bold, align] of lines) {
    if (kind === 'qr') { out.push(`{code:${esc(text)}; option:qrcode,8,m}`); continue; }
    let t = esc(text) || '~';
    if (bold) t = '"' + t + '"';
    if (scale === 2) t = '^^^' + t;
    out.push(align === 'center' ? t : align === 'right' ? '|~' + t + '|' : '|' + t + '~|');
  }
  out.push('=');
  const cmd = receiptline.transform(out.join('\n'),
      {cpl: Number(process.argv[2]), encoding: 'gb18030', command: 'escpos'});
  process.stdout.write(String(Buffer.from(cmd, 'binary').length));
});
"""
    return _run_other(["node", "-e", code, str(prefix), str(columns)], _lines_json(doc, columns))


def _lines_json(doc: Document, columns: int) -> str:
    rows = []
    for line in layout(doc, columns, TZ):
        if isinstance(line, QrLine):
            rows.append(("qr", line.data, 1, False, "center"))
        else:
            assert isinstance(line, TextLine)
            rows.append(("text", line.text, line.scale, line.bold, line.align))
    return json.dumps(rows, ensure_ascii=False)


def _run_other(cmd: list[str], stdin: str) -> int | str:
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        return "error: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:60]
    return int(proc.stdout)


def install_others(tmp: Path) -> tuple[Path | None, Path | None, list[str]]:
    notes = []
    lib: Path | None = tmp / "pylib"
    r = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(lib),
                        "python-escpos"], capture_output=True, text=True)
    if r.returncode != 0:
        notes.append("python-escpos did not install: " + r.stderr.strip()[-200:])
        lib = None
    prefix: Path | None = tmp / "node"
    if shutil.which("npm") is None:
        notes.append("npm not found: receiptline not measured")
        prefix = None
    else:
        r = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix",
                            str(prefix), "receiptline"], capture_output=True, text=True)
        if r.returncode != 0:
            notes.append("receiptline did not install: " + r.stderr.strip()[-200:])
            prefix = None
    return lib, prefix, notes


# -- sizes ------------------------------------------------------------------------------------


def sizes(others: bool) -> None:
    forms = {"outside_typical": typical_outside_service(), **real_forms()}
    with tempfile.TemporaryDirectory(prefix="bench-printing-") as tmpdir:
        lib = prefix = None
        if others:
            lib, prefix, notes = install_others(Path(tmpdir))
            for n in notes:
                print("note:", n)
        print("\nbytes per form (text = GB18030, Chinese mode once per job, gaps as HT/ESC $, "
              "rules and fill lines as wide characters; switch = the same with FS & / FS . "
              "around each Chinese run; raster = GS v 0 bands)")
        print(f"{'form':<16}{'paper':>6}{'text':>7}{'switch':>8}{'gbk':>7}{'raster':>9}"
              f"{'same':>6}{'py-escpos':>11}{'receiptline':>13}{'text ms':>9}{'raster ms':>11}")
        escpos.encode(forms["appointment"], profile_for(58, "raster"), TZ)  # load the font
        for name, doc in forms.items():
            for paper in (58, 80):
                profile = profile_for(paper)
                t_text, text = _timed(doc, profile)
                switch = escpos.encode(doc, profile_for(paper, chinese_mode="switch"), TZ)
                gbk = escpos.encode(doc, profile_for(paper, encoding="gbk",
                                                     chinese_mode="switch"), TZ)
                t_raster, raster = _timed(doc, profile_for(paper, "raster"))
                same = paper_for(text, profile).text == render_text(doc, profile.columns, TZ)
                cols = profile.columns
                pe = python_escpos_bytes(lib, doc, cols) if lib else "-"
                rl = receiptline_bytes(prefix, doc, cols) if prefix else "-"
                print(f"{name:<16}{paper:>6}{len(text):>7}{len(switch):>8}{len(gbk):>7}"
                      f"{len(raster):>9}{'yes' if same else 'NO':>6}{pe!s:>11}{rl!s:>13}"
                      f"{t_text * 1000:>9.1f}{t_raster * 1000:>11.1f}")


def _timed(doc: Document, profile: PrinterProfile) -> tuple[float, bytes]:
    best, out = float("inf"), b""
    for _ in range(5):
        t0 = time.perf_counter()
        out = escpos.encode(doc, profile, TZ)
        best = min(best, time.perf_counter() - t0)
    return best, out


# -- wall time through the virtual printer ---------------------------------------------------


def print_time(baud: int, mode: str, paper: int = 80) -> tuple[int, float, float, float]:
    doc = real_forms()["outside_service"]
    with tempfile.TemporaryDirectory(prefix="bench-printing-") as tmpdir:
        store = Store.open(Path(tmpdir) / "station.sqlite")
        done = threading.Event()
        with VirtualPrinter(paper, baud, link=Path(tmpdir) / "ttyPRN") as printer:
            config = PrinterConfig(printer.port_name, baud=baud, paper=paper, mode=mode,  # type: ignore[arg-type]
                                   write_timeout=30)
            queue = PrintQueue(store, config, tz=TZ, poll_interval=0.2,
                               on_job_changed=lambda j: j.state == DONE and done.set())
            queue.start()
            try:
                time.sleep(0.3)  # let the worker open the port and see the printer ready
                t0 = time.perf_counter()
                job_id = queue.submit("outside_service", None, doc)
                printer.wait_for_cuts(1, timeout=600)
                t_cut = time.perf_counter() - t0
                done.wait(600)
                t_done = time.perf_counter() - t0
                size = queue.job(job_id).size
                if mode == "text":
                    assert printer.cut_receipts == [render_text(doc, 48 if paper == 80 else 32,
                                                                TZ)]
            finally:
                queue.stop()
        store.close()
    return size, size * 10 / baud, t_cut, t_done


def timings(raster: bool, repeat: int) -> None:
    print(f"\nwall time to print outside_service (80 mm) through the virtual printer "
          f"(median of {repeat} for text)")
    print(f"{'mode':<8}{'baud':>8}{'bytes':>8}{'limit s':>9}{'cut s':>8}{'done s':>8}"
          f"{'cut/limit':>11}{'done/limit':>11}")
    cases = [("text", 9600), ("text", 115200)] + ([("raster", 115200)] if raster else [])
    for mode, baud in cases:
        runs = [print_time(baud, mode) for _ in range(repeat if mode == "text" else 1)]
        size, limit = runs[0][:2]
        t_cut = statistics.median(r[2] for r in runs)
        t_done = statistics.median(r[3] for r in runs)
        print(f"{mode:<8}{baud:>8}{size:>8}{limit:>9.2f}{t_cut:>8.2f}{t_done:>8.2f}"
              f"{t_cut / limit:>11.2f}{t_done / limit:>11.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-others", action="store_true",
                        help="do not install and measure python-escpos and receiptline")
    parser.add_argument("--raster-timing", action="store_true",
                        help="also time the raster form at 115200 baud (about 8 s)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per text case")
    args = parser.parse_args()
    sizes(not args.no_others)
    timings(args.raster_timing, args.repeat)


if __name__ == "__main__":
    main()
