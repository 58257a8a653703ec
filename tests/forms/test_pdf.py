"""A4 PDFs of the forms, read back with poppler (pdftotext, pdffonts, pdftoppm) and pypdf."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from forms import build, pdf
from forms.document import (
    Column,
    Document,
    FieldRow,
    Fields,
    Footer,
    Paragraph,
    QrCode,
    Signatures,
    Table,
    Title,
)
from station_app.domain.events import FormName
from station_app.domain.kinds import OrderKind
from tests.forms.conftest import PRINTED, RARE_NAME, TZ, full_history, make_order, station

FORMS = [
    (FormName.OUTSIDE_SERVICE, OrderKind.RESCUE),
    (FormName.APPOINTMENT, OrderKind.FAULT_MODE),
    (FormName.JOB_SHEET, OrderKind.RESCUE),
]

@pytest.fixture(autouse=True, scope="module")
def _poppler_present() -> None:
    """These tests read PDFs back with poppler-utils, which ./run installs: fail, never skip."""
    assert shutil.which("pdftotext") and shutil.which("pdffonts"), "run ./run setup first"


def _doc(form: FormName, kind: OrderKind, *, full: bool = True, copy_number: int = 1) -> Document:
    order = make_order(kind, full=full)
    events = full_history(order) if full else []
    return build(form, order, events, station(), printed_at=PRINTED, copy_number=copy_number,
                 tz=TZ)


def _run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True,
                          text=True).stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _values(doc: Document) -> list[str]:
    """Every value the form carries: field values, paragraph texts, table cells."""
    out: list[str] = []
    for b in doc.blocks:
        if isinstance(b, Fields):
            out += [r.value for r in b.rows]
        elif isinstance(b, Paragraph):
            out.append(b.text)
        elif isinstance(b, Table):
            out += [c for row in b.rows for c in row]
    return [v for v in out if v]


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[tuple[str, bool], tuple[Document, Path]]:
    folder = tmp_path_factory.mktemp("pdf")
    out = {}
    for form, kind in FORMS:
        for full in (True, False):
            doc = _doc(form, kind, full=full, copy_number=2 if full else 1)
            out[(form.value, full)] = (doc, pdf.write(doc, folder / f"{form}-{full}.pdf", TZ))
    return out


@pytest.mark.parametrize(("form", "kind"), FORMS)
@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
def test_every_value_reads_back(written, form, kind, full):
    doc, path = written[(form.value, full)]
    text = _run("pdftotext", "-raw", "-enc", "UTF-8", path, "-")
    flat = _squash(text)
    values = _values(doc)
    assert values
    for value in values:
        assert _squash(value) in flat, value
    labels = [r.label for b in doc.blocks if isinstance(b, Fields) for r in b.rows]
    for label in labels:
        assert label in flat
    assert doc.title in flat
    assert "None" not in text
    assert "合肥江淮汽车服务站(ERP34012)" in flat
    assert "打印时间：2026-11-2017:30" in flat
    assert ("副本" in flat) is full  # the full ones were printed as copy 2


@pytest.mark.parametrize(("form", "kind"), FORMS)
def test_the_chinese_font_is_embedded_and_no_other_font_is_used(written, form, kind):
    _, path = written[(form.value, True)]
    rows = _run("pdffonts", path).splitlines()[2:]
    assert rows
    for row in rows:
        name, *_rest = row.split()
        emb = row.split()[-5]
        assert "WenQuanYiMicroHei" in name, row
        assert emb == "yes", row


def test_rare_surname_characters_print(written):
    _, path = written[("outside_service", True)]
    text = _run("pdftotext", "-enc", "UTF-8", path, "-")
    assert RARE_NAME in text
    assert "佘晓东" in text


def test_the_qr_code_carries_the_business_number(written):
    doc, path = written[("job_sheet", True)]
    qr = next(b for b in doc.blocks if isinstance(b, QrCode))
    assert qr.data == "QY20261120-0017"
    flowable = pdf.qr_flowable(qr.data, 20)
    flowable.qr.make()
    assert flowable.qr.getModuleCount() >= 21  # a real symbol was built from the payload
    page = PdfReader(path).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    assert content.count(" re") > 100  # the modules are drawn as filled rectangles


@pytest.mark.parametrize(("form", "kind"), FORMS)
def test_the_qr_code_decodes_to_the_business_number(written, tmp_path, form, kind):
    import zxingcpp
    from PIL import Image

    _, path = written[(form.value, True)]
    _run("pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", path, tmp_path / "page")
    image = Image.open(next(tmp_path.glob("page*.png")))
    found = [b.text for b in zxingcpp.read_barcodes(image)]
    assert found == ["QY20261120-0017"]


def test_a_one_page_form_is_one_a4_page(written):
    for (_form, _full), (_doc, path) in written.items():
        reader = PdfReader(path)
        assert len(reader.pages) == 1, path.name
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_a_long_form_spills_onto_numbered_pages(tmp_path):
    parts = tuple((f"配件{i}", f"P{i:05d}", "1", "保内", "10.00") for i in range(80))
    doc = Document(
        form="outside_service",
        business_no="QY1",
        blocks=(
            Title("外出服务登记表"),
            QrCode("QY1"),
            Fields((FieldRow("用户姓名", "冼先生"),), heading="用户"),
            Table((Column("名称", 2), Column("零件号"), Column("数量"), Column("保修"),
                   Column("金额")), parts, heading="更换配件"),
            Signatures(("用户签字",)),
            Footer("某服务站", "34012", PRINTED, copy_number=1),
        ),
    )
    path = pdf.write(doc, tmp_path / "long.pdf", TZ)
    pages = len(PdfReader(path).pages)
    assert pages >= 2
    text = _squash(_run("pdftotext", "-enc", "UTF-8", path, "-"))
    for n in range(1, pages + 1):
        assert f"第{n}页/共{pages}页" in text
    assert text.count("零件号") == pages  # the table heading repeats on each page
    assert "配件79" in text


def test_render_is_a_pdf_and_write_leaves_no_partial_file(tmp_path):
    doc = _doc(FormName.JOB_SHEET, OrderKind.RESCUE, full=False)
    data = pdf.render(doc, TZ)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    pdf.write(doc, tmp_path / "a.pdf", TZ)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]
    assert PdfReader(tmp_path / "a.pdf").metadata.title == "派工单 QY20261120-0017"


def test_a_statement_longer_than_a_page_continues_on_the_next(tmp_path):
    statement = "".join(f"第{i}句:用户反映发动机异响,怠速抖动。" for i in range(200))[:4000]
    order = make_order(OrderKind.RESCUE, statement=statement)
    doc = build(FormName.OUTSIDE_SERVICE, order, full_history(order), station(),
                printed_at=PRINTED, tz=TZ)
    path = pdf.write(doc, tmp_path / "long.pdf", TZ)
    assert len(PdfReader(path).pages) >= 2
    raw = _run("pdftotext", "-raw", "-enc", "UTF-8", path, "-")
    body = [t for t in raw.splitlines() if "打印时间" not in t and not re.search(r"共 \d+ 页", t)]
    assert _squash(statement) in _squash("".join(body))


def test_markup_characters_print_as_written(tmp_path):
    doc = Document(
        form="job_sheet",
        business_no="QY2",
        blocks=(
            Title("派工单"),
            Fields((FieldRow("备注", "A&B <b>不是粗体</b> 5>3"),)),
            Paragraph("第一行\n第二行 & <i>", heading="说明"),
        ),
    )
    path = pdf.write(doc, tmp_path / "m.pdf", TZ)
    text = _run("pdftotext", "-raw", "-enc", "UTF-8", path, "-")
    assert "A&B <b>不是粗体</b> 5>3" in text
    assert "第一行" in text and "第二行 & <i>" in text
