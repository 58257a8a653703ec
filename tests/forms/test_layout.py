"""Text layout of the forms at 58 mm (32 columns) and 80 mm (48 columns)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forms import build
from forms.document import Document, Fields, Table
from forms.layout import TextLine, column_widths, layout, render_text
from forms.textwidth import display_width, wrap
from station_app.domain.events import FormName
from station_app.domain.kinds import OrderKind
from tests.forms.conftest import LONG_ADDRESS, PRINTED, TZ, full_history, make_order, station

FORMS = [
    (FormName.OUTSIDE_SERVICE, OrderKind.RESCUE),
    (FormName.APPOINTMENT, OrderKind.FAULT_MODE),
    (FormName.JOB_SHEET, OrderKind.RESCUE),
]


def _doc(form: FormName, kind: OrderKind, full: bool) -> Document:
    order = make_order(kind, full=full)
    events = full_history(order) if full else []
    return build(form, order, events, station(), printed_at=PRINTED, tz=TZ)


@pytest.mark.parametrize("columns", [32, 48])
def test_long_address_wraps_within_width_without_splitting_a_character(columns):
    label = "故障地点："
    lines = wrap(LONG_ADDRESS, columns - display_width(label))
    assert "".join(lines) == LONG_ADDRESS  # nothing lost, nothing cut in half
    assert all(display_width(line) <= columns - display_width(label) for line in lines)
    assert len(lines) > 1


@pytest.mark.parametrize("columns", [32, 48])
@pytest.mark.parametrize(("form", "kind"), FORMS)
@pytest.mark.parametrize("full", [True, False], ids=["full", "minimal"])
def test_every_printed_line_fits_the_paper(form, kind, full, columns):
    doc = _doc(form, kind, full)
    lines = layout(doc, columns, TZ)
    for line in lines:
        if isinstance(line, TextLine):
            assert display_width(line.text) * line.scale <= columns, line
    text = render_text(doc, columns, TZ)
    assert all(display_width(t) <= columns for t in text.splitlines())
    assert "None" not in text


@pytest.mark.parametrize("columns", [32, 48])
def test_the_address_prints_whole_on_the_outside_service_form(columns):
    text = render_text(_doc(FormName.OUTSIDE_SERVICE, OrderKind.RESCUE, True), columns, TZ)
    joined = "".join(t.strip() for t in text.splitlines())
    assert LONG_ADDRESS in joined


@pytest.mark.parametrize(("form", "kind"), FORMS)
def test_blank_values_print_as_lines_to_fill_in(form, kind):
    doc = _doc(form, kind, full=False)
    text = render_text(doc, 48, TZ)
    blank_rows = [
        row.label for b in doc.blocks if isinstance(b, Fields) for row in b.rows if not row.value
    ]
    assert blank_rows, "a minimal order leaves fields blank"
    for label in blank_rows:
        line = next(t for t in text.splitlines() if t.startswith(label + "："))
        assert line.endswith("____"), line


def test_empty_table_cells_print_as_lines():
    doc = _doc(FormName.OUTSIDE_SERVICE, OrderKind.RESCUE, full=False)
    fees = next(b for b in doc.blocks if isinstance(b, Table) and b.heading.startswith("费用"))
    assert all(cell == "" for row in fees.rows for cell in row[1:])
    text = render_text(doc, 48, TZ)
    line = next(t for t in text.splitlines() if t.startswith("工时费"))
    assert "____" in line


@pytest.mark.parametrize("columns", [32, 48])
def test_table_headers_are_never_cut(columns):
    doc = _doc(FormName.OUTSIDE_SERVICE, OrderKind.RESCUE, True)
    text = render_text(doc, columns, TZ)
    for title in ("名称", "零件号", "数量", "保修", "金额"):
        assert title in text


def test_column_widths_add_up_and_keep_short_words_whole():
    for columns in (32, 48, 64):
        widths = column_widths([5, 4, 2, 2, 3], columns, least=4)
        assert sum(widths) + 4 == columns
        assert min(widths) >= 4


@settings(deadline=None)  # a loaded CI machine must not turn slowness into a failure
@given(st.text(alphabet="禤亓隗佘冼覃邝仝abc XYZ-0123456789,。、", max_size=200),
       st.integers(min_value=4, max_value=64))
def test_wrap_never_exceeds_width_or_loses_characters(text, columns):
    lines = wrap(text, columns)
    assert all(display_width(line) <= columns for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
