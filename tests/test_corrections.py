"""Shared corrections: versioned snapshots that a parse uses whole, saved and undone by editors."""

from __future__ import annotations

import csv

from mapview.model.place import NOT_A_PLACE, PlaceRecord
from mapview.store.corrections import OverrideBook, saved_corrections

ARTICLE_ID = "mehr-armenia-azerbaijan-clashes"


def _tehran(doc):
    return doc.place("geonames:112931")


def test_save_makes_a_new_snapshot_and_leaves_the_old_one_alone(tmp_path, geoparser, article, doc):
    book = OverrideBook(tmp_path / "overrides.csv", tmp_path / "shipped.csv")
    v0, before = book.current()
    province = geoparser.gazetteer.place("admin1:IR-07")
    book.save(ARTICLE_ID, _tehran(doc), province, who="editor e@example.com")
    v1, after = book.current()
    assert v1 == v0 + 1 and before.entries == {}  # a snapshot handed out never changes
    assert _tehran(geoparser.parse(article, overrides=before)) is not None
    corrected = geoparser.parse(article, overrides=after)
    assert _tehran(corrected) is None and corrected.place("admin1:IR-07") is not None
    rows = list(csv.DictReader((tmp_path / "overrides.csv").read_text(encoding="utf-8").splitlines()))
    assert {r["query"] for r in rows} == {"tehran"}  # "TEHRAN" and "Tehran" normalise to it
    assert rows[0]["context"] == ARTICLE_ID and rows[0]["source"] == "manual"
    assert "editor e@example.com" in rows[0]["source_ref"] and "chosen over Tehran" in rows[0]["note"]
    # the default chain (no snapshot passed) is untouched by the save
    assert _tehran(geoparser.parse(article)) is not None


def test_an_editor_lists_and_undoes_saved_corrections_but_not_shipped_ones(tmp_path, geoparser, article, doc):
    shipped = tmp_path / "shipped.csv"
    first = OverrideBook(shipped, tmp_path / "none.csv")
    first.save(ARTICLE_ID, doc.place("geonames:587084"), NOT_A_PLACE, who="shipped")  # "Baku": not a place
    book = OverrideBook(tmp_path / "overrides.csv", shipped)
    book.save(ARTICLE_ID, _tehran(doc), NOT_A_PLACE, who="editor e@example.com")
    listed = saved_corrections(book.current()[1])
    assert {(c.query, c.name, c.shipped) for c in listed} == {
        ("tehran", "not a place", False),
        ("baku", "not a place", True),
    }
    parsed = geoparser.parse(article, overrides=book.current()[1])
    assert _tehran(parsed) is None and parsed.place("geonames:587084") is None
    own = next(c for c in listed if not c.shipped)
    assert book.undo(frozenset({own.key})) == 1
    parsed = geoparser.parse(article, overrides=book.current()[1])
    assert _tehran(parsed) is not None and parsed.place("geonames:587084") is None
    assert [c.query for c in saved_corrections(book.current()[1])] == ["baku"]


def test_parsing_never_adds_to_the_cache_it_returns_what_it_would(geoparser, article):
    from mapview.geo.geocode import GeocodeCache, GeocoderChain
    from mapview.pipeline import Geoparser

    chain = GeocoderChain(geoparser.gazetteer, GeocodeCache.load("/nonexistent/cache.csv"))
    doc = Geoparser(geoparser.gazetteer, chain).parse(article)
    assert chain.cache.entries == {}
    keys = {key for key, _ in doc.cache_additions}
    assert (ARTICLE_ID, "lachin") in keys and all(isinstance(e.place, PlaceRecord) for _, e in doc.cache_additions)


def test_corrections_in_the_database_are_shared_by_replicas_and_keep_their_history(
    tmp_path, database_url, geoparser, article, doc
):
    from sqlalchemy import func, select

    from mapview.store.corrections import DatabaseOverrideBook
    from mapview.store.database import open_store
    from mapview.store.models import CorrectionRow

    store = open_store(database_url)
    shipped = tmp_path / "shipped.csv"
    OverrideBook(shipped, tmp_path / "none.csv").save(
        ARTICLE_ID, doc.place("geonames:587084"), NOT_A_PLACE, who="shipped"
    )
    one, two = (DatabaseOverrideBook(lambda: store, shipped, refresh_seconds=0) for _ in range(2))  # two app replicas
    v0, before = two.current()
    province = geoparser.gazetteer.place("admin1:IR-07")
    assert one.save(ARTICLE_ID, _tehran(doc), province, who="editor e@example.com") == 1
    v1, after = two.current()  # the other replica sees it
    assert v1 != v0 and before.entries == {}  # a snapshot handed out never changes
    corrected = geoparser.parse(article, overrides=after)
    assert _tehran(corrected) is None and corrected.place("admin1:IR-07") is not None
    assert corrected.place("geonames:587084") is None  # the shipped file is still under them
    listed = saved_corrections(after)
    assert {(c.query, c.name, c.shipped) for c in listed} == {
        ("tehran", "Tehran", False),  # the province
        ("baku", "not a place", True),
    }
    assert "editor e@example.com" in next(c.source_ref for c in listed if not c.shipped)
    # a second save of the same name replaces the first; an undo takes it out; both stay as history
    one.save(ARTICLE_ID, _tehran(doc), NOT_A_PLACE, who="editor e@example.com")
    own = next(c for c in saved_corrections(two.current()[1]) if not c.shipped)
    assert own.name == "not a place"
    assert two.undo(frozenset({own.key})) == 1
    v3, now = one.current()
    assert _tehran(geoparser.parse(article, overrides=now)) is not None
    assert [c.query for c in saved_corrections(now)] == ["baku"]
    with store.engine.connect() as conn:
        kept = conn.execute(select(func.count()).select_from(CorrectionRow)).scalar_one()
    assert kept == 2 and len({v0, v1, v3}) == 3


def test_a_database_that_is_away_keeps_the_shipped_corrections_and_refuses_a_save_with_a_message(tmp_path, doc):
    import pytest

    from mapview.errors import CacheError
    from mapview.store.corrections import DatabaseOverrideBook
    from mapview.store.database import open_store

    shipped = tmp_path / "shipped.csv"
    OverrideBook(shipped, tmp_path / "none.csv").save(ARTICLE_ID, _tehran(doc), NOT_A_PLACE, who="shipped")
    book = DatabaseOverrideBook(lambda: open_store("postgresql+psycopg://nobody:pw@127.0.0.1:1/none"), shipped)
    version, snapshot = book.current()  # the server starts with the database away: no exception
    assert [k[1] for k in snapshot.all_entries()] == ["tehran"] and version == (-1, -1)
    assert book.problem and "cannot be opened" in book.problem and "pw" not in book.problem
    with pytest.raises(CacheError, match="the database did not take it"):
        book.save(ARTICLE_ID, _tehran(doc), NOT_A_PLACE, who="editor e@example.com")
