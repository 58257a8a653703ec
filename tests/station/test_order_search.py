"""The inbox's fast paths give the same lists as the plain query: the trigram search index
(words of 3+ characters), the LIKE path for shorter words, and the first screenful."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from station_app import order_fold, orders_query, store, wire_orders
from station_app.orders_query import OrderFilter
from station_app.station import Station
from station_app.store import EventRow, OrderRow, Store
from station_app.store_context import db
from tests.ui import seed

SEARCHES = ["", "合肥", "张先生", "张先生 合肥", "13856781234", "bk000000123", "BK00000012",
            "皖a8k3m7", "no-such-order", "先生", "%", "_", '"', "0551-6", "ab", "hf2"]


def plain_ids(station: Station, flt: OrderFilter, search: str) -> list[str]:
    """The list as the plain query gives it: LIKE over every row, no index, no probe."""
    now, due_soon = station.server_now(), station._due_soon()
    words = search.strip().lower().split()
    query = (OrderRow.select(OrderRow.id)
             .where(orders_query._where(flt, words, now, due_soon, fts=False))
             .order_by(*orders_query._order(flt)))
    sql, params = query.sql()
    return [oid for (oid,) in db.execute_sql(sql, params)]  # row by row, as SQLite sorts them


@pytest.fixture
def seeded(station: Station, monkeypatch: pytest.MonkeyPatch) -> Station:
    # A small probe, so 600 orders take every path the 100,000 of a real station do.
    monkeypatch.setattr(orders_query, "PROBE_ROWS", 50)
    seed.bulk_seed(station, 600, open_share=0.2, rng=random.Random(3))
    for i in range(5):  # a few with a rare name, spread over the list
        OrderRow.update(search_text=OrderRow.search_text + " 欧阳靖宇",
                        customer_name="欧阳靖宇").where(
            OrderRow.business_no == f"BK{i * 120:09d}").execute()
    return station


@pytest.mark.parametrize("flt", list(OrderFilter))
def test_lists_equal_the_plain_query(seeded: Station, flt: OrderFilter) -> None:
    for search in [*SEARCHES, "欧阳靖宇", "靖宇"]:
        expected = plain_ids(seeded, flt, search)
        assert seeded.order_ids(flt, search).hexes() == expected, search
        head, complete = seeded.first_ids(flt, search, 7)
        assert head.hexes() == expected[:7], search
        assert complete == (len(expected) <= 7), search
        assert seeded.count(flt, search) == len(expected), search


def test_rare_words_are_found_through_the_index(seeded: Station,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[bool] = []
    where = orders_query._where

    def spy(*args: object, **kwargs: object) -> object:
        used.append(bool(args[4] if len(args) > 4 else kwargs.get("fts")))
        return where(*args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(orders_query, "_where", spy)
    ids = seeded.order_ids(OrderFilter.ALL, "欧阳靖宇")
    assert len(ids) == 5 and any(used)
    used.clear()
    assert len(seeded.order_ids(OrderFilter.ALL, "靖宇")) == 5  # 2 characters: LIKE
    assert not any(used)


def fts_ids(text: str) -> set[str]:
    phrase = '"' + text.replace('"', '""') + '"'
    rows = db.execute_sql(
        "SELECT s.order_id FROM order_search s JOIN order_search_fts f ON f.rowid = s.rowid "
        "WHERE order_search_fts MATCH ?", (phrase,)).fetchall()
    return {r[0] for r in rows}


def test_the_index_follows_changed_and_removed_orders(station: Station) -> None:
    first = seed.issue(station, "dispatch", business_no="HF-IDX-1", customer=0)
    second = seed.issue(station, "repair", business_no="HF-IDX-2", customer=1)
    assert fts_ids("hf-idx-") == {first.hex, second.hex}
    OrderRow.update(search_text="hf-idx-1 欧阳先生 13500001111").where(
        OrderRow.id == first).execute()
    assert fts_ids("欧阳先生") == {first.hex}
    assert fts_ids("张先生") == set()  # the old text is gone from the index
    assert station.order_ids(OrderFilter.ALL, "欧阳先生") == [first]
    EventRow.delete().where(EventRow.order == second).execute()
    OrderRow.delete().where(OrderRow.id == second).execute()
    assert fts_ids("hf-idx-") == {first.hex}
    assert db.execute_sql("SELECT count(*) FROM order_search").fetchone()[0] == 1


def test_the_migration_indexes_orders_already_stored(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.sqlite3"
    with monkeypatch.context() as m:  # a station file from before the search index
        m.setattr(store, "MIGRATIONS", store.MIGRATIONS[:1])
        m.setattr(store, "SCHEMA_VERSION", 1)
        with Store.open(path, exclusive=False):
            order = seed.order_json("dispatch", business_no="OLD-0001",
                                    issued_at=datetime.now(UTC) - timedelta(days=1))
            columns = order_fold.row_columns(wire_orders.Order.model_validate(order))
            OrderRow.insert(id=order["id"], **columns, status="closed",
                            updated_at=datetime.now(UTC)).execute()
    with Store.open(path, exclusive=False) as s:
        assert s.db.execute_sql("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert fts_ids("old-0001") == {order["id"].replace("-", "")}
        names = {r[0] for r in s.db.execute_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
        assert {"order_search_insert", "order_search_update", "order_search_delete"} <= names
