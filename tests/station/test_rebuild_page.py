"""A rebuild page applied at the station: the orders new to this PC are written together; when
that cannot be (the page holds the same event twice), every order of the page goes the change
feed's way instead and each is still announced once."""

from __future__ import annotations

from station_app.domain.events import EventType
from tests.station.factories import event, issued, order, order_change


def test_a_page_that_cannot_be_written_together_is_applied_one_by_one(station):
    a, b, c = order(), order(), order()
    contact = event(a, EventType.CONTACT_ATTEMPT, {"outcome": "reached"},
                    station_code=station.code, author="张三")
    twice = contact.model_copy(update={"order_id": c.id})  # a call center's slip
    pages = [order_change(0, a, [issued(a), contact]), order_change(0, b),
             order_change(0, c, [issued(c), twice])]
    applied = station.apply_rebuild({"orders": pages, "next": None, "last_seq": 7})
    assert applied.new == [b.id]  # once; a and c carry this station's entry: no news here
    assert sorted(map(str, applied.changed)) == sorted(map(str, [a.id, b.id, c.id]))
    assert station.order(a.id).state.status.value == "contacted"
    assert station.order(b.id).state.status.value == "new"
    assert applied.cursor == 7
