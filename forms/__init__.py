"""Printed forms: one document model shared by the receipt, PDF and on-screen renderers.

`build(form, order, events, station, printed_at=..., tz=...)` makes the `Document` of any form;
`forms.layout.render_text` and `forms.pdf.render` turn it into a receipt preview or an A4 PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from importlib import import_module
from typing import TYPE_CHECKING, Any

from forms.station import StationInfo
from station_app.domain.events import FormName

if TYPE_CHECKING:
    from forms.document import Document
    from station_app import wire, wire_orders

__all__ = ["FormName", "StationInfo", "build"]

_MODULES = {
    FormName.OUTSIDE_SERVICE: "forms.outside_service",
    FormName.APPOINTMENT: "forms.appointment",
    FormName.JOB_SHEET: "forms.job_sheet",
}


def build(
    form: FormName | str,
    order: wire_orders.Order,
    events: Sequence[wire.Event],
    station: StationInfo,
    *,
    printed_at: datetime,
    copy_number: int = 1,
    tz: tzinfo,
    **options: Any,
) -> Document:
    """The document of ``form`` for ``order`` (options go to that form, e.g. the SLA policy)."""
    module = import_module(_MODULES[FormName(form)])
    doc: Document = module.build(
        order, events, station, printed_at=printed_at, copy_number=copy_number, tz=tz, **options
    )
    return doc
