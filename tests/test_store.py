"""The collections' database, on SQLite and on a real PostgreSQL server (conftest.database_url):
migrations, writing without duplicates or half-written articles, and the grouped reads a map of
a collection is drawn from."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from mapview.errors import InputError
from mapview.store.database import Filters, StoreError, StoreUnavailable, make_engine, migrate, open_store
from mapview.store.ingest import read_source, to_article
from mapview.store.models import ArticleRow, EventPlaceRow, MentionRow, PlaceRow
from mapview.store.rows import article_rows
from mapview.web.collection import claims

STORY = Path(__file__).parent / "story" / "caucasus.jsonl"


@pytest.fixture(scope="module")
def rows(geoparser):
    """The four articles of tests/story as database rows, parsed once."""
    return {item.meta["id"]: article_rows(geoparser.parse(to_article(item))) for item in read_source(STORY, [])}


@pytest.fixture
def store(database_url):
    return open_store(database_url)


def count(store, model) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_migrations_create_the_schema_and_run_again_as_a_no_op(database_url):
    engine = make_engine(database_url)
    migrate(engine)
    migrate(engine)
    tables = set(inspect(engine).get_table_names())
    assert {"collection", "article", "place", "mention", "event", "event_place", "alembic_version"} <= tables
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"


def test_an_article_written_twice_is_there_once_and_a_changed_one_is_replaced(store, rows, geoparser):
    store.write("story", [rows["arm-0913"]])
    mentions = count(store, MentionRow)
    store.write("story", [rows["arm-0913"]])
    assert count(store, ArticleRow) == 1 and count(store, MentionRow) == mentions
    # the same URL with a new text (an updated story) replaces the article and everything read from it
    item = read_source(STORY, [])[0]
    changed = replace(item, text=item.text.replace("Jermuk overnight", "Jermuk and Goris overnight"))
    store.write("story", [article_rows(geoparser.parse(to_article(changed)))])
    assert count(store, ArticleRow) == 1
    assert count(store, MentionRow) == mentions + 1
    with store.engine.connect() as conn:
        assert conn.execute(select(ArticleRow.text)).scalar_one() == changed.text
    # another collection holds its own copy
    store.write("other", [rows["arm-0913"]])
    assert count(store, ArticleRow) == 2
    assert store.collection_names() == ("other", "story")


def test_a_batch_is_written_whole_or_not_at_all(store, rows):
    broken = {
        **rows["aze-0913"],
        "events": [
            {**rows["aze-0913"]["events"][0], "places": [{"place_id": "nowhere:0", "role": "location", "text": "x"}]}
        ],
    }
    with pytest.raises(StoreError, match="refused the request") as raised:
        store.write("story", [rows["arm-0913"], broken])  # the second breaks a foreign key
    assert not isinstance(raised.value, StoreUnavailable)
    assert count(store, ArticleRow) == 0 and count(store, MentionRow) == 0


def test_writers_adding_the_same_places_at_once_do_not_collide(database_url, rows):
    stores = [open_store(database_url) for _ in range(2)]
    errors: list[BaseException] = []

    def write(store, key):
        try:
            store.write("story", [rows[key]])
        except BaseException as exc:  # pragma: no cover - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, k)) for s, k in zip(stores, ("arm-0913", "arm-0920"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert count(stores[0], ArticleRow) == 2
    with stores[0].engine.connect() as conn:
        jermuk = conn.execute(select(func.count()).select_from(PlaceRow).where(PlaceRow.name == "Jermuk")).scalar_one()
    assert jermuk == 1


def test_places_are_grouped_in_the_database_with_reports_and_outlets(store, rows):
    store.write("story", rows.values())
    info = store.info("story")
    assert (info.articles, info.outlets, info.first, info.last) == (4, 3, date(2022, 9, 13), date(2022, 9, 20))
    places = {p["name"]: p for p in store.places(Filters("story"))}
    # Jermuk: shelled on the 13th and fought over on the 13th and the 20th, all reported by Armenpress
    assert places["Jermuk"]["reports"] == 2 and places["Jermuk"]["outlets"] == 1
    assert places["Jermuk"]["events"] == 3
    assert (places["Jermuk"]["first"], places["Jermuk"]["last"]) == (date(2022, 9, 13), date(2022, 9, 20))
    assert dict(places["Jermuk"]["types"]) == {"armed_clash": 2, "shelling_strike": 1}
    # Kalbajar: both sides' accounts of the 13th
    assert places["Kalbajar District"]["outlets"] == 2
    # where events happened only: the dateline cities are where they were reported from, not events
    assert "Yerevan" not in places and "Baku" not in places and "Tehran" not in places


def test_filters_narrow_the_map_by_time_type_outlet_and_role(store, rows):
    store.write("story", rows.values())
    names = lambda f: {p["name"] for p in store.places(f)}
    assert names(Filters("story", start=date(2022, 9, 14))) == {"Jermuk"}
    assert names(Filters("story", end=date(2022, 9, 13))) >= {"Jermuk", "Kalbajar District", "Lachin District"}
    assert names(Filters("story", types=("shelling_strike",))) == {"Jermuk"}
    assert "Jermuk" not in names(Filters("story", outlets=("Trend",)))
    assert names(Filters("story", outlets=())) == set()
    everyone = names(Filters("story", roles=("location", "actor", "source", "mentioned")))
    assert {"Tehran", "Yerevan", "Baku", "Armenia", "Azerbaijan"} <= everyone
    assert store.totals(Filters("story", outlets=("Armenpress",)))[1:] == (2, 1)


def test_two_outlets_claims_on_one_day_sit_side_by_side(store, rows):
    store.write("story", rows.values())
    place_id = next(p["id"] for p in store.places(Filters("story")) if p["name"] == "Kalbajar District")
    accounts = store.accounts(Filters("story", place=place_id), per_place=50)[place_id]
    table = claims(accounts)
    killed = {(r["Day"], r["Outlet"], r["Fatalities claimed"]) for r in table if r["Fatalities claimed"]}
    assert ("2022-09-13", "Armenpress", "49 Armenian soldiers killed") in killed
    assert ("2022-09-13", "Trend", "Fifty Azerbaijani servicemen killed") in killed
    # grouped by day, then by outlet
    assert [(r["Day"], r["Outlet"]) for r in table] == sorted(((r["Day"], r["Outlet"]) for r in table), reverse=True)


def test_popups_get_the_latest_accounts_of_each_place(store, rows):
    store.write("story", rows.values())
    accounts = store.accounts(Filters("story"), per_place=1)
    jermuk = next(p["id"] for p in store.places(Filters("story")) if p["name"] == "Jermuk")
    assert len(accounts[jermuk]) == 1 and accounts[jermuk][0]["day"] == date(2022, 9, 20)


def test_the_timeline_counts_events_per_day_and_type_over_the_whole_span(store, rows):
    store.write("story", rows.values())
    narrow = Filters("story", start=date(2022, 9, 20), end=date(2022, 9, 20))
    days = {d for d, _, _ in store.timeline(narrow)}
    assert days == {date(2022, 9, 13), date(2022, 9, 20)}  # located events only; the window does not cut it
    per_day = {}
    for d, t, n in store.timeline(Filters("story")):
        per_day[d, t] = n
    assert per_day[date(2022, 9, 20), "armed_clash"] == 1


def test_an_event_without_its_own_day_is_dated_by_its_article(store, rows):
    store.write("story", [rows["aze-0913"]])
    from mapview.store.models import EventRow

    with store.engine.connect() as conn:
        bases = dict(conn.execute(select(EventRow.sentence, EventRow.day_basis)).all())
    assert bases[0] == "event" and bases[1] == "article"


def test_unknown_collections_and_bad_names_are_clear_errors(store):
    with pytest.raises(StoreError, match="no collection"):
        store.info("missing")
    with pytest.raises(InputError, match="letters, digits"):
        store.write("<script>", [{}])


def test_a_wrong_database_url_is_a_clear_error():
    with pytest.raises(StoreError, match="not a database URL"):
        open_store("not a url")
    with pytest.raises(StoreUnavailable, match="cannot be opened") as raised:
        open_store("postgresql+psycopg://nobody:secret-word@127.0.0.1:1/none")
    assert "secret-word" not in str(raised.value)


def test_deleting_an_article_takes_its_rows_with_it(store, rows):
    store.write("story", [rows["aze-0913"]])
    with store.engine.begin() as conn:
        conn.execute(ArticleRow.__table__.delete())
    assert count(store, MentionRow) == 0 and count(store, EventPlaceRow) == 0


def test_processes_opening_a_new_database_at_once_take_turns_at_the_migrations(database_url):
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as pool:
        pool.map(_migrate, [database_url] * 3)
    engine = make_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0002"


def _migrate(url: str) -> None:
    migrate(make_engine(url))


def test_a_database_of_the_first_version_is_upgraded_with_its_articles(database_url, rows):
    from alembic import command
    from alembic.config import Config

    engine = make_engine(database_url)
    config = Config()
    config.set_main_option("script_location", str(Path(migrate.__code__.co_filename).parent / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    assert "correction" not in inspect(engine).get_table_names()
    with engine.begin() as conn:  # an article written by the first version
        conn.execute(text("INSERT INTO collection (name, created) VALUES ('old', '2026-01-01 00:00:00')"))
        cid = conn.execute(text("SELECT id FROM collection")).scalar_one()
        conn.execute(
            text(
                "INSERT INTO article (collection_id, key, external_id, url, title, source, digest, text, "
                "ingested) VALUES (:c, 'k', 'a', '', '', 'Outlet', 'd', 'Fighting in Kyiv.', "
                "'2026-01-01 00:00:00')"
            ),
            {"c": cid},
        )
    store = open_store(database_url)  # every open migrates to the newest version
    assert "correction" in inspect(engine).get_table_names()
    assert store.info("old").articles == 1
