"""The inbox's id list: one string of fixed-width ids that reads like a list of UUIDs."""

from __future__ import annotations

import uuid

import pytest

from station_app.orders_query import OrderIds


@pytest.fixture
def ids() -> list[uuid.UUID]:
    return [uuid.uuid4() for _ in range(7)]


def test_it_reads_like_the_list_it_holds(ids):
    lst = OrderIds.of(u.hex for u in ids)
    assert len(lst) == 7 and list(lst) == ids
    assert lst[0] == ids[0] and lst[6] == ids[6] and lst[-1] == ids[-1] and lst[-7] == ids[0]
    assert lst[2:5] == ids[2:5] and lst[::3] == ids[::3] and lst[5:99] == ids[5:]
    with pytest.raises(IndexError):
        lst[7]
    with pytest.raises(IndexError):
        lst[-8]
    assert lst.hexes() == [u.hex for u in ids]


def test_finding_an_id_gives_its_row_only_within_the_bounds(ids):
    lst = OrderIds.of(u.hex for u in ids)
    for row, oid in enumerate(ids):
        assert lst.index(oid) == row and oid in lst
    assert lst.index(ids[4], 4) == 4 and lst.index(ids[4], 2, 5) == 4
    for start, stop in ((5, None), (0, 4), (4, 4)):
        with pytest.raises(ValueError):
            lst.index(ids[4], start, stop)
    stranger = uuid.uuid4()
    assert stranger not in lst and "not an id" not in lst
    with pytest.raises(ValueError):
        lst.index(stranger)


def test_lists_compare_by_their_ids_in_order(ids):
    lst = OrderIds.of(u.hex for u in ids)
    assert lst == OrderIds.of(u.hex for u in ids) and lst == ids
    assert lst != OrderIds.of(u.hex for u in reversed(ids)) and lst != ids[:-1]
    assert OrderIds() == [] and len(OrderIds()) == 0 and list(OrderIds()) == []


def test_a_string_that_is_not_a_list_of_ids_is_refused():
    with pytest.raises(ValueError):
        OrderIds("abc def")
